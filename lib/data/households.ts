import { z } from "zod";
import type { AppStore } from "../storage/types";
import { dietaryNotesSchema, dietaryTagsSchema } from "./dietary";
import { fail, idSchema, isId, newId, ok, readRecord, readRecords, timestampSchema, type Result } from "./records";

export const AGE_GROUPS = ["adult", "child"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const MAX_PEOPLE_PER_HOUSEHOLD = 30;

export const personSchema = z.object({
  id: idSchema,
  firstName: z.string().min(1).max(60),
  lastName: z.string().max(60),
  email: z.email().max(254).nullable(),
  phone: z.string().max(40).nullable(),
  ageGroup: z.enum(AGE_GROUPS),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: z.string().max(300),
});

export type Person = z.infer<typeof personSchema>;

export const householdSchema = z.object({
  id: idSchema,
  organizerId: idSchema,
  name: z.string().min(1).max(100),
  address: z.string().max(300),
  people: z.array(personSchema).max(MAX_PEOPLE_PER_HOUSEHOLD),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type Household = z.infer<typeof householdSchema>;

export const householdInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the household a name, like "The Garcias"' })
    .max(100, { error: "Keep the name under 100 characters" }),
  address: z.string().trim().max(300, { error: "Keep the address under 300 characters" }),
});

export type HouseholdInput = z.output<typeof householdInputSchema>;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { error: message })
    .transform((v) => (v === "" ? null : v));

export const personInputSchema = z.object({
  firstName: z
    .string()
    .trim()
    .min(1, { error: "Enter a first name" })
    .max(60, { error: "Keep the first name under 60 characters" }),
  lastName: z.string().trim().max(60, { error: "Keep the last name under 60 characters" }),
  email: z
    .string()
    .trim()
    .max(254, { error: "That email address is too long" })
    .transform((v, ctx) => {
      if (v === "") return null;
      if (!z.email().safeParse(v).success) {
        ctx.addIssue({ code: "custom", message: "Enter a valid email address, like name@example.com, or leave it empty" });
        return z.NEVER;
      }
      return v.toLowerCase();
    }),
  phone: optionalText(40, "Keep the phone number under 40 characters").refine(
    (v) => v === null || /^[0-9+()./\s-]{3,40}$/.test(v),
    { error: "Enter a phone number with digits, spaces and + ( ) - only" },
  ),
  ageGroup: z.enum(AGE_GROUPS, { error: "Choose adult or child" }),
  dietaryTags: dietaryTagsSchema,
  dietaryNotes: dietaryNotesSchema,
});

export type PersonInput = z.output<typeof personInputSchema>;

export function personName(person: Pick<Person, "firstName" | "lastName">): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}

const householdKey = (id: string) => `households:${id}`;
const organizerIndexKey = (organizerId: string) => `organizer-households:${organizerId}`;

function matches(household: Household, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystacks = [household.name, ...household.people.map(personName)];
  return haystacks.some((h) => h.toLowerCase().includes(q));
}

export type HouseholdRepository = ReturnType<typeof createHouseholdRepository>;

/**
 * A household and its people are one record: only its organizer writes it (guests' answers live in their own
 * keys), and every change is a read-modify-write under the household's lock, so two tabs editing different
 * people of one household both keep their change.
 */
export function createHouseholdRepository(store: AppStore) {
  async function get(id: string): Promise<Household | null> {
    if (!isId(id)) return null;
    return readRecord(store, householdKey(id), householdSchema);
  }

  async function getOwned(organizerId: string, id: string): Promise<Household | null> {
    const household = await get(id);
    return household && household.organizerId === organizerId ? household : null;
  }

  async function mutate<R extends string = "not-found">(
    organizerId: string,
    id: string,
    change: (household: Household) => Household | { ok: false; reason: R; message?: string },
  ): Promise<Result<Household, R | "not-found">> {
    if (!isId(id)) return fail("not-found");
    return store.withLock(`household.${id}`, async () => {
      const current = await getOwned(organizerId, id);
      if (!current) return fail("not-found");
      const changed = change(current);
      if ("ok" in changed) return changed;
      const next = householdSchema.parse({ ...changed, id, organizerId, createdAt: current.createdAt, updatedAt: Date.now() });
      if (!(await store.replace(householdKey(id), next))) return fail("not-found");
      return ok(next);
    });
  }

  return {
    get,
    getOwned,

    async getMany(ids: string[]): Promise<Map<string, Household>> {
      const unique = [...new Set(ids.filter(isId))];
      const households = await readRecords(store, unique.map(householdKey), householdSchema);
      return new Map(households.map((h) => [h.id, h]));
    },

    /** This organizer's address book, by name; `query` matches household and people names. */
    async listForOrganizer(organizerId: string, query = ""): Promise<Household[]> {
      const ids = (await store.setMembers(organizerIndexKey(organizerId))).filter(isId);
      const households = await readRecords(store, ids.map(householdKey), householdSchema);
      return households
        .filter((h) => h.organizerId === organizerId && matches(h, query))
        .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.createdAt - b.createdAt);
    },

    async create(organizerId: string, input: HouseholdInput, people: PersonInput[] = [], now = Date.now()): Promise<Household> {
      const household = householdSchema.parse({
        id: newId(),
        organizerId,
        name: input.name,
        address: input.address,
        people: people.map((p) => ({ ...p, id: newId() })),
        createdAt: now,
        updatedAt: now,
      });
      if (!(await store.add(householdKey(household.id), household))) throw new Error("Household id collision");
      await store.setAdd(organizerIndexKey(organizerId), household.id);
      return household;
    },

    update(organizerId: string, id: string, input: HouseholdInput) {
      return mutate(organizerId, id, (h) => ({ ...h, name: input.name, address: input.address }));
    },

    async addPerson(organizerId: string, id: string, input: PersonInput): Promise<Result<{ household: Household; person: Person }, "not-found" | "full">> {
      const person = personSchema.parse({ ...input, id: newId() });
      const result = await mutate<"full">(organizerId, id, (h) =>
        h.people.length >= MAX_PEOPLE_PER_HOUSEHOLD
          ? fail("full", `A household can have at most ${MAX_PEOPLE_PER_HOUSEHOLD} people`)
          : { ...h, people: [...h.people, person] },
      );
      return result.ok ? ok({ household: result.value, person }) : result;
    },

    updatePerson(organizerId: string, id: string, personId: string, input: PersonInput) {
      return mutate(organizerId, id, (h) =>
        h.people.some((p) => p.id === personId)
          ? { ...h, people: h.people.map((p) => (p.id === personId ? { ...input, id: personId } : p)) }
          : fail("not-found"),
      );
    },

    removePerson(organizerId: string, id: string, personId: string) {
      return mutate(organizerId, id, (h) =>
        h.people.some((p) => p.id === personId) ? { ...h, people: h.people.filter((p) => p.id !== personId) } : fail("not-found"),
      );
    },

    async remove(organizerId: string, id: string): Promise<Result<Household>> {
      if (!isId(id)) return fail("not-found");
      return store.withLock(`household.${id}`, async () => {
        const current = await getOwned(organizerId, id);
        if (!current) return fail("not-found");
        await store.setRemove(organizerIndexKey(organizerId), id);
        await store.remove(householdKey(id));
        return ok(current);
      });
    },
  };
}
