import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { hashToken } from "../../lib/tokens";
import { createOrganizerRepository, type Organizer } from "../../lib/data/organizers";
import {
  createEmailVerifications,
  createSignInLinks,
  redeemSignInLink,
  redeemVerificationLink,
  SIGN_IN_LINK_TTL_MS,
  VERIFICATION_LINK_TTL_MS,
} from "../../lib/auth/sign-in-links";
import { manualClock, MINUTE, type StoreFactory, type StoreHandle } from "./support";

const HASH = "$2b$12$abcdefghijklmnopqrstuuJ0x1Qz9kq6rIu8S0m1XyTq2oN3vYw7G";
const NONCE_HASH = hashToken("this-browser-nonce");
const OTHER_NONCE_HASH = hashToken("another-browser-nonce");

/** Sign-in and verification links (issue 18): hashed at rest, single use under concurrency, expiring. */
export function emailLinksSuite(name: string, factory: StoreFactory) {
  describe(`mailed one-time links on ${name}`, () => {
    let handle: StoreHandle;
    let clock: ReturnType<typeof manualClock>;
    let organizer: Organizer;
    let organizers: ReturnType<typeof createOrganizerRepository>;

    beforeEach(async () => {
      handle = await factory();
      clock = manualClock();
      organizers = createOrganizerRepository(handle.store);
      const created = await organizers.create({
        email: "Link.Person@example.com",
        firstName: "Link",
        lastName: "Person",
        passwordHash: HASH,
      });
      assert.ok(created.ok);
      organizer = created.organizer;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    const issueSignIn = (links: ReturnType<typeof createSignInLinks>, rememberMe = true) =>
      links.issue({ organizerId: organizer.id, email: organizer.email, nonceHash: NONCE_HASH, rememberMe });

    it("stores only the token's hash, and the record expires 15 minutes after it was issued", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token, expiresAt } = await issueSignIn(links);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(expiresAt, clock.now() + SIGN_IN_LINK_TTL_MS);
      const keys = await handle.store.listKeys("sign-in-links");
      assert.deepEqual(keys, [`sign-in-links:${hashToken(token)}`]);
      const stored = JSON.stringify(await handle.store.get(keys[0]!));
      assert.ok(!keys[0]!.includes(token) && !stored.includes(token), "the token itself is nowhere in the store");
    });

    it("signs in once, in the browser that asked, with its 'Keep me signed in' choice", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token } = await issueSignIn(links, false);
      const first = await redeemSignInLink(links, organizers, token, NONCE_HASH);
      assert.ok(first.ok);
      assert.equal(first.organizer.id, organizer.id);
      assert.equal(first.rememberMe, false);
      assert.deepEqual(await redeemSignInLink(links, organizers, token, NONCE_HASH), { ok: false, reason: "used" });
    });

    it("refuses another browser (or none) without using the link up", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token } = await issueSignIn(links);
      assert.deepEqual(await redeemSignInLink(links, organizers, token, OTHER_NONCE_HASH), {
        ok: false,
        reason: "other-browser",
      });
      assert.deepEqual(await redeemSignInLink(links, organizers, token, null), { ok: false, reason: "other-browser" });
      assert.ok((await redeemSignInLink(links, organizers, token, NONCE_HASH)).ok, "still works where it was asked");
    });

    it("is expired at 15 minutes (and says so, rather than 'used'); a malformed token is invalid", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token } = await issueSignIn(links);
      clock.advance(SIGN_IN_LINK_TTL_MS - 1);
      assert.ok((await links.peek(token)).ok);
      clock.advance(1);
      assert.deepEqual(await redeemSignInLink(links, organizers, token, NONCE_HASH), { ok: false, reason: "expired" });
      assert.deepEqual(await redeemSignInLink(links, organizers, "not-a-token", NONCE_HASH), {
        ok: false,
        reason: "invalid",
      });
    });

    it("of 20 concurrent uses of one link exactly one signs in", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token } = await issueSignIn(links);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => redeemSignInLink(links, organizers, token, NONCE_HASH)),
      );
      assert.equal(outcomes.filter((o) => o.ok).length, 1);
      assert.ok(outcomes.every((o) => o.ok || o.reason === "used"));
    });

    it("does not sign in once the account's address changed", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      const { token } = await issueSignIn(links);
      assert.ok((await organizers.changeEmail(organizer.id, "moved@example.com")).ok);
      assert.deepEqual(await redeemSignInLink(links, organizers, token, NONCE_HASH), { ok: false, reason: "invalid" });
    });

    it("verification: verifies the address once, expires after 24 hours, and an email change clears it", async () => {
      const verifications = createEmailVerifications({ store: handle.store, clock });
      const { token } = await verifications.issue({ organizerId: organizer.id, email: organizer.email });
      assert.ok(!JSON.stringify(await handle.store.get(`email-verifications:${hashToken(token)}`)).includes(token));
      assert.equal((await organizers.findById(organizer.id))?.emailVerifiedAt, null);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => redeemVerificationLink(verifications, organizers, token, clock.now())),
      );
      assert.equal(outcomes.filter((o) => o === "verified").length, 1);
      assert.ok(outcomes.every((o) => o === "verified" || o === "used"));
      assert.equal((await organizers.findById(organizer.id))?.emailVerifiedAt, clock.now());

      assert.ok((await organizers.changeEmail(organizer.id, "new.address@example.com")).ok);
      assert.equal((await organizers.findById(organizer.id))?.emailVerifiedAt, null, "a new address is unproved");

      const late = await verifications.issue({ organizerId: organizer.id, email: "new.address@example.com" });
      clock.advance(VERIFICATION_LINK_TTL_MS);
      assert.equal(await redeemVerificationLink(verifications, organizers, late.token, clock.now()), "expired");
      assert.equal((await organizers.findById(organizer.id))?.emailVerifiedAt, null);
    });

    it("verification: a link for an address the account no longer uses verifies nothing", async () => {
      const verifications = createEmailVerifications({ store: handle.store, clock });
      const { token } = await verifications.issue({ organizerId: organizer.id, email: organizer.email });
      assert.ok((await organizers.changeEmail(organizer.id, "other@example.com")).ok);
      assert.equal(await redeemVerificationLink(verifications, organizers, token, clock.now()), "changed");
      assert.equal((await organizers.findById(organizer.id))?.emailVerifiedAt, null);
    });

    it("the sweep removes records an hour past their expiry, and keeps live ones", async () => {
      const links = createSignInLinks({ store: handle.store, clock });
      await issueSignIn(links);
      clock.advance(SIGN_IN_LINK_TTL_MS + 30 * MINUTE);
      assert.equal(await links.pruneExpired(), 0, "kept a while, to tell 'expired' from 'used'");
      await issueSignIn(links);
      clock.advance(31 * MINUTE);
      assert.equal(await links.pruneExpired(), 1);
      assert.equal((await handle.store.listKeys("sign-in-links")).length, 1);
    });
  });
}
