import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createOrganizerRepository } from "../../lib/data/organizers";
import type { StoreFactory, StoreHandle } from "./support";

// A fixed bcrypt-shaped string: hashing is not what these tests are about, and 12-cost hashes are slow.
const HASH = "$2b$12$abcdefghijklmnopqrstuuJ0x1Qz9kq6rIu8S0m1XyTq2oN3vYw7G";
const person = (email: string, firstName = "Racer") => ({ email, firstName, lastName: "Test", passwordHash: HASH });

export function emailUniquenessSuite(name: string, factory: StoreFactory) {
  describe(`email uniqueness on ${name}`, () => {
    let handle: StoreHandle;
    beforeEach(async () => {
      handle = await factory();
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it("of 20 racing sign-ups with one email (in different cases), exactly one wins", async () => {
      const repo = createOrganizerRepository(handle.store);
      const variants = ["ho@example.com", "HO@example.com", "Ho@Example.com", " ho@example.com "];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => repo.create(person(variants[i % variants.length]!, `R${i}`))),
      );
      const winners = results.filter((r) => r.ok);
      assert.equal(winners.length, 1);
      assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "email-taken"));
      const found = await repo.findByEmail("HO@EXAMPLE.COM");
      assert.equal(found?.id, winners[0]!.ok ? winners[0]!.organizer.id : undefined);
      if (handle.dataDir) {
        // Losers wrote nothing: only the winner's record exists.
        assert.deepEqual(await handle.store.listKeys("organizers"), [`organizers:${found!.id}`]);
      }
    });

    it("an email change racing a sign-up for the same address: exactly one gets it", async () => {
      const repo = createOrganizerRepository(handle.store);
      const existing = await repo.create(person("first@example.com"));
      assert.ok(existing.ok);
      const [moved, signedUp] = await Promise.all([
        repo.changeEmail(existing.organizer.id, "wanted@example.com"),
        repo.create(person("Wanted@example.com")),
      ]);
      assert.equal(Number(moved.ok) + Number(signedUp.ok), 1);
      const holder = await repo.findByEmail("wanted@example.com");
      assert.equal(holder?.id, moved.ok ? existing.organizer.id : signedUp.ok ? signedUp.organizer.id : "none");
    });

    it("two organizers moving to one email: one succeeds, the other keeps their address", async () => {
      const repo = createOrganizerRepository(handle.store);
      const a = await repo.create(person("a@example.com"));
      const b = await repo.create(person("b@example.com"));
      assert.ok(a.ok && b.ok);
      const results = await Promise.all([
        repo.changeEmail(a.organizer.id, "c@example.com"),
        repo.changeEmail(b.organizer.id, "C@example.com"),
      ]);
      assert.equal(results.filter((r) => r.ok).length, 1);
      const loser = results[0].ok ? b.organizer : a.organizer;
      assert.equal((await repo.findByEmail(loser.email))?.id, loser.id);
      assert.equal((await repo.findById(loser.id))?.email, loser.email);
    });

    it("an email change frees the old address and keeps the organizer's other data", async () => {
      const repo = createOrganizerRepository(handle.store);
      const created = await repo.create(person("old@example.com", "Olga"));
      assert.ok(created.ok);
      const moved = await repo.changeEmail(created.organizer.id, "New@Example.com");
      assert.ok(moved.ok);
      assert.equal(moved.organizer.email, "new@example.com");
      assert.equal(moved.organizer.firstName, "Olga");
      assert.equal(moved.organizer.passwordHash, HASH);
      assert.equal(await repo.findByEmail("old@example.com"), null);
      assert.equal((await repo.findByEmail("new@example.com"))?.id, created.organizer.id);
      const reused = await repo.create(person("old@example.com"));
      assert.ok(reused.ok, "the old address is free for a new account");
    });

    it("a stale index entry (a crash between writes) does not block the email forever", async () => {
      const repo = createOrganizerRepository(handle.store);
      const created = await repo.create(person("crash@example.com"));
      assert.ok(created.ok);
      // The organizer record vanished but its index entry stayed behind.
      await handle.store.remove(`organizers:${created.organizer.id}`);
      const again = await repo.create(person("crash@example.com"));
      assert.ok(again.ok);
      assert.equal((await repo.findByEmail("crash@example.com"))?.id, again.organizer.id);
    });

    it("concurrent name and password updates are both kept", async () => {
      const repo = createOrganizerRepository(handle.store);
      const created = await repo.create(person("both@example.com"));
      assert.ok(created.ok);
      const newHash = HASH.replace("abc", "xyz");
      await Promise.all([
        repo.updateName(created.organizer.id, { firstName: "Renamed", lastName: "Person" }),
        repo.setPasswordHash(created.organizer.id, newHash),
      ]);
      const after = await repo.findById(created.organizer.id);
      assert.equal(after?.firstName, "Renamed");
      assert.equal(after?.passwordHash, newHash);
      // A conditional write for a password that is no longer current changes nothing.
      assert.equal(await repo.setPasswordHash(created.organizer.id, HASH, { expectedHash: HASH }), null);
      assert.equal((await repo.findById(created.organizer.id))?.passwordHash, newHash);
    });
  });
}
