import { createHmac, timingSafeEqual } from "node:crypto";
import { MAIL_OPT_OUTS, optOutKey } from "../data/mail-records";
import { transact } from "../data/commit";
import { noteEventChild } from "../data/event-attachments";
import { INVITATIONS } from "../data/invitations";
import type { PartyDb } from "../data/db";
import { isId } from "../data/records";

/**
 * One-click unsubscribe (RFC 8058) per household and event, i.e. per invitation. The link carries the
 * invitation id and an HMAC of it under a server secret: it can neither be forged for another invitation nor
 * open the RSVP page (the RSVP token never appears in it). The opt-out is the key `mail-optouts:<invitation>`.
 */

export { MAIL_OPT_OUTS, optOutKey, type MailOptOut } from "../data/mail-records";

/** The invitations of an event whose household opted out of its mail (one index read). */
export async function readEventOptOuts(db: PartyDb, eventId: string): Promise<Set<string>> {
  const entries = await db.store.readIndex(`event-optouts:${eventId}`, MAIL_OPT_OUTS.namespace);
  const ids = new Set<string>();
  for (const { value } of entries) {
    const parsed = MAIL_OPT_OUTS.schema.safeParse(value);
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
    // Guarded by the invitation and moving the event's summary: a delete racing this sees the opt-out.
    work.read(INVITATIONS, invitation);
    await noteEventChild(db, work, invitation.eventId);
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
