import type { PartyEvent } from "../data/events";
import { isPast } from "../data/events";
import type { Household } from "../data/households";
import type { PartyData } from "../data/party";
import {
  buildInvitedHouseholds,
  countResponses,
  dietarySummary,
  potluckViews,
  type DietarySummary,
  type InvitedHousehold,
  type PotluckView,
  type RsvpCounts,
} from "./summary";

/** Loads what the organizer's pages show, from the per-event and per-organizer indexes only. */

export interface EventGuests {
  households: InvitedHousehold[];
  counts: RsvpCounts;
}

export async function loadEventGuests(data: PartyData, event: PartyEvent): Promise<EventGuests & { householdMap: Map<string, Household> }> {
  const invitations = (await data.invitations.listForEvent(event.id)).filter((i) => i.organizerId === event.organizerId);
  const householdMap = await data.households.getMany(invitations.map((i) => i.householdId));
  const personIds = [...householdMap.values()].flatMap((h) => h.people.map((p) => p.id));
  const [responses, notes] = await Promise.all([
    data.rsvps.getForPeople(event.id, personIds),
    data.rsvps.getNotes(event.id, [...householdMap.keys()]),
  ]);
  const households = buildInvitedHouseholds(invitations, householdMap, responses, notes);
  return { households, counts: countResponses(households, event.capacity), householdMap };
}

export interface EventOverview extends EventGuests {
  dietary: DietarySummary;
  potluck: PotluckView[];
}

export async function loadEventOverview(data: PartyData, event: PartyEvent): Promise<EventOverview> {
  const [guests, items] = await Promise.all([loadEventGuests(data, event), data.potluck.listForEvent(event.id)]);
  // Households that added or claimed items are normally on the guest list; look up any that are not.
  const missing = items.flatMap((i) => [i.addedByHouseholdId, ...i.claims.map((c) => c.householdId)]).filter(
    (id): id is string => id !== null && !guests.householdMap.has(id),
  );
  const householdMap = missing.length > 0 ? new Map([...guests.householdMap, ...(await data.households.getMany(missing))]) : guests.householdMap;
  const ownHouseholds = new Map([...householdMap].filter(([, h]) => h.organizerId === event.organizerId));
  return {
    households: guests.households,
    counts: guests.counts,
    dietary: dietarySummary(guests.households),
    potluck: potluckViews(items, ownHouseholds),
  };
}

export interface DashboardEvent {
  event: PartyEvent;
  counts: RsvpCounts;
}

export async function loadDashboard(data: PartyData, organizerId: string, now = Date.now()): Promise<{ upcoming: DashboardEvent[]; past: DashboardEvent[] }> {
  const events = await data.events.listForOrganizer(organizerId);
  const cards = await Promise.all(
    events.map(async (event) => ({ event, counts: (await loadEventGuests(data, event)).counts })),
  );
  return {
    upcoming: cards.filter((c) => !isPast(c.event, now)),
    past: cards.filter((c) => isPast(c.event, now)).reverse(),
  };
}
