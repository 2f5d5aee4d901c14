import { z } from "zod";
import type { AppStore } from "../storage/types";
import { fail, idSchema, isId, newId, ok, readRecord, readRecords, timestampSchema, type Result } from "./records";

/**
 * Potluck items and who brings them. Several households claim units of one item, so an item and its claims
 * are one key changed only under the item's lock (a cross-process lock on fs, SET NX on Redis): two guests
 * racing for the last unit are serialised and the second one is told it is gone.
 */

export const POTLUCK_CATEGORIES = ["appetizer", "main", "side", "salad", "bread", "dessert", "drinks", "supplies", "other"] as const;
export type PotluckCategory = (typeof POTLUCK_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<PotluckCategory, string> = {
  appetizer: "Appetizer",
  main: "Main dish",
  side: "Side dish",
  salad: "Salad",
  bread: "Bread",
  dessert: "Dessert",
  drinks: "Drinks",
  supplies: "Supplies",
  other: "Other",
};

export const MAX_ITEM_QUANTITY = 100;

export const claimSchema = z.object({
  householdId: idSchema,
  quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY),
  claimedAt: timestampSchema,
});

export type PotluckClaim = z.infer<typeof claimSchema>;

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
  })
  .refine((item) => claimedQuantity(item) <= item.quantity, { error: "More units claimed than needed" });

export type PotluckItem = z.infer<typeof potluckItemSchema>;

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

const itemKey = (id: string) => `potluck-items:${id}`;
const eventIndexKey = (eventId: string) => `event-potluck:${eventId}`;

export type ClaimFailure = "not-found" | "over-claimed";

export type PotluckRepository = ReturnType<typeof createPotluckRepository>;

export function createPotluckRepository(store: AppStore) {
  async function get(id: string): Promise<PotluckItem | null> {
    if (!isId(id)) return null;
    return readRecord(store, itemKey(id), potluckItemSchema);
  }

  /** Read-modify-write of one item under its lock. `change` returns the new item or a failure. */
  async function mutate<R extends string>(
    id: string,
    guard: (item: PotluckItem) => boolean,
    change: (item: PotluckItem) => PotluckItem | { ok: false; reason: R; message?: string },
  ): Promise<Result<PotluckItem, R | "not-found">> {
    if (!isId(id)) return fail("not-found");
    return store.withLock(`potluck.${id}`, async () => {
      const current = await get(id);
      if (!current || !guard(current)) return fail("not-found");
      const changed = change(current);
      if ("ok" in changed) return changed;
      if (changed === current) return ok(current); // nothing to change: no write
      const next = potluckItemSchema.parse({ ...changed, id, eventId: current.eventId, organizerId: current.organizerId, updatedAt: Date.now() });
      if (!(await store.replace(itemKey(id), next))) return fail("not-found");
      return ok(next);
    });
  }

  async function create(item: Omit<PotluckItem, "id" | "createdAt" | "updatedAt">, now: number): Promise<PotluckItem> {
    const valid = potluckItemSchema.parse({ ...item, id: newId(), createdAt: now, updatedAt: now });
    if (!(await store.add(itemKey(valid.id), valid))) throw new Error("Potluck item id collision");
    await store.setAdd(eventIndexKey(valid.eventId), valid.id);
    return valid;
  }

  async function removeUnder(id: string, guard: (item: PotluckItem) => boolean): Promise<Result<PotluckItem>> {
    if (!isId(id)) return fail("not-found");
    return store.withLock(`potluck.${id}`, async () => {
      const current = await get(id);
      if (!current || !guard(current)) return fail("not-found");
      await store.setRemove(eventIndexKey(current.eventId), id);
      await store.remove(itemKey(id));
      return ok(current);
    });
  }

  async function listForEvent(eventId: string): Promise<PotluckItem[]> {
    const ids = (await store.setMembers(eventIndexKey(eventId))).filter(isId);
    const items = await readRecords(store, ids.map(itemKey), potluckItemSchema);
    return items.filter((i) => i.eventId === eventId).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  }

  /**
   * Sets how many units of an item a household brings (0 withdraws its claim). Only items of the
   * household's own event can be claimed, and never more than what is left.
   */
  function claim(eventId: string, householdId: string, itemId: string, quantity: number, now = Date.now()): Promise<Result<PotluckItem, ClaimFailure>> {
    return mutate<"over-claimed">(
      itemId,
      (item) => item.eventId === eventId,
      (item) => {
        const others = claimedQuantity(item, householdId);
        const left = item.quantity - others;
        if (quantity > left) {
          return fail("over-claimed", left <= 0 ? `Someone else has already claimed all of “${item.name}”` : `Only ${left} of “${item.name}” left to claim`);
        }
        const existing = item.claims.find((c) => c.householdId === householdId);
        const claims = item.claims.filter((c) => c.householdId !== householdId);
        if (quantity > 0) claims.push({ householdId, quantity, claimedAt: existing?.claimedAt ?? now });
        return { ...item, claims };
      },
    );
  }

  return {
    get,
    listForEvent,

    /** A suggestion from the organizer (who owns the event: the caller checked). */
    createByHost(organizerId: string, eventId: string, input: PotluckItemInput, now = Date.now()): Promise<PotluckItem> {
      return create({ ...input, eventId, organizerId, addedByHouseholdId: null, claims: [] }, now);
    },

    updateByHost(organizerId: string, itemId: string, input: PotluckItemInput) {
      return mutate<"over-claimed">(
        itemId,
        (item) => item.organizerId === organizerId,
        (item) => {
          const claimed = claimedQuantity(item);
          if (input.quantity < claimed) {
            return fail("over-claimed", `Guests have already claimed ${claimed}: the quantity cannot be less`);
          }
          return { ...item, ...input };
        },
      );
    },

    removeByHost(organizerId: string, itemId: string) {
      return removeUnder(itemId, (item) => item.organizerId === organizerId);
    },

    claim,

    /** A guest's own dish: created already claimed by their household. */
    addByGuest(organizerId: string, eventId: string, householdId: string, input: PotluckItemInput, now = Date.now()): Promise<PotluckItem> {
      return create(
        { ...input, eventId, organizerId, addedByHouseholdId: householdId, claims: [{ householdId, quantity: input.quantity, claimedAt: now }] },
        now,
      );
    },

    /** Guests may remove only what their own household added. */
    removeByGuest(eventId: string, householdId: string, itemId: string) {
      return removeUnder(itemId, (item) => item.eventId === eventId && item.addedByHouseholdId === householdId);
    },

    /** Withdraws every claim of a household on an event (it was taken off the guest list). */
    async releaseHousehold(eventId: string, householdId: string): Promise<void> {
      const items = await listForEvent(eventId);
      for (const item of items) {
        if (item.addedByHouseholdId === householdId) await removeUnder(item.id, (i) => i.addedByHouseholdId === householdId);
        else if (claimOf(item, householdId) > 0) await claim(eventId, householdId, item.id, 0);
      }
    },

    async removeAllForEvent(eventId: string): Promise<void> {
      const items = await listForEvent(eventId);
      for (const item of items) await removeUnder(item.id, (i) => i.eventId === eventId);
    },
  };
}
