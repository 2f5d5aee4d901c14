import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import { profileSchema, signupSchema } from "../../lib/auth/account-schemas";
import { eventInputSchema } from "../../lib/data/events";
import { householdInputSchema, personInputSchema } from "../../lib/data/households";
import { potluckItemInputSchema } from "../../lib/data/potluck";
import { guestAnswersInputSchema, personAnswerInputSchema } from "../../lib/data/rsvps";
import { eventFields } from "./support";

// Issue 13 item 8: every free-text field a person can type into has a length limit, and going past it gives a
// clear message next to that field (never a crash, never a silently cut text).

const person = {
  firstName: "Ann",
  lastName: "",
  email: "",
  phone: "",
  ageGroup: "adult",
  dietaryTags: [],
  dietaryNotes: "",
};
const item = { name: "Pie", category: "dessert", quantity: "1", notes: "" };
const signup = {
  firstName: "Ann",
  lastName: "Lee",
  email: "ann@example.com",
  password: "a long enough password 42",
  confirmPassword: "a long enough password 42",
};

const FIELDS: [string, z.ZodType, Record<string, unknown>, string, number][] = [
  ["event title", eventInputSchema, eventFields(), "title", 120],
  ["event description", eventInputSchema, eventFields(), "description", 4000],
  ["event place", eventInputSchema, eventFields(), "locationName", 200],
  ["event address", eventInputSchema, eventFields(), "locationAddress", 300],
  ["household name", householdInputSchema, { name: "The Lees", address: "" }, "name", 100],
  ["household address", householdInputSchema, { name: "The Lees", address: "" }, "address", 300],
  ["first name", personInputSchema, person, "firstName", 60],
  ["last name", personInputSchema, person, "lastName", 60],
  ["email", personInputSchema, person, "email", 254],
  ["phone", personInputSchema, person, "phone", 40],
  ["dietary notes", personInputSchema, person, "dietaryNotes", 300],
  ["potluck item name", potluckItemInputSchema, item, "name", 100],
  ["potluck item notes", potluckItemInputSchema, item, "notes", 300],
  ["a guest's note to the host", guestAnswersInputSchema, { people: [], note: "" }, "note", 1000],
  [
    "a guest's dietary notes",
    personAnswerInputSchema,
    { personId: "Person000001", status: "attending", dietaryTags: [], dietaryNotes: "" },
    "dietaryNotes",
    300,
  ],
  ["organizer first name", signupSchema, signup, "firstName", 100],
  [
    "organizer last name",
    profileSchema,
    { firstName: "Ann", lastName: "Lee", email: "ann@example.com", currentPassword: "" },
    "lastName",
    100,
  ],
];

describe("free-text length limits", () => {
  for (const [label, schema, valid, field, max] of FIELDS) {
    it(`${label}: ${max} characters pass, ${max + 1} get a clear message on the field`, () => {
      const fill = (n: number) =>
        field === "email" ? `${"a".repeat(n - 12)}@example.com` : field === "phone" ? "1".repeat(n) : "x".repeat(n);
      assert.ok(schema.safeParse(valid).success, `${label}: the base input is valid`);
      assert.ok(schema.safeParse({ ...valid, [field]: fill(max) }).success, `${label}: ${max} characters are accepted`);
      const over = schema.safeParse({ ...valid, [field]: fill(max + 1) });
      assert.equal(over.success, false, `${label}: ${max + 1} characters are refused`);
      const issue = over.error.issues.find((i) => i.path[0] === field);
      assert.ok(issue, `${label}: the message is on the ${field} field`);
      assert.match(
        issue.message,
        /under|at most|too long/i,
        `${label}: "${issue.message}" says what the limit is about`,
      );
    });
  }
});
