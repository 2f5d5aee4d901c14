import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineRecord } from "../data/collection";
import { transact } from "../data/commit";
import type { PartyDb } from "../data/db";
import { idSchema, isId, timestampSchema, versionSchema } from "../data/records";

/**
 * One-click unsubscribe (RFC 8058) per household and event, i.e. per invitation. The link carries the
 * invitation id and an HMAC of it under a server secret: it can neither be forged for another invitation nor
 * open the RSVP page (the RSVP token never appears in it). The opt-out is the key `mail-optouts:<invitation>`.
 */

const optOutSchema = z.object({
  /** The invitation's id: one opt-out per household and event. */
  id: idSchema,
  organizerId: idSchema,
  eventId: idSchema,
  at: timestampSchema,
  version: versionSchema,
});

export type MailOptOut = z.infer<typeof optOutSchema>;

/** Indexed by event, so the event page reads its opt-outs in the same round trip as the rest of its data. */
export const MAIL_OPT_OUTS = defineRecord<MailOptOut>({
  namespace: "mail-optouts",
  label: "unsubscribe",
  schema: optOutSchema,
  id: (o) => o.id,
  owners: (o) => [o.organizerId],
  indexes: [{ set: "event-optouts", owners: (o) => [o.eventId] }],
  unique: [],
  parents: (o) => [`events:${o.eventId}`],
});

export const optOutKey = (invitationId: string) => `${MAIL_OPT_OUTS.namespace}:${invitationId}`;

/** The invitations of an event whose household opted out of its mail (one index read). */
export async function readEventOptOuts(db: PartyDb, eventId: string): Promise<Set<string>> {
  const entries = await db.store.readIndex(`event-optouts:${eventId}`, MAIL_OPT_OUTS.namespace);
  const ids = new Set<string>();
  for (const { value } of entries) {
    const parsed = optOutSchema.safeParse(value);
    if (parsed.success && parsed.data.eventId === eventId) ids.add(parsed.data.id);
  }
  return ids;
}

function mac(secret: string, invitationId: string): string {
  return createHmac("sha256", secret).update(`unsubscribe:${invitationId}`).digest("base64url").slice(0, 32);
}

export function unsubscribeToken(secret: string, invitationId: string): string {
  return `${invitationId}.${mac(secret, invitationId)}`;
}

/** The invitation id a token names, or null when it is malformed or was not made with one of `secrets`. */
export function openUnsubscribeToken(secrets: readonly string[], token: string): string | null {
  const match = /^([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match || !isId(match[1])) return null;
  const given = Buffer.from(match[2]!);
  for (const secret of secrets) {
    const expected = Buffer.from(mac(secret, match[1]));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return match[1];
  }
  return null;
}

/** Records the opt-out of one invitation (household and event); true when this call made it. */
export async function optOut(
  db: PartyDb,
  invitationId: string,
  now = Date.now(),
): Promise<"done" | "already" | "not-found"> {
  return transact(db.store, { what: "unsubscribe", now }, async (work) => {
    const invitation = await db.invitations.get(invitationId);
    if (!invitation) return "not-found" as const;
    if ((await db.store.get(optOutKey(invitationId))) !== null) return "already" as const;
    work.create(MAIL_OPT_OUTS, {
      id: invitation.id,
      organizerId: invitation.organizerId,
      eventId: invitation.eventId,
      at: now,
      version: 1,
    });
    return "done" as const;
  });
}
