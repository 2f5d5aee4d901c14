import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import {
  forgotPasswordSchema,
  passwordChangeSchema,
  profileSchema,
  resetPasswordSchema,
  signupSchema,
} from "../../lib/auth/account-schemas";
import { loginSchema } from "../../lib/auth/schemas";
import { eventInputSchema } from "../../lib/data/events";
import { householdInputSchema, personInputSchema } from "../../lib/data/households";
import { potluckItemInputSchema } from "../../lib/data/potluck";
import { guestAnswersInputSchema } from "../../lib/data/rsvps";
import { fieldErrorsOf } from "../../lib/forms";
import { eventFields } from "./support";

// Issue 13, item 8 (free text): every free-text field of every form has a length limit, and going over it gives
// a clear message next to that field (never a silent failure, a truncation or a 500). The potluck suggestion cap
// per household is the repositories' part of the item.

type Schema = z.ZodType;

interface Case {
  form: string;
  schema: Schema;
  valid: Record<string, unknown>;
  /** The field's path as fieldErrorsOf reports it ("people.0.dietaryNotes"). */
  field: string;
  /** Sets the field in a copy of `valid`. */
  set(input: Record<string, unknown>, value: string): Record<string, unknown>;
  limit: number;
  /** Counted in UTF-8 bytes (passwords: bcrypt's 72). */
  bytes?: boolean;
  message: RegExp;
}

const plain = (
  form: string,
  schema: Schema,
  valid: Record<string, unknown>,
  field: string,
  limit: number,
  message: RegExp,
  bytes = false,
): Case => ({
  form,
  schema,
  valid,
  field,
  set: (input, value) => ({ ...input, [field]: value }),
  limit,
  bytes,
  message,
});

const PASSWORD = "a sound new password";
const longEmail = (length: number) => `${"a".repeat(Math.max(1, length - "@example.com".length))}@example.com`;

const person = {
  firstName: "Ann",
  lastName: "Lee",
  email: "",
  phone: "",
  ageGroup: "adult",
  dietaryTags: [],
  dietaryNotes: "",
};
const personId = "p".repeat(21);
const answers = { people: [{ personId, status: "attending", dietaryTags: [], dietaryNotes: "" }], note: "" };

const CASES: Case[] = [
  plain("log-in", loginSchema, { email: "a@example.com", password: "x", rememberMe: true }, "email", 254, /too long/),
  plain(
    "log-in",
    loginSchema,
    { email: "a@example.com", password: "x", rememberMe: true },
    "password",
    72,
    /at most 72 bytes/,
    true,
  ),
  plain(
    "sign-up",
    signupSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", password: PASSWORD, confirmPassword: PASSWORD },
    "firstName",
    100,
    /at most 100 characters/,
  ),
  plain(
    "sign-up",
    signupSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", password: PASSWORD, confirmPassword: PASSWORD },
    "lastName",
    100,
    /at most 100 characters/,
  ),
  plain(
    "sign-up",
    signupSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", password: PASSWORD, confirmPassword: PASSWORD },
    "email",
    254,
    /too long/,
  ),
  {
    ...plain("sign-up", signupSchema, {}, "password", 72, /at most 72 bytes/, true),
    valid: { firstName: "A", lastName: "B", email: "a@example.com", password: PASSWORD, confirmPassword: PASSWORD },
    set: (input, value) => ({ ...input, password: value, confirmPassword: value }),
  },
  plain(
    "account",
    profileSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", currentPassword: "" },
    "firstName",
    100,
    /at most 100 characters/,
  ),
  plain(
    "account",
    profileSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", currentPassword: "" },
    "lastName",
    100,
    /at most 100 characters/,
  ),
  plain(
    "account",
    profileSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", currentPassword: "" },
    "email",
    254,
    /too long/,
  ),
  plain(
    "account",
    profileSchema,
    { firstName: "A", lastName: "B", email: "a@example.com", currentPassword: "" },
    "currentPassword",
    72,
    /not your current password/,
    true,
  ),
  plain(
    "password change",
    passwordChangeSchema,
    { currentPassword: "old", password: PASSWORD, confirmPassword: PASSWORD },
    "currentPassword",
    72,
    /not your current password/,
    true,
  ),
  {
    ...plain("password change", passwordChangeSchema, {}, "password", 72, /at most 72 bytes/, true),
    valid: { currentPassword: "old", password: PASSWORD, confirmPassword: PASSWORD },
    set: (input, value) => ({ ...input, password: value, confirmPassword: value }),
  },
  plain("forgot password", forgotPasswordSchema, { email: "a@example.com" }, "email", 254, /too long/),
  {
    ...plain("reset password", resetPasswordSchema, {}, "password", 72, /at most 72 bytes/, true),
    valid: { token: "t".repeat(43), password: PASSWORD, confirmPassword: PASSWORD },
    set: (input, value) => ({ ...input, password: value, confirmPassword: value }),
  },
  plain("event", eventInputSchema, eventFields(), "title", 120, /under 120 characters/),
  plain("event", eventInputSchema, eventFields(), "description", 4000, /under 4000 characters/),
  plain("event", eventInputSchema, eventFields(), "locationName", 200, /under 200 characters/),
  plain("event", eventInputSchema, eventFields(), "locationAddress", 300, /under 300 characters/),
  plain("household", householdInputSchema, { name: "The Lees", address: "" }, "name", 100, /under 100 characters/),
  plain("household", householdInputSchema, { name: "The Lees", address: "" }, "address", 300, /under 300 characters/),
  plain("person", personInputSchema, person, "firstName", 60, /under 60 characters/),
  plain("person", personInputSchema, person, "lastName", 60, /under 60 characters/),
  plain("person", personInputSchema, person, "email", 254, /too long/),
  plain("person", personInputSchema, person, "phone", 40, /under 40 characters/),
  plain("person", personInputSchema, person, "dietaryNotes", 300, /under 300 characters/),
  plain(
    "potluck item (organizer and guest)",
    potluckItemInputSchema,
    { name: "Pie", category: "dessert", quantity: "1", notes: "" },
    "name",
    100,
    /under 100 characters/,
  ),
  plain(
    "potluck item (organizer and guest)",
    potluckItemInputSchema,
    { name: "Pie", category: "dessert", quantity: "1", notes: "" },
    "notes",
    300,
    /under 300 characters/,
  ),
  plain("RSVP answers", guestAnswersInputSchema, answers, "note", 1000, /under 1000 characters/),
  {
    ...plain("RSVP answers", guestAnswersInputSchema, answers, "people.0.dietaryNotes", 300, /under 300 characters/),
    set: (input, value) => ({ ...input, people: [{ ...answers.people[0]!, dietaryNotes: value }] }),
  },
];

/** A value of exactly `length` characters (or UTF-8 bytes), valid for the field in every other respect. */
function valueOf(c: Case, length: number): string {
  if (c.message.source === "too long") return longEmail(length);
  if (c.field === "phone") return "5".repeat(length);
  return "x".repeat(length);
}

function errorAt(c: Case, value: string): string | undefined {
  const result = c.schema.safeParse(c.set(c.valid, value));
  return result.success ? undefined : fieldErrorsOf(result.error)[c.field];
}

describe("free-text limits on every form", () => {
  it("every valid base input parses (so the cases below test the field, not the rest)", () => {
    for (const c of CASES) {
      const result = c.schema.safeParse(c.set(c.valid, valueOf(c, 12)));
      assert.ok(result.success, `${c.form}: ${JSON.stringify(result.error?.issues)}`);
    }
  });

  for (const c of CASES) {
    it(`${c.form}: ${c.field} takes ${c.limit} ${c.bytes ? "bytes" : "characters"}, and one more gets a message next to it`, () => {
      if (c.message.source !== "too long") assert.equal(errorAt(c, valueOf(c, c.limit)), undefined, "at the limit");
      const message = errorAt(c, valueOf(c, c.limit + 1));
      assert.ok(message, "over the limit, an error on the field itself");
      assert.match(message, c.message);
      // Far over the limit (a tampered form), still the same clear message, never a crash.
      assert.match(errorAt(c, valueOf(c, c.limit * 50)) ?? "", c.message);
    });
  }

  it("the log-in form's hidden `next` never blocks a log-in: an over-long one is dropped, not an error nobody sees", () => {
    const parsed = loginSchema.safeParse({
      email: "a@example.com",
      password: "x",
      rememberMe: true,
      next: `/organizer/${"x".repeat(3000)}`,
    });
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(parsed.data.next, undefined);
    assert.equal(
      loginSchema.parse({ email: "a@example.com", password: "x", rememberMe: true, next: "/organizer/guests" }).next,
      "/organizer/guests",
    );
  });
});
