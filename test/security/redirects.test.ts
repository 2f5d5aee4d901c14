import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loginPathFor, safeNextPath } from "../../lib/auth/paths";
import { HOSTILE_NEXT_VALUES, isOnSiteLocation } from "../support/hostile-redirects";

// Issue 13, item 1: `next=/..//evil.example/x` redirected a signed-in organizer to //evil.example/x, because
// the raw string was checked and the normalised one returned. The result is what must be checked.

describe("safeNextPath: what a `next` value may send the browser to", () => {
  it(`never yields a target off the site, for ${HOSTILE_NEXT_VALUES.length} hostile values`, () => {
    assert.ok(HOSTILE_NEXT_VALUES.length >= 15);
    for (const value of HOSTILE_NEXT_VALUES) {
      const target = safeNextPath(value);
      assert.ok(
        isOnSiteLocation(target, "https://parties.example.com"),
        `${JSON.stringify(value)} gave ${JSON.stringify(target)}`,
      );
      assert.equal(target, "/organizer", `${JSON.stringify(value)} falls back to the dashboard`);
    }
  });

  it("keeps same-site organizer paths with their query and hash", () => {
    assert.equal(safeNextPath("/organizer"), "/organizer");
    assert.equal(safeNextPath("/organizer/events?tab=rsvps&page=2"), "/organizer/events?tab=rsvps&page=2");
    assert.equal(safeNextPath("/organizer/events/42#guests"), "/organizer/events/42#guests");
    assert.equal(safeNextPath("/"), "/");
    // Harmless normalisation is kept: it still lands in the organizer area.
    assert.equal(safeNextPath("/organizer/events/../guests"), "/organizer/guests");
  });

  it("loginPathFor leaves out a return path that would not be followed", () => {
    assert.equal(loginPathFor("/organizer/events/42?x=1"), "/organizer/login?next=%2Forganizer%2Fevents%2F42%3Fx%3D1");
    assert.equal(loginPathFor("/..//evil.example/x"), "/organizer/login");
    assert.equal(loginPathFor("//evil.example"), "/organizer/login");
  });
});
