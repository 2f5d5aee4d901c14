import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { newPasswordField, passwordChangeSchema, signupSchema } from "../../lib/auth/account-schemas";
import { isCommonPassword, loadCommonPasswords } from "../../lib/auth/common-passwords";

const valid = {
  firstName: "Ada",
  lastName: "Lovelace",
  email: "  Ada@Example.com ",
  password: "sleigh-bells-on-the-roof",
  confirmPassword: "sleigh-bells-on-the-roof",
};

function errorsOf(input: unknown): Record<string, string> {
  const result = signupSchema.safeParse(input);
  assert.equal(result.success, false, "expected the input to be refused");
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}

describe("the common-password list", () => {
  it("ships exactly 1,000 distinct lower-case entries", () => {
    const lines = readFileSync("lib/auth/common-passwords.txt", "utf8")
      .split("\n")
      .filter((l) => l.length > 0);
    assert.equal(lines.length, 1000);
    assert.equal(new Set(lines).size, 1000);
    for (const line of lines) assert.equal(line, line.toLowerCase().trim());
    assert.equal(loadCommonPasswords().size, 1000);
  });

  it("recognises common passwords whatever their case, and not uncommon ones", () => {
    for (const p of [
      "password",
      "123456",
      "qwertyuiop",
      "Password123",
      "PASSWORD1234",
      "1234567890",
      " iloveyou123 ",
    ]) {
      assert.equal(isCommonPassword(p), true, p);
    }
    for (const p of ["sleigh-bells-on-the-roof", "correct horse battery staple", "q8#Lm2!vR0pZ"]) {
      assert.equal(isCommonPassword(p), false, p);
    }
  });
});

describe("sign-up validation", () => {
  it("accepts a valid sign-up and normalises names and email", () => {
    const parsed = signupSchema.parse({ ...valid, firstName: "  Ada " });
    assert.equal(parsed.firstName, "Ada");
    assert.equal(parsed.email, "Ada@Example.com");
  });

  it("requires every field but the last name, with a message per field", () => {
    const errors = errorsOf({ firstName: "", lastName: " ", email: "", password: "", confirmPassword: "" });
    assert.deepEqual(Object.keys(errors).sort(), ["confirmPassword", "email", "firstName", "password"]);
    assert.equal(errors.firstName, "Enter your first name");
    assert.equal(errors.password, "Choose a password");
  });

  it("accepts an empty last name (people who go by one name), trimmed to nothing", () => {
    const parsed = signupSchema.safeParse({ ...valid, lastName: "  " });
    assert.ok(parsed.success);
    assert.equal(parsed.data.lastName, "");
  });

  it("refuses passwords shorter than 10 characters", () => {
    assert.equal(
      errorsOf({ ...valid, password: "abcdefghi", confirmPassword: "abcdefghi" }).password,
      "Use at least 10 characters",
    );
    assert.equal(newPasswordField.safeParse("abcdefgh1x").success, true);
  });

  it("refuses passwords over 72 bytes, counting bytes rather than characters", () => {
    const ascii = "x".repeat(73);
    assert.match(errorsOf({ ...valid, password: ascii, confirmPassword: ascii }).password!, /at most 72 bytes/);
    // 20 snowmen are 20 characters but 60 bytes: fine. 25 are 75 bytes: refused.
    assert.equal(newPasswordField.safeParse("☃".repeat(20)).success, true);
    assert.equal(newPasswordField.safeParse("☃".repeat(25)).success, false);
  });

  it("refuses one of the common passwords, in any case", () => {
    for (const p of ["1234567890", "Password123", "QWERTYUIOP"]) {
      assert.match(errorsOf({ ...valid, password: p, confirmPassword: p }).password!, /most common passwords/);
    }
  });

  it("refuses a confirmation that differs, on the confirmation field", () => {
    assert.equal(
      errorsOf({ ...valid, confirmPassword: "sleigh-bells-on-the-roog" }).confirmPassword,
      "The two passwords do not match",
    );
  });

  it("refuses invalid or oversized emails and control characters in names", () => {
    assert.match(errorsOf({ ...valid, email: "not-an-email" }).email!, /valid email/);
    assert.match(errorsOf({ ...valid, email: `${"a".repeat(250)}@example.com` }).email!, /too long/);
    assert.match(errorsOf({ ...valid, lastName: "Love\u0000lace" }).lastName!, /not allowed/);
    assert.match(errorsOf({ ...valid, firstName: "A".repeat(101) }).firstName!, /at most 100/);
  });

  it("applies the same rules to a password change", () => {
    const result = passwordChangeSchema.safeParse({
      currentPassword: "old",
      password: "password123",
      confirmPassword: "password123",
    });
    assert.equal(result.success, false);
    assert.match(result.error.issues[0]!.message, /most common/);
  });
});
