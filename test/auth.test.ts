import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { authenticateOrganizer } from "../lib/auth/login";
import { BCRYPT_COST, hashPassword, passwordTooLong, verifyPassword } from "../lib/auth/password";
import { loginSchema, safeNextPath } from "../lib/auth/schemas";
import { createOrganizerRepository } from "../lib/data/organizers";
import { createMemoryStore, setStoreForTests } from "../lib/storage";

const PASSWORD = "password123";
/** Exactly 72 bytes: the longest password bcrypt really uses. */
const LONGEST = "L".repeat(72);

describe("passwords", () => {
  let hash: string;
  let longestHash: string;

  before(async () => {
    [hash, longestHash] = await Promise.all([hashPassword(PASSWORD), hashPassword(LONGEST)]);
  });

  it("hashes with bcrypt at cost 12, salted", async () => {
    assert.equal(BCRYPT_COST, 12);
    assert.match(hash, /^\$2[aby]\$12\$/);
    assert.equal(bcrypt.getRounds(hash), 12);
    assert.notEqual(hash, await hashPassword(PASSWORD), "a fresh salt each time");
  });

  it("verifies the right password and refuses a wrong one", async () => {
    assert.equal(await verifyPassword(PASSWORD, hash), true);
    assert.equal(await verifyPassword("password124", hash), false);
    assert.equal(await verifyPassword("", hash), false);
  });

  it("refuses every password when there is no hash (unknown email)", async () => {
    assert.equal(await verifyPassword(PASSWORD, null), false);
    assert.equal(await verifyPassword("", null), false);
  });

  it("refuses passwords over 72 bytes even when their first 72 bytes are the stored password", async () => {
    assert.equal(await verifyPassword(LONGEST, longestHash), true, "72 bytes is allowed");
    const longer = `${LONGEST}anything`;
    assert.equal(await bcrypt.compare(longer, longestHash), true, "bcrypt alone would let it in");
    assert.equal(await verifyPassword(longer, longestHash), false);
    assert.equal(await verifyPassword(`${LONGEST}!`, longestHash), false);
  });

  it("counts bytes, not characters", async () => {
    assert.equal(passwordTooLong("é".repeat(36)), false, "72 bytes");
    assert.equal(passwordTooLong("é".repeat(37)), true, "74 bytes in 37 characters");
    await assert.rejects(hashPassword("é".repeat(37)), /72 bytes/);
  });
});

describe("login form validation", () => {
  const fieldErrors = (input: unknown) => {
    const result = loginSchema.safeParse(input);
    assert.equal(result.success, false, `accepted ${JSON.stringify(input)}`);
    return z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>;
  };
  const valid = { email: "john.smith@example.com", password: PASSWORD, rememberMe: true };

  it("accepts a valid login and trims the email", () => {
    const parsed = loginSchema.parse({ ...valid, email: "  john.smith@example.com ", next: "/organizer/events" });
    assert.equal(parsed.email, "john.smith@example.com");
    assert.equal(parsed.next, "/organizer/events");
  });

  it("explains a missing, blank, malformed or too long email next to the email field", () => {
    assert.deepEqual(fieldErrors({ ...valid, email: undefined }).email, ["Enter your email address"]);
    assert.deepEqual(fieldErrors({ ...valid, email: "   " }).email, ["Enter your email address"]);
    assert.deepEqual(fieldErrors({ ...valid, email: "john" }).email, [
      "Enter a valid email address, like name@example.com",
    ]);
    assert.deepEqual(fieldErrors({ ...valid, email: `${"a".repeat(250)}@example.com` }).email, [
      "That email address is too long",
    ]);
  });

  it("explains a missing or too long password next to the password field", () => {
    assert.deepEqual(fieldErrors({ ...valid, password: undefined }).password, ["Enter your password"]);
    assert.deepEqual(fieldErrors({ ...valid, password: "" }).password, ["Enter your password"]);
    assert.deepEqual(fieldErrors({ ...valid, password: "p".repeat(73) }).password, [
      "Passwords are at most 72 bytes long",
    ]);
    assert.deepEqual(fieldErrors({ ...valid, password: "é".repeat(37) }).password, [
      "Passwords are at most 72 bytes long",
    ]);
  });

  it("reports each field's problem at once and nothing for the valid ones", () => {
    const errors = fieldErrors({ email: "nope", password: "", rememberMe: false });
    assert.deepEqual(Object.keys(errors).sort(), ["email", "password"]);
  });
});

describe("safeNextPath", () => {
  it("keeps same-site paths with their query and hash", () => {
    assert.equal(safeNextPath("/organizer"), "/organizer");
    assert.equal(safeNextPath("/organizer/events?tab=rsvps&page=2"), "/organizer/events?tab=rsvps&page=2");
    assert.equal(safeNextPath("/organizer/events/42#guests"), "/organizer/events/42#guests");
    assert.equal(safeNextPath("/"), "/");
  });

  it("falls back for anything that could leave the site or loop back to the login", () => {
    const hostile = [
      null,
      undefined,
      "",
      "organizer",
      "//evil.com",
      "//evil.com/organizer",
      "https://evil.com",
      "http://evil.com/organizer",
      "javascript:alert(1)",
      "/\\evil.com",
      "/\\/evil.com",
      "/organizer\\..\\evil",
      "/\tevil.com",
      "/organizer\n/evil",
      "/organizer\u0000",
      "/\u001b[31m",
      "/organizer/login",
      "/organizer/login?next=/organizer",
      "/organizer/login/",
      "/organizer/./login",
      "/a/../organizer/login",
    ];
    for (const next of hostile) {
      assert.equal(safeNextPath(next), "/organizer", JSON.stringify(next));
    }
    assert.equal(safeNextPath("//evil.com", "/"), "/", "the fallback is the caller's");
  });
});

describe("authenticateOrganizer", () => {
  let organizerId: string;

  before(async () => {
    const store = createMemoryStore();
    setStoreForTests(store);
    const created = await createOrganizerRepository(store).create({
      email: "John.Smith@Example.com",
      firstName: "John",
      lastName: "Smith",
      passwordHash: await hashPassword(PASSWORD),
    });
    assert.ok(created.ok);
    organizerId = created.organizer.id;
  });

  after(() => setStoreForTests(undefined));

  it("returns the organizer for the right email (any case) and password", async () => {
    assert.equal((await authenticateOrganizer("john.smith@example.com", PASSWORD))?.id, organizerId);
    assert.equal((await authenticateOrganizer("JOHN.SMITH@example.COM", PASSWORD))?.id, organizerId);
  });

  it("returns null for an unknown email", async () => {
    assert.equal(await authenticateOrganizer("nobody@example.com", PASSWORD), null);
  });

  it("returns null for a wrong password", async () => {
    assert.equal(await authenticateOrganizer("john.smith@example.com", "password1234"), null);
    assert.equal(await authenticateOrganizer("john.smith@example.com", `${PASSWORD}${"x".repeat(80)}`), null);
  });
});
