import assert from "node:assert/strict";
import { it } from "node:test";
import { StoreUnavailableError } from "../../lib/errors";

it("recognises a StoreUnavailableError from another copy of its module (Next bundles it several times)", async () => {
  // A second, independent evaluation of the module, as in a separate Next bundle.
  const copy = (await import(`../../lib/errors/index.ts?copy=${Date.now()}`)) as typeof import("../../lib/errors");
  assert.notEqual(copy.StoreUnavailableError, StoreUnavailableError, "really a second copy of the class");
  const foreign = new copy.StoreUnavailableError("down");
  assert.ok(foreign instanceof StoreUnavailableError);
  assert.ok(new StoreUnavailableError("down") instanceof copy.StoreUnavailableError);
  assert.ok(!(new Error("other") instanceof StoreUnavailableError));
  assert.ok(!((null as unknown as object) instanceof StoreUnavailableError));
  assert.ok(!({ name: "StoreUnavailableError" } instanceof StoreUnavailableError));
});

it("counts a busy store (a lock that stayed taken) as trouble to answer with 'try again', like an outage", async () => {
  const { isStoreTrouble, StoreBusyError } = await import("../../lib/errors");
  const copy = (await import(`../../lib/errors/index.ts?busy=${Date.now()}`)) as typeof import("../../lib/errors");
  assert.ok(isStoreTrouble(new StoreBusyError("lock taken")));
  assert.ok(isStoreTrouble(new copy.StoreBusyError("lock taken, other bundle")));
  assert.ok(isStoreTrouble(new copy.StoreUnavailableError("down, other bundle")));
  assert.ok(!isStoreTrouble(new Error("a bug")));
  assert.ok(!(new StoreBusyError("busy") instanceof StoreUnavailableError), "busy is never reported as an outage");
});
