import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createPasswordResets, hashResetToken, resetKey, RESET_TOKEN_TTL_MS } from "../../lib/auth/password-reset";
import { createOrganizerRepository, type Organizer } from "../../lib/data/organizers";
import { manualClock, MINUTE, type StoreFactory, type StoreHandle } from "./support";

const OLD_HASH = "$2b$12$abcdefghijklmnopqrstuuJ0x1Qz9kq6rIu8S0m1XyTq2oN3vYw7G";
const NEW_HASH = "$2b$12$zyxwvutsrqponmlkjihgfeJ0x1Qz9kq6rIu8S0m1XyTq2oN3vYw7G";
const OTHER_HASH = "$2b$12$0000000000000000000000J0x1Qz9kq6rIu8S0m1XyTq2oN3vYw7G";

export function resetSuite(name: string, factory: StoreFactory) {
  describe(`password reset tokens on ${name}`, () => {
    let handle: StoreHandle;
    let clock: ReturnType<typeof manualClock>;
    let organizer: Organizer;
    let resets: ReturnType<typeof createPasswordResets>;
    let organizers: ReturnType<typeof createOrganizerRepository>;

    beforeEach(async () => {
      handle = await factory();
      clock = manualClock();
      organizers = createOrganizerRepository(handle.store);
      const created = await organizers.create({
        email: "reset@example.com",
        firstName: "Re",
        lastName: "Set",
        passwordHash: OLD_HASH,
      });
      assert.ok(created.ok);
      organizer = created.organizer;
      resets = createPasswordResets({ store: handle.store, organizers, clock });
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it("stores only the token's hash", async () => {
      const { token, expiresAt } = await resets.issue(organizer);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(expiresAt, clock.now() + RESET_TOKEN_TTL_MS);
      const keys = await handle.store.listKeys("password-resets");
      assert.deepEqual(keys, [resetKey(hashResetToken(token))]);
      assert.ok(!keys[0]!.includes(token));
      const stored = JSON.stringify(await handle.store.get(keys[0]!));
      assert.ok(!stored.includes(token));
      assert.ok(!stored.includes(OLD_HASH), "not even the password hash itself, only a fingerprint");
    });

    it("works once: the first redemption sets the password, the second gets nothing", async () => {
      const { token } = await resets.issue(organizer);
      assert.equal((await resets.peek(token))?.id, organizer.id);
      assert.equal((await resets.peek(token))?.id, organizer.id, "looking does not use it up");
      const redeemed = await resets.redeem(token, NEW_HASH);
      assert.equal(redeemed?.passwordHash, NEW_HASH);
      assert.equal((await organizers.findById(organizer.id))?.passwordHash, NEW_HASH);
      assert.equal(await resets.peek(token), null);
      assert.equal(await resets.redeem(token, OTHER_HASH), null);
      assert.equal((await organizers.findById(organizer.id))?.passwordHash, NEW_HASH);
    });

    it("of concurrent redemptions of one token, exactly one succeeds", async () => {
      const { token } = await resets.issue(organizer);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => resets.redeem(token, i === 0 ? NEW_HASH : OTHER_HASH)),
      );
      assert.equal(results.filter((r) => r !== null).length, 1);
    });

    it("expires after 30 minutes", async () => {
      const { token } = await resets.issue(organizer);
      clock.advance(30 * MINUTE - 1);
      assert.ok(await resets.peek(token));
      clock.advance(1);
      assert.equal(await resets.peek(token), null);
      assert.equal(await resets.redeem(token, NEW_HASH), null);
      assert.equal((await organizers.findById(organizer.id))?.passwordHash, OLD_HASH);
    });

    it("dies when the password changes by any other way", async () => {
      const first = await resets.issue(organizer);
      const second = await resets.issue(organizer);
      assert.ok(await resets.redeem(first.token, NEW_HASH));
      assert.equal(await resets.redeem(second.token, OTHER_HASH), null, "the other outstanding link is dead");
      const third = await resets.issue((await organizers.findById(organizer.id))!);
      await organizers.setPasswordHash(organizer.id, OTHER_HASH); // changed on the account page
      assert.equal(await resets.peek(third.token), null);
    });

    it("refuses malformed and unknown tokens, and prunes expired records", async () => {
      for (const token of ["", "short", "../../etc/passwd", "x".repeat(43), "a".repeat(200)]) {
        assert.equal(await resets.peek(token), null);
        assert.equal(await resets.redeem(token, NEW_HASH), null);
      }
      await resets.issue(organizer);
      assert.equal(await resets.pruneExpired(), 0);
      clock.advance(31 * MINUTE);
      assert.equal(await resets.pruneExpired(), 1);
      assert.deepEqual(await handle.store.listKeys("password-resets"), []);
    });
  });
}
