import "server-only";
import { readEventFamily } from "../data/db";
import type { PublicOrganizer } from "../data/organizers";
import { eventRole, type EventRole, type PartyEvent } from "../data/events";
import type { CohostInvite } from "../data/cohosts";
import type { Household } from "../data/households";
import type { PartyData } from "../data/party";
import { readEventMail, readMailSettings, type MailJob, type MailSettings } from "../mail";
import type { PartyDb } from "../data/db";
import { readEventMessages, type EventMessages } from "./messages";
import { eventOverviewOf, loadDashboard, type DashboardEvent, type EventOverview } from "./overview";

/**
 * The data of the signed-in pages, each read in ONE store round trip after the session's own: every read a
 * page needs is issued at once (the organizer record, the flash message when one is pending, the page's
 * records), which is one pipeline on Redis and Upstash and parallel reads on fs. The session (from proxy.ts's
 * handoff) already names the organizer, so nothing waits for the organizer record before asking for the rest;
 * what was read is shown only once the organizer and the ownership are confirmed.
 * Kept free of next/* so that the bench counts exactly what the pages do (bench/measure/party.ts).
 */
export interface SignedInReads {
  data: PartyData;
  /** The organizer's record (the app shares one read per request with the layout). */
  findOrganizer(organizerId: string): Promise<PublicOrganizer | null>;
  takeFlash(sessionId: string): Promise<string | null>;
}

export interface SessionRef {
  id: string;
  organizerId: string;
}

export interface DashboardPage {
  organizer: PublicOrganizer;
  flash: string | null;
  upcoming: DashboardEvent[];
  past: DashboardEvent[];
}

/** Null when the session's organizer no longer exists (the caller sends the browser to the login page). */
export async function loadDashboardPage(
  reads: SignedInReads,
  session: SessionRef,
  options: { flashPending: boolean; now?: number },
): Promise<DashboardPage | null> {
  const [organizer, flash, dashboard] = await Promise.all([
    reads.findOrganizer(session.organizerId),
    // Only after an action left a flash (its mark, see lib/session): no read-and-delete on every page view.
    options.flashPending ? reads.takeFlash(session.id) : null,
    loadDashboard(reads.data, session.organizerId, options.now),
  ]);
  return organizer ? { organizer, flash, ...dashboard } : null;
}

export interface EventMail {
  jobs: MailJob[];
  optedOut: Set<string>;
  settings: MailSettings;
}

async function readEventMailPage(db: PartyDb, eventId: string): Promise<EventMail> {
  const [{ jobs, optedOut }, settings] = await Promise.all([readEventMail(db, eventId), readMailSettings(db, eventId)]);
  return { jobs, optedOut, settings };
}

export type EventPage =
  | {
      kind: "ok";
      organizer: PublicOrganizer;
      event: PartyEvent;
      /** What the signed-in organizer is to this event. */
      role: EventRole;
      /** The co-host invitations (for the owner's "Co-hosts" section; read in the same round trip). */
      cohostInvites: CohostInvite[];
      overview: EventOverview;
      addressBook: Household[];
      /** The event's mails, opt-outs and mail settings, for its "Invitations by email" section. */
      mail: EventMail;
      /** Announcements and guest comments (hidden ones included), newest first. */
      messages: EventMessages;
    }
  | { kind: "signed-out" }
  /** No such event, or another organizer's (the same answer, so nobody learns which ids exist). */
  | { kind: "not-found" };

export async function loadEventPage(reads: SignedInReads, session: SessionRef, eventId: string): Promise<EventPage> {
  const [organizer, family, addressBook, mail, messages, cohostInvites] = await Promise.all([
    reads.findOrganizer(session.organizerId),
    readEventFamily(reads.data.db, eventId, { forDisplay: true }),
    // The signed-in organizer's OWN address book: a co-host invites from theirs (see README, "Co-hosts").
    reads.data.households.listForOrganizer(session.organizerId),
    readEventMailPage(reads.data.db, eventId),
    readEventMessages(reads.data.db, eventId),
    reads.data.cohosts.listInvites(eventId),
  ]);
  if (!organizer) return { kind: "signed-out" };
  // An event without its family (no summary: never the case for an event created by the app) is read alone.
  const event = family ? family.event : await reads.data.events.get(eventId);
  // The same decision as eventAccess (lib/party/access.ts), on the event this one round trip read.
  const role = event ? eventRole(event, organizer.id) : null;
  if (!event || role === null) return { kind: "not-found" };
  return {
    kind: "ok",
    organizer,
    event,
    role,
    overview: eventOverviewOf(event, family),
    addressBook,
    mail,
    cohostInvites,
    messages,
  };
}

/** A signed-in page of one owned record: the organizer and the record, read at once. */
export type OwnedRecordPage<T> =
  { kind: "ok"; organizer: PublicOrganizer; record: T } | { kind: "signed-out" } | { kind: "not-found" };

/** The event's edit page: the organizer and the event in one round trip (ownership checked on the result). */
export async function loadEditEventPage(
  reads: SignedInReads,
  session: SessionRef,
  eventId: string,
): Promise<OwnedRecordPage<PartyEvent>> {
  const [organizer, event] = await Promise.all([
    reads.findOrganizer(session.organizerId),
    reads.data.events.getHosted(session.organizerId, eventId),
  ]);
  if (!organizer) return { kind: "signed-out" };
  return event ? { kind: "ok", organizer, record: event } : { kind: "not-found" };
}

/** The address book: the organizer and the households (search applied) in one round trip. */
export async function loadAddressBookPage(
  reads: SignedInReads,
  session: SessionRef,
  query: string,
): Promise<{ organizer: PublicOrganizer; households: Household[] } | null> {
  const [organizer, households] = await Promise.all([
    reads.findOrganizer(session.organizerId),
    reads.data.households.listForOrganizer(session.organizerId, query),
  ]);
  return organizer ? { organizer, households } : null;
}

/**
 * The sessions page: the organizer, a pending flash and the organizer's sessions asked for at once (the list's
 * own cost is lib/session's: `listSessions`).
 */
export async function loadSessionsPage<S>(
  reads: SignedInReads,
  session: SessionRef,
  options: { flashPending: boolean; listSessions: (organizerId: string) => Promise<S[]> },
): Promise<{ organizer: PublicOrganizer; flash: string | null; sessions: S[] } | null> {
  const [organizer, flash, sessions] = await Promise.all([
    reads.findOrganizer(session.organizerId),
    options.flashPending ? reads.takeFlash(session.id) : null,
    options.listSessions(session.organizerId),
  ]);
  return organizer ? { organizer, flash, sessions } : null;
}
