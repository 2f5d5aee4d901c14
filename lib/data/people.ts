import { z } from "zod";
import { dietaryNotesSchema, dietaryTagsSchema } from "./dietary";
import { idSchema } from "./records";

/** People, as the address book keeps them and as each invitation keeps its own copy of them. */

export const AGE_GROUPS = ["adult", "child"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const MAX_PEOPLE_PER_HOUSEHOLD = 30;

export { MAX_PLUS_ONES } from "./plus-one-limits";

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

/**
 * What an event needs of a household it invited: its name, address and people, copied into the invitation
 * when the household is invited and kept in step with the address book in the same commits that change it.
 * The event's pages and the RSVP page read this copy, never the address book, so an event's guest list is
 * one read whoever's address book the household came from.
 */
export const guestListSchema = z.object({
  name: z.string().min(1).max(100),
  address: z.string().max(300),
  people: z.array(personSchema).max(MAX_PEOPLE_PER_HOUSEHOLD),
});

export type GuestList = z.infer<typeof guestListSchema>;

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
        ctx.addIssue({
          code: "custom",
          message: "Enter a valid email address, like name@example.com, or leave it empty",
        });
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
