import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { potluckChoice } from "../../app/rsvp/[token]/potluck-input";

/**
 * The guest's potluck list is one form (issue 19): every dish's select is `quantity.<itemId>`, and the pressed
 * button (the submitter, whose name and value the browser and React add to the form data) says which dish.
 */
const PIE = "pie_0123456789";
const CIDER = "cider_012345678";

function form(fields: [string, string][]): FormData {
  const data = new FormData();
  data.append("token", "t".repeat(43));
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

describe("the guest's potluck form", () => {
  it("claims the pressed dish with that dish's select, whatever the others say", () => {
    const sent = form([
      [`quantity.${PIE}`, "2"],
      [`quantity.${CIDER}`, "5"],
      ["itemId", PIE],
    ]);
    assert.deepEqual(potluckChoice(sent), { kind: "claim", itemId: PIE, quantity: 2 });
    const other = form([
      [`quantity.${PIE}`, "2"],
      [`quantity.${CIDER}`, "0"],
      ["itemId", CIDER],
    ]);
    assert.deepEqual(potluckChoice(other), { kind: "claim", itemId: CIDER, quantity: 0 });
  });

  it("asks again when the pressed dish's quantity is missing or not a number in range", () => {
    assert.deepEqual(
      potluckChoice(
        form([
          [`quantity.${CIDER}`, "1"],
          ["itemId", PIE],
        ]),
      ),
      { kind: "invalid" },
    );
    for (const quantity of ["", "-1", "1.5", "many", "101"])
      assert.deepEqual(
        potluckChoice(
          form([
            [`quantity.${PIE}`, quantity],
            ["itemId", PIE],
          ]),
        ),
        { kind: "invalid" },
        quantity,
      );
    // A malformed dish id (the data layer's id pattern) is refused before any lookup.
    assert.deepEqual(
      potluckChoice(
        form([
          ["quantity.x", "1"],
          ["itemId", "x"],
        ]),
      ),
      { kind: "invalid" },
    );
  });

  it("removes the household's own dish named by the Remove button, ignoring every select", () => {
    assert.deepEqual(
      potluckChoice(
        form([
          [`quantity.${CIDER}`, "3"],
          ["remove", PIE],
        ]),
      ),
      {
        kind: "remove",
        itemId: PIE,
      },
    );
  });

  it("refuses a form no page sends: no pressed button, both kinds at once, a malformed id to remove", () => {
    assert.deepEqual(potluckChoice(form([[`quantity.${PIE}`, "1"]])), { kind: "tampered" });
    assert.deepEqual(
      potluckChoice(
        form([
          [`quantity.${PIE}`, "1"],
          ["itemId", PIE],
          ["remove", PIE],
        ]),
      ),
      {
        kind: "tampered",
      },
    );
    assert.deepEqual(potluckChoice(form([["remove", "../../x"]])), { kind: "tampered" });
  });
});
