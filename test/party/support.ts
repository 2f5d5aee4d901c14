import type { EventFormFields, EventInput } from "../../lib/data/events";
import { eventInputSchema } from "../../lib/data/events";
import type { HouseholdInput, PersonInput } from "../../lib/data/households";
import { createPartyData, type PartyData } from "../../lib/data/party";
import { createLinkVault } from "../../lib/data/link-vault";
import { instantToZoned } from "../../lib/time";
import type { AppStore } from "../../lib/storage/types";

export const TEST_VAULT_SECRET = "unit-test-link-secret-0123456789-abcdefgh";

export function makeData(store: AppStore, secrets: string[] = [TEST_VAULT_SECRET]): PartyData {
  return createPartyData(store, createLinkVault(secrets));
}

const DAY = 86_400_000;

/** A valid event form, `inDays` from now, in New York time, overridable field by field. */
export function eventFields(overrides: Partial<EventFormFields> = {}, inDays = 30): EventFormFields {
  const day = instantToZoned(Date.now() + inDays * DAY, "America/New_York").slice(0, 10);
  const deadlineDay = instantToZoned(Date.now() + (inDays - 5) * DAY, "America/New_York").slice(0, 10);
  return {
    title: "Test Party",
    description: "",
    startsAt: `${day}T18:00`,
    endsAt: `${day}T22:00`,
    timeZone: "America/New_York",
    locationName: "Community Center",
    locationAddress: "100 Community Way",
    rsvpDeadline: `${deadlineDay}T18:00`,
    capacity: "",
    status: "published",
    ...overrides,
  };
}

export function eventInput(overrides: Partial<EventFormFields> = {}, inDays = 30): EventInput {
  return eventInputSchema.parse(eventFields(overrides, inDays));
}

export function person(firstName: string, overrides: Partial<PersonInput> = {}): PersonInput {
  return {
    firstName,
    lastName: "Tester",
    email: null,
    phone: null,
    ageGroup: "adult",
    dietaryTags: [],
    dietaryNotes: "",
    ...overrides,
  };
}

export function household(name: string, address = ""): HouseholdInput {
  return { name, address };
}

let organizerCounter = 0;

/** An organizer record (the repositories need one for the RSVP page's "who hosts"). */
export async function makeOrganizer(data: PartyData, firstName = "Olivia"): Promise<string> {
  organizerCounter += 1;
  const result = await data.organizers.create({
    email: `organizer-${organizerCounter}-${Date.now()}@example.com`,
    firstName,
    lastName: "Organizer",
    // Never checked here: login is not under test.
    passwordHash: "$2b$04$abcdefghijklmnopqrstuu0123456789012345678901234567890",
  });
  if (!result.ok) throw new Error("could not create organizer");
  return result.organizer.id;
}

/**
 * Everything an organizer's pages could show, read through the repositories: if it is equal before and after
 * an operation, the operation changed nothing of theirs.
 */
export async function snapshotOrganizer(data: PartyData, organizerId: string): Promise<string> {
  const events = await data.events.listForOrganizer(organizerId);
  const households = await data.households.listForOrganizer(organizerId);
  const perEvent = await Promise.all(
    events.map(async (event) => {
      const invitations = await data.invitations.listForEvent(event.id);
      const people = households.flatMap((h) => h.people.map((p) => p.id));
      const responses = await data.rsvps.getForPeople(event.id, people);
      const notes = await data.rsvps.getNotes(
        event.id,
        households.map((h) => h.id),
      );
      const items = await data.potluck.listForEvent(event.id);
      return {
        event,
        invitations: invitations.map((i) => ({ ...i, token: data.invitations.tokenOf(i) })),
        responses: [...responses.values()].sort((a, b) => a.personId.localeCompare(b.personId)),
        notes: [...notes.values()].sort((a, b) => a.householdId.localeCompare(b.householdId)),
        items,
      };
    }),
  );
  return JSON.stringify({ events: perEvent, households });
}
