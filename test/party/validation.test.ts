import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventInputSchema } from "../../lib/data/events";
import { householdInputSchema, personInputSchema } from "../../lib/data/households";
import { claimInputSchema, potluckItemInputSchema } from "../../lib/data/potluck";
import { guestAnswersInputSchema, hostAnswerInputSchema } from "../../lib/data/rsvps";
import { fieldErrorsOf } from "../../lib/forms";
import { eventFields } from "./support";

function errorsOf(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  value: unknown,
): Record<string, string> {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, "expected a validation error");
  return fieldErrorsOf(result.error as never);
}

describe("event form validation", () => {
  it("accepts a complete event and trims text", () => {
    const parsed = eventInputSchema.parse(eventFields({ title: "  Annual Holiday Party  ", capacity: " 60 " }));
    assert.equal(parsed.title, "Annual Holiday Party");
    assert.equal(parsed.capacity, 60);
    assert.equal(parsed.status, "published");
  });

  it("treats an empty capacity and an empty deadline as none", () => {
    const parsed = eventInputSchema.parse(eventFields({ capacity: "", rsvpDeadline: "" }));
    assert.equal(parsed.capacity, null);
    assert.equal(parsed.rsvpDeadline, null);
  });

  it("accepts seconds from browsers that send them, and keeps minutes", () => {
    const fields = eventFields();
    const parsed = eventInputSchema.parse({ ...fields, startsAt: `${fields.startsAt}:00` });
    assert.equal(parsed.startsAt, fields.startsAt);
  });

  it("requires the end after the start", () => {
    const fields = eventFields();
    assert.deepEqual(errorsOf(eventInputSchema, { ...fields, endsAt: fields.startsAt }), {
      endsAt: "The party must end after it starts",
    });
  });

  it("requires the RSVP deadline before the start", () => {
    const fields = eventFields();
    assert.deepEqual(errorsOf(eventInputSchema, { ...fields, rsvpDeadline: fields.startsAt }), {
      rsvpDeadline: "The RSVP deadline must be before the party starts",
    });
  });

  it("reports an end before the start together with the other mistakes, not after they are fixed", () => {
    const fields = eventFields();
    const errors = errorsOf(eventInputSchema, {
      ...fields,
      locationName: "",
      capacity: "2.5",
      endsAt: "2020-01-01T10:00",
    });
    assert.deepEqual(Object.keys(errors).sort(), ["capacity", "endsAt", "locationName"]);
  });

  it("wants the capacity as a positive whole number", () => {
    for (const capacity of ["0", "-3", "1.5", "abc", "1e3", "100001"]) {
      const errors = errorsOf(eventInputSchema, eventFields({ capacity }));
      assert.ok(errors.capacity, `capacity ${capacity}`);
    }
    assert.match(errorsOf(eventInputSchema, eventFields({ capacity: "2.5" })).capacity!, /positive whole number/);
  });

  it("explains missing and impossible values next to their fields", () => {
    const errors = errorsOf(
      eventInputSchema,
      eventFields({ title: "   ", locationName: "", startsAt: "2026-02-30T10:00", timeZone: "Mars/Olympus" }),
    );
    assert.equal(errors.title, "Give the party a title");
    assert.equal(errors.locationName, "Say where the party is");
    assert.match(errors.startsAt!, /date and time/);
    assert.equal(errors.timeZone, "Choose a time zone from the list");
    assert.equal(errorsOf(eventInputSchema, eventFields({ startsAt: "" })).startsAt, "Enter the start date and time");
    assert.ok(errorsOf(eventInputSchema, eventFields({ status: "archived" as never })).status);
    assert.ok(errorsOf(eventInputSchema, eventFields({ title: "x".repeat(121) })).title);
  });

  it("refuses input that is not a string (a tampered form)", () => {
    assert.equal(eventInputSchema.safeParse({ ...eventFields(), capacity: 5 }).success, false);
    assert.equal(eventInputSchema.safeParse(null).success, false);
  });
});

describe("household and person validation", () => {
  it("needs a household name", () => {
    assert.deepEqual(errorsOf(householdInputSchema, { name: " ", address: "" }), {
      name: 'Give the household a name, like "The Garcias"',
    });
    assert.deepEqual(householdInputSchema.parse({ name: " The Garcias ", address: " 22 Elm St " }), {
      name: "The Garcias",
      address: "22 Elm St",
    });
  });

  const valid = {
    firstName: "Ann",
    lastName: "",
    email: "",
    phone: "",
    ageGroup: "adult",
    dietaryTags: [],
    dietaryNotes: "",
  };

  it("makes empty email and phone null, and lower-cases emails", () => {
    const parsed = personInputSchema.parse({ ...valid, email: " Ann@Example.COM ", phone: "" });
    assert.equal(parsed.email, "ann@example.com");
    assert.equal(parsed.phone, null);
  });

  it("rejects a bad email, a bad phone, an unknown age group and unknown dietary tags", () => {
    const errors = errorsOf(personInputSchema, {
      ...valid,
      firstName: "",
      email: "not-an-email",
      phone: "call me",
      ageGroup: "teen",
      dietaryTags: ["vegetarian", "carnivore"],
    });
    assert.equal(errors.firstName, "Enter a first name");
    assert.match(errors.email!, /valid email/);
    assert.match(errors.phone!, /phone number/);
    assert.equal(errors.ageGroup, "Choose adult or child");
    assert.equal(errors["dietaryTags.1"], "Choose dietary restrictions from the list");
  });

  it("keeps dietary tags once each, in a stable order", () => {
    const parsed = personInputSchema.parse({ ...valid, dietaryTags: ["vegan", "gluten-free", "vegan"] });
    assert.deepEqual(parsed.dietaryTags, ["vegan", "gluten-free"]);
  });

  it("keeps markup as plain text (it is escaped when shown, never interpreted)", () => {
    const xss = "<img src=x onerror=alert(1)>";
    assert.equal(personInputSchema.parse({ ...valid, firstName: xss }).firstName, xss);
  });
});

describe("potluck and answer validation", () => {
  it("wants a name, a category and a whole quantity from 1 to 100", () => {
    const errors = errorsOf(potluckItemInputSchema, { name: "", category: "snacks", quantity: "0", notes: "" });
    assert.deepEqual(Object.keys(errors).sort(), ["category", "name", "quantity"]);
    assert.equal(
      potluckItemInputSchema.parse({ name: "Pie", category: "dessert", quantity: "2", notes: "" }).quantity,
      2,
    );
    assert.ok(
      errorsOf(potluckItemInputSchema, { name: "Pie", category: "dessert", quantity: "101", notes: "" }).quantity,
    );
  });

  it("allows a claim of 0 (withdraw) but not a negative or fractional one", () => {
    assert.equal(claimInputSchema.parse({ itemId: "abcdefghijklmnop", quantity: "0" }).quantity, 0);
    for (const quantity of ["-1", "1.5", "", "x"])
      assert.ok(errorsOf(claimInputSchema, { itemId: "abcdefghijklmnop", quantity }).quantity);
    assert.ok(errorsOf(claimInputSchema, { itemId: "../etc", quantity: "1" }).itemId);
  });

  it("accepts only the three answers (or none) from guests, and no_reply from hosts", () => {
    const person = { personId: "abcdefghijklmnop", dietaryTags: [], dietaryNotes: "" };
    const other = { ...person, personId: "qrstuvwxyzabcdef" };
    assert.ok(
      guestAnswersInputSchema.safeParse({
        people: [
          { ...person, status: "" },
          { ...other, status: "maybe" },
        ],
        note: "",
      }).success,
    );
    assert.ok(guestAnswersInputSchema.safeParse({ people: [{ ...person, status: "maybe" }], note: "" }).success);
    assert.equal(
      guestAnswersInputSchema.safeParse({ people: [{ ...person, status: "yes" }], note: "" }).success,
      false,
    );
    assert.ok(errorsOf(guestAnswersInputSchema, { people: [], note: "x".repeat(1001) }).note);
    assert.ok(hostAnswerInputSchema.safeParse({ personId: "abcdefghijklmnop", status: "no_reply" }).success);
    assert.equal(hostAnswerInputSchema.safeParse({ personId: "abcdefghijklmnop", status: "" }).success, false);
  });

  it("asks for at least one answer: a form with nothing chosen is an error on the people, not a save", () => {
    const person = { personId: "abcdefghijklmnop", dietaryTags: [], dietaryNotes: "" };
    const other = { ...person, personId: "qrstuvwxyzabcdef" };
    const errors = errorsOf(guestAnswersInputSchema, {
      people: [
        { ...person, status: "" },
        { ...other, status: "" },
      ],
      note: "Hello",
    });
    assert.match(errors.people ?? "", /at least one person/);
    // A household without people on its invitation can still send its note.
    assert.ok(guestAnswersInputSchema.safeParse({ people: [], note: "Hello" }).success);
    assert.equal(hostAnswerInputSchema.safeParse({ personId: "abcdefghijklmnop", status: "" }).success, false);
  });
});
