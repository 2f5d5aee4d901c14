import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { guestAnswersInputSchema, PLUS_ONE_NAME_MESSAGE, PLUS_ONES_NEED_ATTENDING_MESSAGE } from "../../lib/data/rsvps";
import { fieldErrorsOf } from "../../lib/forms";

const PERSON = "personAAAAAAAAAA";

function parse(
  status: string,
  plusOnes: { id?: string; name: string; dietaryTags?: string[]; dietaryNotes?: string }[],
) {
  return guestAnswersInputSchema.safeParse({
    people: [{ personId: PERSON, status, dietaryTags: [], dietaryNotes: "" }],
    plusOnes: plusOnes.map((p) => ({ id: "", dietaryTags: [], dietaryNotes: "", ...p })),
    note: "",
  });
}

describe("the plus-one fields of the RSVP form", () => {
  it("drops empty rows and trims names", () => {
    const parsed = parse("attending", [{ name: "  Sam  " }, { name: "" }, { name: "   " }]);
    assert.ok(parsed.success);
    assert.deepEqual(
      parsed.data.plusOnes.map((p) => p.name),
      ["Sam"],
    );
  });

  it("asks for a name when a row has dietary needs but no name, next to that row's name field", () => {
    const parsed = parse("attending", [{ name: "Sam" }, { name: "", dietaryTags: ["vegan"] }]);
    assert.ok(!parsed.success);
    assert.deepEqual(fieldErrorsOf(parsed.error), { "plusOnes.1.name": PLUS_ONE_NAME_MESSAGE });
    const notes = parse("attending", [{ name: "", dietaryNotes: "no nuts" }]);
    assert.ok(!notes.success);
    assert.deepEqual(fieldErrorsOf(notes.error), { "plusOnes.0.name": PLUS_ONE_NAME_MESSAGE });
  });

  it("refuses guests when nobody of the household attends", () => {
    for (const status of ["maybe", "not_attending"]) {
      const parsed = parse(status, [{ name: "Sam" }]);
      assert.ok(!parsed.success, status);
      assert.deepEqual(fieldErrorsOf(parsed.error), { plusOnes: PLUS_ONES_NEED_ATTENDING_MESSAGE });
    }
    assert.ok(parse("not_attending", [{ name: "" }]).success, "empty rows are fine");
  });

  it("refuses names over the limit, unknown dietary tags, malformed ids and more than 10 rows", () => {
    assert.ok(!parse("attending", [{ name: "x".repeat(81) }]).success);
    assert.ok(!parse("attending", [{ name: "Sam", dietaryTags: ["bogus"] }]).success);
    assert.ok(!parse("attending", [{ name: "Sam", id: "../../etc" }]).success);
    assert.ok(
      !parse(
        "attending",
        Array.from({ length: 11 }, (_, i) => ({ name: `G${i}` })),
      ).success,
    );
    assert.ok(
      parse(
        "attending",
        Array.from({ length: 10 }, (_, i) => ({ name: `G${i}` })),
      ).success,
    );
  });
});
