// Run with tsx (like create-organizer.ts): the app's data layer on the store REDIS_URL + STORE_KEY_PREFIX select,
// for e2e specs that must not import server-only modules themselves. Prints one JSON line.
//   setup         a "Stress party" of John's with 24 households (16 invited) and 4 dishes
//   check <event> the consistency check's problems, and the event's counts recounted from its records
import { checkData, type Problem } from "../../lib/data/check";
import { eventInputSchema } from "../../lib/data/events";
import { createPartyData } from "../../lib/data/party";
import { createLinkVault } from "../../lib/data/link-vault";
import { loadEventOverview } from "../../lib/party/overview";
import { createRedisStore } from "../../lib/storage/redis-store";
import { TEST_SECRET } from "./app-server";

const [command, arg] = process.argv.slice(2);
const store = createRedisStore(process.env.REDIS_URL!, process.env.STORE_KEY_PREFIX!);
const data = createPartyData(store, createLinkVault([TEST_SECRET]));

if (command === "setup") {
  const households = Number(arg ?? 24);
  const john = await data.organizers.findByEmail("john.smith@example.com");
  if (!john) throw new Error("the seed did not create John");
  const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const event = await data.events.create(
    john.id,
    eventInputSchema.parse({
      title: "Stress party",
      description: "",
      startsAt: `${day}T18:00`,
      endsAt: `${day}T23:00`,
      timeZone: "UTC",
      locationName: "Hall",
      locationAddress: "",
      rsvpDeadline: "",
      capacity: "",
      status: "published",
    }),
  );
  const householdIds: string[] = [];
  for (let i = 0; i < households; i++) {
    const people = [0, 1, 2].map((j) => ({
      firstName: `P${j}`,
      lastName: `H${i}`,
      email: null,
      phone: null,
      ageGroup: j === 2 ? ("child" as const) : ("adult" as const),
      dietaryTags: [],
      dietaryNotes: "",
    }));
    householdIds.push(
      (await data.households.create(john.id, { name: `Stress household ${i}`, address: "" }, people)).id,
    );
  }
  const invited = await data.invitations.inviteMany(
    john.id,
    event.id,
    householdIds.slice(0, Math.ceil((households * 2) / 3)),
  );
  if (!invited.ok) throw new Error("invite failed");
  const itemIds: string[] = [];
  for (let i = 0; i < 4; i++)
    itemIds.push(
      (
        await data.potluck.createByHost(john.id, event.id, {
          name: `Dish ${i}`,
          category: "side",
          quantity: 10,
          notes: "",
        })
      ).id,
    );
  console.log(JSON.stringify({ organizerId: john.id, eventId: event.id, householdIds, itemIds }));
} else if (command === "check") {
  const problems: Problem[] = [];
  await checkData(store, { onProblem: (p) => problems.push(p) });
  const event = await data.events.get(arg!);
  const recount = event ? (await loadEventOverview(data, event)).counts : null;
  console.log(JSON.stringify({ problems, recount }));
} else {
  throw new Error(`unknown command ${command}`);
}
await store.close();
