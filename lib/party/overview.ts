import { readEventFamily, type EventFamily } from "../data/db";
import type { PartyEvent } from "../data/events";
import { eventRole, isPast, type EventRole } from "../data/events";
import type { PartyData } from "../data/party";
import { EMPTY_TALLY, rsvpCounts } from "../data/summaries";
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

/**
 * Loads what the organizer's pages show. Every loader makes a fixed number of store round trips (issued
 * together), whatever the number of guests or events: the event page reads the event's invitations (with
 * their copies of the households), responses and potluck through its indexes; the dashboard reads the
 * organizer's events and their stored summaries through one index.
 */

export interface EventGuests {
  households: InvitedHousehold[];
  counts: RsvpCounts;
}

export interface EventOverview extends EventGuests {
  dietary: DietarySummary;
  potluck: PotluckView[];
}

export async function loadEventOverview(data: PartyData, event: PartyEvent): Promise<EventOverview> {
  return eventOverviewOf(event, await readEventFamily(data.db, event.id));
}

/** The overview of an event from its family as read (null: the event has no family, e.g. it was deleted). */
export function eventOverviewOf(event: PartyEvent, family: EventFamily | null): EventOverview {
  if (!family)
    return {
      households: [],
      counts: countResponses([], event.capacity),
      dietary: { tags: [], notes: [] },
      potluck: [],
    };
  // Every invitation of the event, whichever host's address book it came from (see README, "Co-hosts").
  const invitations = family.invitations;
  const households = buildInvitedHouseholds(invitations, family.responses);
  const names = new Map(invitations.map((i) => [i.householdId, i.guests.name]));
  return {
    households,
    counts: countResponses(households, event.capacity),
    dietary: dietarySummary(households),
    potluck: potluckViews(family.items, names),
  };
}

export interface DashboardEvent {
  event: PartyEvent;
  counts: RsvpCounts;
  /** The signed-in organizer's role: the dashboard marks the events they co-host. */
  role: EventRole;
}

export async function loadDashboard(
  data: PartyData,
  organizerId: string,
  now = Date.now(),
): Promise<{ upcoming: DashboardEvent[]; past: DashboardEvent[] }> {
  const listed = await data.events.listWithSummaries(organizerId);
  // The organizer's index lists the events they own and those they co-host (see EVENTS); a stale entry
  // (the role just changed) is left out by the same decision every page makes.
  const cards = listed.flatMap(({ event, summary }) => {
    const role = eventRole(event, organizerId);
    return role ? [{ event, role, counts: rsvpCounts(summary ?? EMPTY_TALLY, event.capacity) }] : [];
  });
  return {
    upcoming: cards.filter((c) => !isPast(c.event, now)),
    past: cards.filter((c) => isPast(c.event, now)).reverse(),
  };
}
