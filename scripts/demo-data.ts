import { randomBytes } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { createLinkVault } from "../lib/data/link-vault";
import { instantToZoned } from "../lib/time";
import type { AppStore } from "../lib/storage/types";
import { transact } from "../lib/data/commit";
import { ensureDataVersion } from "../lib/data/data-version";
import type { DietaryTag } from "../lib/data/dietary";
import { eventInputSchema, eventSchema, EVENTS, materializeEvent } from "../lib/data/events";
import { HOUSEHOLDS, householdSchema, type AgeGroup, type Household } from "../lib/data/households";
import { INVITATIONS, newInvitation, type Invitation, type LinkVault } from "../lib/data/invitations";
import { createOrganizerRepository } from "../lib/data/organizers";
import { createPartyData, type PartyData } from "../lib/data/party";
import { emptyResponse, recountTally } from "../lib/data/plans";
import { POTLUCK_ITEMS, potluckItemSchema, type PotluckCategory } from "../lib/data/potluck";
import { newId } from "../lib/data/records";
import { RESPONSES, type Answer, type ResponseRecord, type ResponseStatus } from "../lib/data/rsvps";
import { SUMMARIES } from "../lib/data/summaries";

export const DEMO_PASSWORD = "password123";

export const DEMO_ORGANIZERS = [
  { email: "john.smith@example.com", firstName: "John", lastName: "Smith" },
  { email: "jane.smith@example.com", firstName: "Jane", lastName: "Smith" },
] as const;

export const DEMO_TIME_ZONE = "America/New_York";

export interface SeedReport {
  created: string[];
  existing: string[];
  /** Organizers whose demo parties were written by this run, with what was written. */
  parties: string[];
}

interface DemoPerson {
  firstName: string;
  lastName: string;
  email?: string;
  ageGroup?: AgeGroup;
  dietaryTags?: DietaryTag[];
  dietaryNotes?: string;
}

interface DemoHousehold {
  name: string;
  address: string;
  people: DemoPerson[];
}

interface DemoEvent {
  title: string;
  description: string;
  /** Days from the seed run to the start (negative: in the past), and wall-clock times in DEMO_TIME_ZONE. */
  inDays: number;
  start: string;
  end: string;
  /** The RSVP deadline, in days before the start (at the same time of day). */
  deadlineDaysBefore: number | null;
  locationName: string;
  locationAddress: string;
  capacity: number | null;
  /** Household name -> first name -> answer (absent: no reply). */
  answers: Record<string, Record<string, ResponseStatus | { status: ResponseStatus; byHost: true }>>;
  notes?: Record<string, string>;
  potluck: {
    name: string;
    category: PotluckCategory;
    quantity: number;
    notes?: string;
    /** A guest's own dish, added from their RSVP page. */
    addedBy?: string;
    claims?: Record<string, number>;
  }[];
}

const SMITHS = "The Smith Family";
const JOHNSONS = "The Johnson Family";
const WILLIAMS = "The Williams Household";
const GARCIAS = "The Garcia Family";
const CHENS = "The Chen Family";
const PATELS = "The Patel Household";
const OBRIENS = "The O'Brien Family";
const NGUYENS = "The Nguyen Family";

const JOHN_HOUSEHOLDS: DemoHousehold[] = [
  {
    name: SMITHS,
    address: "123 Main St",
    people: [
      { firstName: "John", lastName: "Smith", email: "john.smith@example.com" },
      { firstName: "Jane", lastName: "Smith", email: "jane.smith@example.com" },
      { firstName: "Timmy", lastName: "Smith", ageGroup: "child", dietaryTags: ["nut-allergy"] },
    ],
  },
  {
    name: JOHNSONS,
    address: "456 Oak Ave",
    people: [
      { firstName: "Bob", lastName: "Johnson", email: "bob.johnson@example.com" },
      { firstName: "Alice", lastName: "Johnson", email: "alice.johnson@example.com", dietaryTags: ["vegetarian"] },
    ],
  },
  {
    name: WILLIAMS,
    address: "789 Pine Rd",
    people: [
      { firstName: "Mary", lastName: "Williams", email: "mary.williams@example.com", dietaryTags: ["gluten-free"] },
    ],
  },
  {
    name: GARCIAS,
    address: "22 Elm St",
    people: [
      { firstName: "Carlos", lastName: "Garcia", email: "carlos.garcia@example.com" },
      { firstName: "Sofia", lastName: "Garcia", dietaryTags: ["dairy-free"] },
      { firstName: "Mateo", lastName: "Garcia", ageGroup: "child" },
    ],
  },
  {
    name: CHENS,
    address: "310 Birch Ln",
    people: [
      { firstName: "Wei", lastName: "Chen", email: "wei.chen@example.com" },
      { firstName: "Lin", lastName: "Chen", dietaryTags: ["vegan"] },
      { firstName: "Emma", lastName: "Chen", ageGroup: "child" },
    ],
  },
  {
    name: PATELS,
    address: "48 Maple Dr",
    people: [
      { firstName: "Raj", lastName: "Patel", email: "raj.patel@example.com", dietaryTags: ["vegetarian"] },
      { firstName: "Priya", lastName: "Patel", dietaryTags: ["vegetarian", "nut-allergy"] },
    ],
  },
  {
    name: OBRIENS,
    address: "7 Cedar Ct",
    people: [
      { firstName: "Sean", lastName: "O'Brien", email: "sean.obrien@example.com" },
      {
        firstName: "Maeve",
        lastName: "O'Brien",
        dietaryTags: ["shellfish-allergy"],
        dietaryNotes: "No shellfish at all, even in stock",
      },
    ],
  },
  {
    name: NGUYENS,
    address: "915 Willow Way",
    people: [
      { firstName: "Anh", lastName: "Nguyen", email: "anh.nguyen@example.com" },
      { firstName: "Linh", lastName: "Nguyen", dietaryTags: ["halal"] },
      { firstName: "Bao", lastName: "Nguyen", ageGroup: "child" },
    ],
  },
];

const JOHN_EVENTS: DemoEvent[] = [
  {
    title: "Annual Holiday Party",
    description: "Our yearly get-together: food, music and the white-elephant gift swap. Bring a dish if you can!",
    inDays: 30,
    start: "18:00",
    end: "23:00",
    deadlineDaysBefore: 10,
    locationName: "Community Center",
    locationAddress: "100 Community Way",
    capacity: 60,
    answers: {
      [SMITHS]: { John: "attending", Jane: "attending", Timmy: "attending" },
      [JOHNSONS]: { Bob: "attending", Alice: "maybe" },
      [WILLIAMS]: { Mary: "not_attending" },
      [GARCIAS]: { Carlos: "attending", Sofia: "attending", Mateo: "attending" },
      [PATELS]: { Raj: "attending", Priya: "attending" },
      [OBRIENS]: { Sean: { status: "maybe", byHost: true }, Maeve: "not_attending" },
    },
    notes: {
      [WILLIAMS]: "Visiting my sister out of state that week. Have a wonderful party!",
      [GARCIAS]: "Mateo can't wait for the gift swap.",
    },
    potluck: [
      { name: "Green bean casserole", category: "side", quantity: 1, claims: { [JOHNSONS]: 1 } },
      { name: "Pumpkin pie", category: "dessert", quantity: 2, claims: { [GARCIAS]: 1 } },
      { name: "Sparkling cider", category: "drinks", quantity: 4, claims: { [PATELS]: 2 } },
      { name: "Paper plates and napkins", category: "supplies", quantity: 1 },
      { name: "Tamales", category: "main", quantity: 2, notes: "Pork and cheese-and-pepper", addedBy: GARCIAS },
    ],
  },
  {
    title: "Cookie Decorating Afternoon",
    description: "Kids and grown-ups welcome. We provide the cookies; you bring the creativity.",
    inDays: 12,
    start: "14:00",
    end: "17:00",
    deadlineDaysBefore: 3,
    locationName: "The Smith House",
    locationAddress: "123 Main St",
    capacity: 20,
    answers: {
      [CHENS]: { Wei: "attending", Lin: "attending", Emma: "attending" },
      [JOHNSONS]: { Bob: "not_attending", Alice: "attending" },
    },
    potluck: [
      { name: "Sugar cookie dough", category: "dessert", quantity: 3, claims: { [CHENS]: 1 } },
      { name: "Sprinkles and icing", category: "supplies", quantity: 2 },
    ],
  },
  {
    title: "Winter Solstice Dinner",
    description: "A cozy dinner on the longest night of the year.",
    inDays: -45,
    start: "19:00",
    end: "22:00",
    deadlineDaysBefore: 5,
    locationName: "The Smith House",
    locationAddress: "123 Main St",
    capacity: 12,
    answers: {
      [JOHNSONS]: { Bob: "attending", Alice: "attending" },
      [WILLIAMS]: { Mary: "attending" },
      [PATELS]: { Raj: "attending", Priya: "maybe" },
    },
    potluck: [{ name: "Roasted vegetables", category: "side", quantity: 1, claims: { [PATELS]: 1 } }],
  },
];

const RIVERAS = "The Rivera Family";
const KIMS = "The Kim Household";

const JANE_HOUSEHOLDS: DemoHousehold[] = [
  JOHN_HOUSEHOLDS[1]!,
  {
    name: RIVERAS,
    address: "61 Spruce St",
    people: [
      { firstName: "Luis", lastName: "Rivera", email: "luis.rivera@example.com" },
      { firstName: "Ana", lastName: "Rivera", dietaryTags: ["pescatarian"] },
    ],
  },
  {
    name: KIMS,
    address: "18 Aspen Pl",
    people: [{ firstName: "Grace", lastName: "Kim", email: "grace.kim@example.com", dietaryTags: ["vegan"] }],
  },
];

const JANE_EVENTS: DemoEvent[] = [
  {
    title: "Neighborhood Ornament Exchange",
    description: "Bring one handmade or thrifted ornament, leave with another.",
    inDays: 20,
    start: "19:00",
    end: "21:00",
    deadlineDaysBefore: 4,
    locationName: "Jane's Studio",
    locationAddress: "123 Main St (back entrance)",
    capacity: null,
    answers: {
      [JOHNSONS]: { Bob: "attending", Alice: "attending" },
      [KIMS]: { Grace: "attending" },
      [RIVERAS]: { Luis: "maybe" },
    },
    potluck: [
      { name: "Hot cocoa", category: "drinks", quantity: 1, claims: { [KIMS]: 1 } },
      { name: "Cookies", category: "dessert", quantity: 2 },
    ],
  },
];

const DEMO_PARTIES: Record<string, { households: DemoHousehold[]; events: DemoEvent[] }> = {
  "john.smith@example.com": { households: JOHN_HOUSEHOLDS, events: JOHN_EVENTS },
  "jane.smith@example.com": { households: JANE_HOUSEHOLDS, events: JANE_EVENTS },
};

const DAY_MS = 86_400_000;
const seedMarkKey = (organizerId: string) => `seed-marks:${organizerId}`;

function localAt(now: number, days: number, time: string): string {
  return `${instantToZoned(now + days * DAY_MS, DEMO_TIME_ZONE).slice(0, 10)}T${time}`;
}

function eventInput(demo: DemoEvent, now: number) {
  return eventInputSchema.parse({
    title: demo.title,
    description: demo.description,
    startsAt: localAt(now, demo.inDays, demo.start),
    endsAt: localAt(now, demo.inDays, demo.end),
    timeZone: DEMO_TIME_ZONE,
    locationName: demo.locationName,
    locationAddress: demo.locationAddress,
    rsvpDeadline:
      demo.deadlineDaysBefore === null ? "" : localAt(now, demo.inDays - demo.deadlineDaysBefore, demo.start),
    capacity: demo.capacity === null ? "" : String(demo.capacity),
    status: "published",
  });
}

/**
 * One organizer's demo households, events, answers and potluck, written in one commit together with the
 * organizer's seed mark (guarded absent): two seeds racing write the demo data once, a crash writes none
 * of it, and once marked the organizer's data is never touched again (even what they deleted stays deleted).
 * Without the mark (a store from before marks, or one a test cleared), what exists (households by name,
 * events by title) is left exactly as it is and only what is missing is added.
 */
async function seedParties(
  store: AppStore,
  data: PartyData,
  vault: LinkVault,
  organizerId: string,
  demo: { households: DemoHousehold[]; events: DemoEvent[] },
  now: number,
): Promise<string | null> {
  return transact(store, { what: "seed", now }, async (work) => {
    if ((await store.get(seedMarkKey(organizerId))) !== null) return null;
    work.putValue(seedMarkKey(organizerId), { seededAt: now, version: 1 }, { ifAbsent: true });
    const [existingHouseholds, existingEvents] = await Promise.all([
      data.households.listForOrganizer(organizerId),
      data.events.listForOrganizer(organizerId),
    ]);
    const households = new Map<string, Household>();
    for (const h of demo.households) {
      const found = existingHouseholds.find((e) => e.name === h.name);
      const household = found
        ? work.read(HOUSEHOLDS, found)
        : work.create(
            HOUSEHOLDS,
            householdSchema.parse({
              id: newId(),
              organizerId,
              name: h.name,
              address: h.address,
              people: h.people.map((p) => ({
                id: newId(),
                firstName: p.firstName,
                lastName: p.lastName,
                email: p.email ?? null,
                phone: null,
                ageGroup: p.ageGroup ?? "adult",
                dietaryTags: p.dietaryTags ?? [],
                dietaryNotes: p.dietaryNotes ?? "",
              })),
              createdAt: now,
              updatedAt: now,
              version: 1,
            }),
          );
      households.set(h.name, household);
    }

    for (const e of demo.events) {
      if (existingEvents.some((x) => x.title === e.title)) continue;
      const event = work.create(
        EVENTS,
        eventSchema.parse({
          ...materializeEvent(eventInput(e, now)),
          id: newId(),
          organizerId,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      const involved = new Set([
        ...Object.keys(e.answers),
        ...Object.keys(e.notes ?? {}),
        ...e.potluck.flatMap((p) => [...(p.addedBy ? [p.addedBy] : []), ...Object.keys(p.claims ?? {})]),
      ]);
      // The first event invites the whole address book; the others only who answers there.
      const guestNames = e === demo.events[0] ? demo.households.map((h) => h.name) : [...involved];
      const invitations: Invitation[] = [];
      const responses = new Map<string, ResponseRecord>();
      for (const name of guestNames) {
        const household = households.get(name);
        if (!household) continue;
        // A household that existed before this commit is touched, as an invitation always does (see invite).
        if (existingHouseholds.some((x) => x.id === household.id)) work.touch(HOUSEHOLDS, household);
        const invitation = work.create(
          INVITATIONS,
          newInvitation({ organizerId, eventId: event.id, household, vault, now }),
        );
        const answers: Record<string, Answer> = {};
        for (const [firstName, answer] of Object.entries(e.answers[name] ?? {})) {
          const person = household.people.find((p) => p.firstName === firstName);
          if (!person) continue;
          const { status, byHost } = typeof answer === "string" ? { status: answer, byHost: false } : answer;
          answers[person.id] = {
            status,
            dietaryTags: person.dietaryTags,
            dietaryNotes: person.dietaryNotes,
            setByHost: byHost,
            updatedAt: now,
          };
        }
        const note = e.notes?.[name] ?? "";
        const response = work.create(RESPONSES, {
          ...emptyResponse(invitation, now),
          answers,
          note,
          noteUpdatedAt: note ? now : null,
        });
        invitations.push(invitation);
        responses.set(invitation.id, response);
      }
      for (const p of e.potluck) {
        const adder = p.addedBy ? households.get(p.addedBy) : undefined;
        const claims = Object.entries(p.claims ?? {}).flatMap(([name, quantity]) => {
          const household = households.get(name);
          return household && household.id !== adder?.id
            ? [{ householdId: household.id, quantity, claimedAt: now }]
            : [];
        });
        if (adder) claims.unshift({ householdId: adder.id, quantity: p.quantity, claimedAt: now });
        work.create(
          POTLUCK_ITEMS,
          potluckItemSchema.parse({
            id: newId(),
            eventId: event.id,
            organizerId,
            name: p.name,
            category: p.category,
            quantity: p.quantity,
            notes: p.notes ?? "",
            addedByHouseholdId: adder?.id ?? null,
            claims,
            createdAt: now,
            updatedAt: now,
            version: 1,
          }),
        );
      }
      work.create(SUMMARIES, {
        ...recountTally(invitations, responses, e.potluck.length),
        eventId: event.id,
        organizerId,
        updatedAt: now,
        version: 1,
      });
    }
    return `${demo.events.length} events, ${demo.households.length} households`;
  });
}

export interface SeedOptions {
  /** Seals the demo RSVP links so the organizer can copy them; the app's vault (session secrets) in practice. */
  linkVault?: LinkVault;
  now?: number;
}

/**
 * Writes the demo organizers and their parties into a store. Idempotent: what exists (organizers by email,
 * households by name, events by title, answers and claims per person and household) is left exactly as it
 * is, so re-seeding never resets a password, an answer or anything an organizer changed.
 */
export async function seedDemoData(store: AppStore, options: SeedOptions = {}): Promise<SeedReport> {
  const now = options.now ?? Date.now();
  // Without the app's vault the links are sealed with a throwaway key: the organizer sees "create a new link".
  const vault = options.linkVault ?? createLinkVault([randomBytes(32).toString("base64url")]);
  await ensureDataVersion(store);
  const organizers = createOrganizerRepository(store);
  const data = createPartyData(store, vault);
  const report: SeedReport = { created: [], existing: [], parties: [] };
  for (const demo of DEMO_ORGANIZERS) {
    let organizer = await organizers.findByEmail(demo.email);
    if (organizer) {
      report.existing.push(demo.email);
    } else {
      const result = await organizers.create({ ...demo, passwordHash: await hashPassword(DEMO_PASSWORD) });
      (result.ok ? report.created : report.existing).push(demo.email);
      // The demo addresses cannot receive mail: a new demo organizer starts verified, so "events I'm invited
      // to" shows at once. One that exists is left as it is (an organizer who changed it keeps the change).
      organizer = result.ok
        ? await organizers.markEmailVerified(result.organizer.id, demo.email, Math.max(now, result.organizer.createdAt))
        : await organizers.findByEmail(demo.email);
    }
    const parties = DEMO_PARTIES[demo.email];
    if (!organizer || !parties) continue;
    const written = await seedParties(store, data, vault, organizer.id, parties, now);
    if (written) report.parties.push(`${demo.email}: ${written}`);
  }
  return report;
}
