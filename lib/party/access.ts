import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getCurrentOrganizer, loginPathFor, requireOrganizer, type SignedIn } from "../auth/current";
import { getCurrentSession, hasPendingFlash, listOrganizerSessions, takeFlash, type SessionRecord } from "../session";
import type { PublicOrganizer } from "../data/organizers";
import {
  loadAddressBookPage,
  loadDashboardPage,
  loadEditEventPage,
  loadEventPage,
  loadSessionsPage,
  type DashboardPage,
  type EventPage,
  type SignedInReads,
} from "./page-data";
import { getPartyData, type PartyData } from "../data";
import { roleAllows, type EventRole, type PartyEvent } from "../data/events";
import { eventAccess } from "./event-access";
import type { Household } from "../data/households";
import { isId } from "../data/records";
import { openInvitation, type GuestContext } from "./guest";

/**
 * The checks every organizer page, Server Action and Route Handler makes for itself: a signed-in organizer
 * (else the login page), and ids that belong to that organizer (else 404, the same answer as for an id that
 * does not exist, so nobody learns which ids are someone else's).
 */

export interface OrganizerScope extends SignedIn {
  data: PartyData;
}

export async function requireOrganizerScope(returnTo?: string): Promise<OrganizerScope> {
  const signedIn = await requireOrganizer(returnTo);
  return { ...signedIn, data: getPartyData() };
}

/**
 * The signed-in pages that read their data in one round trip with the organizer (lib/party/page-data.ts):
 * the session (handed over by proxy.ts, no store read) and the reads to pass to the loader. The loader's
 * answer is checked by the caller: `signed-out` goes to the login page, `not-found` to the 404.
 */
export async function requireSignedInReads(
  returnTo = "/organizer",
): Promise<{ session: SessionRecord; reads: SignedInReads }> {
  const session = await getCurrentSession();
  if (!session) redirect(loginPathFor(returnTo));
  const reads: SignedInReads = {
    data: getPartyData(),
    // React-cached per request: the layout's read of the organizer and this one are the same read.
    findOrganizer: async () => (await getCurrentOrganizer())?.organizer ?? null,
    takeFlash: async () => takeFlash(session),
  };
  return { session, reads };
}

export async function requireDashboardPage(options: { now: number }): Promise<DashboardPage> {
  const { session, reads } = await requireSignedInReads("/organizer");
  const page = await loadDashboardPage(reads, session, { flashPending: await hasPendingFlash(), now: options.now });
  if (!page) redirect(loginPathFor("/organizer"));
  return page;
}

/** React-cached per request: the page's metadata (its tab title) and the page itself share one load. */
export const requireEventPage = cache(
  async (eventId: string): Promise<Extract<EventPage, { kind: "ok" }> & { data: PartyData }> => {
    const returnTo = `/organizer/events/${encodeURIComponent(eventId)}`;
    const { session, reads } = await requireSignedInReads(returnTo);
    const page = isId(eventId) ? await loadEventPage(reads, session, eventId) : ({ kind: "not-found" } as const);
    if (page.kind === "signed-out") redirect(loginPathFor(returnTo));
    if (page.kind === "not-found") notFound();
    return { ...page, data: reads.data };
  },
);

/**
 * The event's edit page: the organizer and the event in one round trip. React-cached per request: the tab title
 * (generateMetadata) and the page share one load.
 */
export const requireEditEventPage = cache(async (eventId: string): Promise<{ event: PartyEvent }> => {
  const returnTo = `/organizer/events/${encodeURIComponent(eventId)}/edit`;
  const { session, reads } = await requireSignedInReads(returnTo);
  const page = isId(eventId) ? await loadEditEventPage(reads, session, eventId) : ({ kind: "not-found" } as const);
  if (page.kind === "signed-out") redirect(loginPathFor(returnTo));
  if (page.kind === "not-found") notFound();
  return { event: page.record };
});

/** The address book page: the organizer and the households matching `query`, in one round trip. */
export async function requireAddressBookPage(
  query: string,
): Promise<{ organizer: PublicOrganizer; households: Household[] }> {
  const { session, reads } = await requireSignedInReads("/organizer/guests");
  const page = await loadAddressBookPage(reads, session, query);
  if (!page) redirect(loginPathFor("/organizer/guests"));
  return page;
}

/**
 * The sessions page: the organizer, a pending flash and the organizer's sessions asked for at once (cookie mode
 * keeps no list: the current session alone).
 */
export async function requireSessionsPage(): Promise<{
  organizer: PublicOrganizer;
  current: SessionRecord;
  flash: string | null;
  sessions: SessionRecord[];
}> {
  const returnTo = "/organizer/account/sessions";
  const { session, reads } = await requireSignedInReads(returnTo);
  const page = await loadSessionsPage(reads, session, {
    flashPending: await hasPendingFlash(),
    listSessions: (organizerId) => listOrganizerSessions(organizerId, session),
  });
  if (!page) redirect(loginPathFor(returnTo));
  return { ...page, current: session };
}

/**
 * For pages and Server Actions: the signed-in organizer (else the login page) whose role on the event is at
 * least `minRole` (else 404: another organizer, a removed co-host, a co-host asking for an owner's action,
 * and an unknown id all look the same).
 */
export async function requireEventRole(
  eventId: unknown,
  minRole: EventRole,
  returnTo?: string,
): Promise<OrganizerScope & { event: PartyEvent; role: EventRole }> {
  const scope = await requireOrganizerScope(returnTo);
  const access = await eventAccess(scope.data, scope.organizer.id, eventId);
  if (!access || !roleAllows(access.role, minRole)) notFound();
  return { ...scope, event: access.event, role: access.role };
}

export async function requireOwnedHousehold(
  householdId: unknown,
  returnTo?: string,
): Promise<OrganizerScope & { household: Household }> {
  const scope = await requireOrganizerScope(returnTo);
  const household = isId(householdId) ? await scope.data.households.getOwned(scope.organizer.id, householdId) : null;
  if (!household) notFound();
  return { ...scope, household };
}

/** One read of a link per request, shared by the RSVP page's metadata (its title and preview) and the page. */
export const openGuestLink = cache((token: string): Promise<GuestContext | null> =>
  openInvitation(getPartyData(), token),
);

/** For the guest pages and actions: the invitation behind a token, or the "link not valid" 404. */
export async function requireGuest(token: unknown): Promise<{ data: PartyData; ctx: GuestContext }> {
  const data = getPartyData();
  const ctx = typeof token === "string" ? await openGuestLink(token) : null;
  if (!ctx) notFound();
  return { data, ctx };
}
