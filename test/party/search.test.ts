import assert from "node:assert/strict";
import { test } from "node:test";
import { householdMatches, searchFold } from "../../lib/data/households";

const person = (firstName: string, lastName: string) => ({
  id: "p",
  firstName,
  lastName,
  ageGroup: "adult" as const,
  email: "",
  phone: "",
  dietaryTags: [],
  dietaryNotes: "",
});

test("guest search ignores accents and case: 'muller' finds Müller, 'jose' finds José", () => {
  assert.equal(searchFold("Müller"), "muller");
  assert.ok(householdMatches({ name: "The Müllers", people: [] }, "muller"));
  assert.ok(householdMatches({ name: "Garcia", people: [person("José", "García")] }, "JOSE garcia"));
  assert.ok(householdMatches({ name: "Plain", people: [] }, "plaín"));
  assert.ok(!householdMatches({ name: "The Millers", people: [] }, "muller"));
});
