import { z } from "zod";
import { defineRecord } from "./collection";
import { guestListSchema, MAX_PEOPLE_PER_HOUSEHOLD, personName, personSchema, type GuestList } from "./people";
import { idSchema, timestampSchema, versionSchema } from "./records";

export { AGE_GROUPS, MAX_PEOPLE_PER_HOUSEHOLD, personInputSchema, personName, personSchema } from "./people";
export type { AgeGroup, GuestList, Person, PersonInput } from "./people";

export const householdSchema = z.object({
  id: idSchema,
  organizerId: idSchema,
  name: z.string().min(1).max(100),
  address: z.string().max(300),
  people: z.array(personSchema).max(MAX_PEOPLE_PER_HOUSEHOLD),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
});

export type Household = z.infer<typeof householdSchema>;

/** `households:<id>`, listed in `organizer-households:<organizer>` (the address book). */
export const HOUSEHOLDS = defineRecord<Household>({
  namespace: "households",
  label: "household",
  schema: householdSchema,
  id: (h) => h.id,
  owners: (h) => [h.organizerId],
  indexes: [{ set: "organizer-households", owners: (h) => [h.organizerId] }],
  unique: [],
  parents: (h) => [`organizers:${h.organizerId}`],
});

export const householdInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the household a name, like "The Garcias"' })
    .max(100, { error: "Keep the name under 100 characters" }),
  address: z.string().trim().max(300, { error: "Keep the address under 300 characters" }),
});

export type HouseholdInput = z.output<typeof householdInputSchema>;

/** The copy of a household an invitation keeps (see guestListSchema). */
export function guestListOf(household: Pick<Household, "name" | "address" | "people">): GuestList {
  return guestListSchema.parse({ name: household.name, address: household.address, people: household.people });
}

/**
 * Text as search compares it: lower case, without accents (NFD splits "ü" into "u" + a combining mark, which
 * is then dropped), so "muller" finds "Müller" and "Muller".
 */
export function searchFold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export function householdMatches(household: Pick<Household, "name" | "people">, query: string): boolean {
  const q = searchFold(query.trim());
  if (!q) return true;
  const haystacks = [household.name, ...household.people.map(personName)];
  return haystacks.some((h) => searchFold(h).includes(q));
}
