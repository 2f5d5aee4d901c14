import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import bcrypt from "bcryptjs";
import { INVALID_CREDENTIALS, logInWithThrottle } from "../../lib/auth/accounts";
import { getThrottle } from "../../lib/auth/services";
import { resetAuthServicesForTests } from "../support/auth-services";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { setStoreForTests } from "../../lib/storage";
import { StoreUnavailableError } from "../../lib/errors";
import { type AppStore } from "../../lib/storage/types";
import { fsStoreFactory, memoryStoreFactory, type StoreFactory, type StoreHandle } from "./support";

// Issue 13, item 3: the login throttle reserved an attempt before checking the password and gave it back only
// after a success, so 10 concurrent correct logins left 5 refused, and a store error (or a crash) between the
// reservation and its release left the attempt counted. Only failures that happened may count.

const PASSWORD = "correct horse battery";
const EMAIL = "concurrent@example.com";
const ADDRESS = "203.0.113.50";
let hash: string;

before(async () => {
  hash = await bcrypt.hash(PASSWORD, 12);
});

/** Every call touching an organizer record fails as an outage while `failing` is set. */
function flakyOrganizers(inner: AppStore): { store: AppStore; fail(on: boolean): void } {
  let failing = false;
  const touchesOrganizers = (args: unknown[]) =>
    args.some(
      (a) =>
        (typeof a === "string" && a.startsWith("organizer")) ||
        (Array.isArray(a) && a.some((k) => typeof k === "string" && k.startsWith("organizer"))),
    );
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (failing && touchesOrganizers(args))
          return Promise.reject(new StoreUnavailableError("test: organizer records unreachable"));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, fail: (on) => void (failing = on) };
}

function suite(name: string, factory: StoreFactory) {
  describe(`logInWithThrottle on the ${name} store`, { timeout: 120_000 }, () => {
    let handle: StoreHandle;
    let flaky: ReturnType<typeof flakyOrganizers>;
    beforeEach(async () => {
      handle = await factory();
      flaky = flakyOrganizers(handle.store);
      setStoreForTests(flaky.store);
      resetAuthServicesForTests();
      const created = await createOrganizerRepository(handle.store).create({
        email: EMAIL,
        firstName: "Con",
        lastName: "Current",
        passwordHash: hash,
      });
      assert.ok(created.ok);
    });
    afterEach(async () => {
      setStoreForTests(undefined);
      resetAuthServicesForTests();
      await handle.cleanup();
    });

    it("10 concurrent correct logins for one account all succeed, and nothing is counted", async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => logInWithThrottle(EMAIL, PASSWORD, ADDRESS)));
      assert.deepEqual(
        results.map((r) => (r.ok ? "ok" : r.message)),
        Array(10).fill("ok"),
      );
      assert.equal(await getThrottle().count("login", "email", EMAIL), 0);
      assert.equal(await getThrottle().count("login", "address", ADDRESS), 0);
    });

    it("a wrong password counts one failure, for the email and for the address", async () => {
      assert.deepEqual(await logInWithThrottle(EMAIL, "wrong password", ADDRESS), {
        ok: false,
        reason: "invalid-credentials",
        message: INVALID_CREDENTIALS,
      });
      assert.equal(await getThrottle().count("login", "email", EMAIL), 1);
      assert.equal(await getThrottle().count("login", "address", ADDRESS), 1);
    });

    it("a store error during a login leaves nothing counted", async () => {
      flaky.fail(true);
      await assert.rejects(logInWithThrottle(EMAIL, PASSWORD, ADDRESS), StoreUnavailableError);
      await assert.rejects(logInWithThrottle(EMAIL, "wrong password", ADDRESS), StoreUnavailableError);
      flaky.fail(false);
      assert.equal(await getThrottle().count("login", "email", EMAIL), 0);
      assert.equal(await getThrottle().count("login", "address", ADDRESS), 0);
      // And six correct logins later nothing has piled up either.
      for (let i = 0; i < 6; i++)
        assert.equal((await logInWithThrottle(EMAIL, PASSWORD, ADDRESS)).ok, true, `login ${i + 1}`);
    });
  });
}

suite("memory", memoryStoreFactory);
suite("fs", fsStoreFactory);

after(() => {
  setStoreForTests(undefined);
});
