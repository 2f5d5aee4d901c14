import { z } from "zod";
import { defineRecord } from "./collection";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * Potluck items and who brings them. Several households claim units of one item, so an item and its claims
 * are one record, changed by versioned commits: of two guests racing for the last unit, one commit wins and
 * the other is decided again on the new record, and told it is gone.
 */

// The categories and their labels live in a module without zod, so that client components (the RSVP page's
// forms) can import them without pulling the schemas into the browser bundle.
export { CATEGORY_LABELS, POTLUCK_CATEGORIES, type PotluckCategory } from "./potluck-labels";
import { POTLUCK_CATEGORIES } from "./potluck-labels";

export const MAX_ITEM_QUANTITY = 100;

/** What one household may add to one event's potluck list from its RSVP link. */
export const MAX_GUEST_SUGGESTIONS = 10;
export const GUEST_SUGGESTIONS_FULL_MESSAGE = `Your household has already added ${MAX_GUEST_SUGGESTIONS} dishes or items to this potluck, the most one household can add. Remove one of yours to add another.`;

export const claimSchema = z.object({
  householdId: idSchema,
  quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY),
  claimedAt: timestampSchema,
});

export const potluckItemSchema = z
  .object({
    id: idSchema,
    eventId: idSchema,
    organizerId: idSchema,
    name: z.string().min(1).max(100),
    category: z.enum(POTLUCK_CATEGORIES),
    /** How many are needed (for a guest's own item: how many they bring). */
    quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY),
    notes: z.string().max(300),
    /** Null when the organizer suggested it; the household otherwise. */
    addedByHouseholdId: idSchema.nullable(),
    claims: z.array(claimSchema).max(200),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: versionSchema,
  })
  .refine((item) => claimedQuantity(item) <= item.quantity, { error: "More units claimed than needed" })
  .refine((item) => new Set(item.claims.map((c) => c.householdId)).size === item.claims.length, {
    error: "Two claims of one household",
  });

export type PotluckItem = z.infer<typeof potluckItemSchema>;

/** `potluck-items:<id>`, listed in `event-potluck:<event>`; its claims live inside it. */
export const POTLUCK_ITEMS = defineRecord<PotluckItem>({
  namespace: "potluck-items",
  label: "potluck item",
  schema: potluckItemSchema,
  id: (i) => i.id,
  owners: (i) => [i.organizerId],
  indexes: [{ set: "event-potluck", owners: (i) => [i.eventId] }],
  unique: [],
  parents: (i) => [`events:${i.eventId}`],
});

interface ClaimsOf {
  claims: ReadonlyArray<{ householdId: string; quantity: number }>;
}

export function claimedQuantity(item: ClaimsOf, exceptHouseholdId?: string): number {
  return item.claims.filter((c) => c.householdId !== exceptHouseholdId).reduce((sum, c) => sum + c.quantity, 0);
}

export function remainingQuantity(item: ClaimsOf & { quantity: number }): number {
  return Math.max(0, item.quantity - claimedQuantity(item));
}

export function claimOf(item: ClaimsOf, householdId: string): number {
  return item.claims.find((c) => c.householdId === householdId)?.quantity ?? 0;
}

const quantityInput = (message: string, min: number) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < min || n > MAX_ITEM_QUANTITY) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

export const potluckItemInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Name the dish or item" })
    .max(100, { error: "Keep the name under 100 characters" }),
  category: z.enum(POTLUCK_CATEGORIES, { error: "Choose a category" }),
  quantity: quantityInput(`Enter how many, a whole number from 1 to ${MAX_ITEM_QUANTITY}`, 1),
  notes: z.string().trim().max(300, { error: "Keep the notes under 300 characters" }),
});

export type PotluckItemInput = z.output<typeof potluckItemInputSchema>;

export const claimInputSchema = z.object({
  itemId: idSchema,
  quantity: quantityInput(`Enter how many you bring, from 0 to ${MAX_ITEM_QUANTITY}`, 0),
});

export type ClaimFailure = "not-found" | "over-claimed";

/**
 * A household's claim set to `quantity` (0 withdraws it), or why not: never more than what is left.
 * A pure function of the item, so a claim that lost a race is simply decided again on the new item.
 */
export function withClaim(
  item: PotluckItem,
  householdId: string,
  quantity: number,
  now: number,
): PotluckItem | { ok: false; reason: "over-claimed"; message: string } {
  const others = claimedQuantity(item, householdId);
  const left = item.quantity - others;
  if (quantity > left) {
    return {
      ok: false,
      reason: "over-claimed",
      message:
        left <= 0
          ? `Someone else has already claimed all of “${item.name}”`
          : `Only ${left} of “${item.name}” left to claim`,
    };
  }
  const existing = item.claims.find((c) => c.householdId === householdId);
  if ((existing?.quantity ?? 0) === quantity) return item; // nothing to change: no write
  const claims = item.claims.filter((c) => c.householdId !== householdId);
  if (quantity > 0) claims.push({ householdId, quantity, claimedAt: existing?.claimedAt ?? now });
  return { ...item, claims };
}
