import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { personInputSchema } from "../../lib/data/households";
import { seedDemoData } from "../../scripts/demo-data";
import { recipientsOf } from "../../lib/mail/queue";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { makeData, person, TEST_VAULT_SECRET } from "../party/support";
import { createLinkVault } from "../../lib/data/link-vault";

describe("household addresses (issue 17, item 1)", () => {
  it("every seeded household has an address at example.com", async () => {
    const store = createMemoryStore();
    await seedDemoData(store, { linkVault: createLinkVault([TEST_VAULT_SECRET]) });
    const data = makeData(store);
    const john = await data.organizers.findByEmail("john.smith@example.com");
    const jane = await data.organizers.findByEmail("jane.smith@example.com");
    const households = [
      ...(await data.households.listForOrganizer(john!.id)),
      ...(await data.households.listForOrganizer(jane!.id)),
    ];
    assert.ok(households.length >= 8);
    for (const household of households) {
      const emails = household.people.flatMap((p) => (p.email ? [p.email] : []));
      assert.ok(emails.length > 0, `${household.name} has no address`);
      assert.ok(
        emails.every((e) => e.endsWith("@example.com")),
        `${household.name}: ${emails.join(", ")}`,
      );
    }
  });

  it("an invalid address is refused with a message next to the field, so it never reaches the queue", () => {
    const bad = personInputSchema.safeParse({
      ...person("Ann"),
      email: "ann@",
      dietaryTags: [],
      phone: "",
      dietaryNotes: "",
    });
    assert.equal(bad.success, false);
    assert.match(bad.error.issues[0]!.message, /valid email address/);
    assert.deepEqual(bad.error.issues[0]!.path, ["email"]);
    const injected = personInputSchema.safeParse({
      ...person("Ann"),
      email: "ann@example.com\r\nBcc: x@example.org",
      phone: "",
      dietaryNotes: "",
    });
    assert.equal(injected.success, false);
    const good = personInputSchema.safeParse({
      ...person("Ann"),
      email: " Ann@Example.com ",
      phone: "",
      dietaryNotes: "",
    });
    assert.ok(good.success);
    assert.equal(good.data.email, "ann@example.com");
  });

  it("mail goes to each person's address once per household", () => {
    const people = [
      { ...person("A", { email: "same@example.com" }), id: "aaaaaaaaaaaa" },
      { ...person("B", { email: "same@example.com" }), id: "bbbbbbbbbbbb" },
      { ...person("C"), id: "cccccccccccc" },
      { ...person("D", { email: "d@example.com" }), id: "dddddddddddd" },
    ];
    const recipients = recipientsOf({ guests: { name: "H", address: "", people } } as unknown as Parameters<
      typeof recipientsOf
    >[0]);
    assert.deepEqual(
      recipients.map((r) => r.address),
      ["same@example.com", "d@example.com"],
    );
  });
});
