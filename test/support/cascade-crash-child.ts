// Child process of test/data/fs-crash-cascades.test.ts: on an fs DATA_DIR, forever: set up a small party (one
// guarded commit per step), announce a cascade on stdout ("begin <n> <kind> <json>"), run it, announce it done
// ("done <n> <ms>"). The parent kills it with SIGKILL at a random moment inside a cascade.
import { ensureDataVersion } from "../../lib/data/data-version";
import { createPartyData } from "../../lib/data/party";
import { createLinkVault } from "../../lib/data/link-vault";
import { claimAsGuest, openInvitation, saveGuestAnswers } from "../../lib/party/guest";
import { createFsStore } from "../../lib/storage/fs-store";
import { eventInput, household, makeOrganizer, person, TEST_VAULT_SECRET } from "../party/support";

export const CASCADES = ["delete-event", "delete-household", "uninvite", "remove-person"] as const;
export type CascadeKind = (typeof CASCADES)[number];

const [dir, startAt] = process.argv.slice(2);
const store = createFsStore(dir!);
await ensureDataVersion(store, { log: () => {} });
const data = createPartyData(store, createLinkVault([TEST_VAULT_SECRET]));
const organizerId = await makeOrganizer(data);
process.stdout.write("ready\n");

for (let n = Number(startAt ?? 0); ; n++) {
  const event = await data.events.create(organizerId, eventInput({ title: `Party ${n}` }));
  const homes = await Promise.all(
    ["A", "B", "C"].map((h) =>
      data.households.create(organizerId, household(`${h}${n}`), [
        person(`${h}1`),
        person(`${h}2`, { ageGroup: "child" }),
      ]),
    ),
  );
  const invited = await data.invitations.inviteMany(
    organizerId,
    event.id,
    homes.map((h) => h.id),
  );
  if (!invited.ok) throw new Error("invite failed");
  const pie = await data.potluck.createByHost(organizerId, event.id, {
    name: "Pie",
    category: "dessert",
    quantity: 6,
    notes: "",
  });
  for (const invitation of invited.value.created) {
    const ctx = (await openInvitation(data, data.invitations.tokenOf(invitation)!))!;
    await saveGuestAnswers(data, ctx, {
      people: ctx.household.people.map((p) => ({
        personId: p.id,
        status: "attending" as const,
        dietaryTags: [],
        dietaryNotes: "",
      })),
      note: "hi",
    });
    await claimAsGuest(data, ctx, pie.id, 1);
  }
  await data.potluck.addByGuest(organizerId, event.id, homes[0]!.id, {
    name: `Dish ${n}`,
    category: "side",
    quantity: 1,
    notes: "",
  });
  const kind = CASCADES[n % CASCADES.length]!;
  const target = {
    organizerId,
    eventId: event.id,
    householdId: homes[0]!.id,
    invitationId: invited.value.created[0]!.id,
    personId: homes[0]!.people[1]!.id,
  };
  process.stdout.write(`begin ${n} ${kind} ${JSON.stringify(target)}\n`);
  const started = performance.now();
  let result: { ok: boolean };
  if (kind === "delete-event") result = await data.events.remove(organizerId, event.id);
  else if (kind === "delete-household") result = await data.households.remove(organizerId, target.householdId);
  else if (kind === "uninvite") result = await data.invitations.remove(organizerId, target.invitationId);
  else result = await data.households.removePerson(organizerId, target.householdId, target.personId);
  if (!result.ok) throw new Error(`${kind} failed`);
  process.stdout.write(`done ${n} ${(performance.now() - started).toFixed(2)}\n`);
}
