import { DIETARY_LABELS, DIETARY_TAGS, type DietaryTag } from "../data/dietary";
import { personName, type Person } from "../data/households";
import type { Invitation } from "../data/invitations";
import { claimedQuantity, remainingQuantity, type PotluckItem } from "../data/potluck";
import {
  answerOf,
  noteOf,
  plusOnesComing,
  type PlusOne,
  type HouseholdNote,
  type ResponseRecord,
  type ResponseStatus,
  type RsvpResponse,
} from "../data/rsvps";
import type { RsvpCounts } from "../data/summaries";
import type { GuestHousehold } from "./guest";

export type { RsvpCounts } from "../data/summaries";

/** Pure functions from loaded records to what the organizer's pages show: no store access here. */

export type GuestStatus = ResponseStatus | "no_reply";

export interface GuestRow {
  person: Person;
  household: GuestHousehold;
  invitation: Invitation;
  response: RsvpResponse | null;
  status: GuestStatus;
  /** The guest's confirmed restrictions when they answered, the address book's otherwise. */
  dietaryTags: DietaryTag[];
  dietaryNotes: string;
}

/** Said "attending" once the party was full: waiting for a place, not coming (yet). */
export function isWaitlisted(row: Pick<GuestRow, "status" | "response">): boolean {
  return row.status === "attending" && row.response?.waitlistedAt !== undefined;
}

/**
 * A household's extra guest as the host sees it: coming (with a place), waitlisted, or named but not coming
 * (nobody of the household attends, so the guest takes no place and is left out of the counts).
 */
export interface PlusOneRow {
  plusOne: PlusOne;
  household: GuestHousehold;
  invitation: Invitation;
  status: "attending" | "waitlisted" | "not_coming";
}

export interface InvitedHousehold {
  invitation: Invitation;
  /** The event's copy of the household (see GuestList). */
  household: GuestHousehold;
  note: HouseholdNote | null;
  people: GuestRow[];
  plusOnes: PlusOneRow[];
}

export function plusOneRows(
  invitation: Invitation,
  household: GuestHousehold,
  response: ResponseRecord | null,
): PlusOneRow[] {
  if (!response) return [];
  const coming = plusOnesComing(response.answers);
  return response.plusOnes.map((plusOne) => ({
    plusOne,
    household,
    invitation,
    status: !coming ? "not_coming" : plusOne.waitlistedAt !== undefined ? "waitlisted" : "attending",
  }));
}

/** The guest list as the event's invitations copy it, with each person's answer. */
export function buildInvitedHouseholds(
  invitations: Invitation[],
  responses: Map<string, ResponseRecord>,
): InvitedHousehold[] {
  const result: InvitedHousehold[] = [];
  for (const invitation of invitations) {
    const response = responses.get(invitation.id) ?? null;
    const household: GuestHousehold = {
      id: invitation.householdId,
      name: invitation.guests.name,
      address: invitation.guests.address,
      people: invitation.guests.people,
    };
    const people = household.people.map((person): GuestRow => {
      const answer: RsvpResponse | null = answerOf(response, person.id);
      return {
        person,
        household,
        invitation,
        response: answer,
        status: answer?.status ?? "no_reply",
        dietaryTags: answer ? answer.dietaryTags : person.dietaryTags,
        dietaryNotes: answer ? answer.dietaryNotes : person.dietaryNotes,
      };
    });
    result.push({
      invitation,
      household,
      note: noteOf(response),
      people,
      plusOnes: plusOneRows(invitation, household, response),
    });
  }
  return result.sort((a, b) => a.household.name.localeCompare(b.household.name, "en", { sensitivity: "base" }));
}

/** Counts recomputed from the rows shown (the dashboard reads the event's stored summary instead). */
export function countResponses(households: InvitedHousehold[], capacity: number | null): RsvpCounts {
  const counts: RsvpCounts = {
    households: households.length,
    invited: 0,
    attending: 0,
    notAttending: 0,
    maybe: 0,
    noReply: 0,
    adultsAttending: 0,
    childrenAttending: 0,
    plusOnesAttending: 0,
    capacity,
    waitlisted: 0,
    overCapacity: 0,
  };
  for (const row of households.flatMap((h) => h.people)) {
    counts.invited += 1;
    if (isWaitlisted(row)) counts.waitlisted += 1;
    else if (row.status === "attending") {
      counts.attending += 1;
      if (row.person.ageGroup === "child") counts.childrenAttending += 1;
      else counts.adultsAttending += 1;
    } else if (row.status === "not_attending") counts.notAttending += 1;
    else if (row.status === "maybe") counts.maybe += 1;
    else counts.noReply += 1;
  }
  for (const row of households.flatMap((h) => h.plusOnes)) {
    if (row.status === "not_coming") continue;
    counts.invited += 1;
    if (row.status === "waitlisted") counts.waitlisted += 1;
    else {
      counts.attending += 1;
      counts.plusOnesAttending += 1;
    }
  }
  if (capacity !== null) counts.overCapacity = Math.max(0, counts.attending - capacity);
  return counts;
}

export interface WaitlistEntry {
  /** The person's id, or the plus-one's: what Promote takes. */
  id: string;
  name: string;
  household: GuestHousehold;
  child: boolean;
  /** The household's extra guest, not one of its people. */
  plusOne: boolean;
  since: number;
}

/** Who waits for a place (people and plus-ones), longest first (the order a host would promote them in). */
export function waitlistOf(households: InvitedHousehold[]): WaitlistEntry[] {
  const people = households
    .flatMap((h) => h.people)
    .filter(isWaitlisted)
    .map((row) => ({
      id: row.person.id,
      name: personName(row.person),
      household: row.household,
      child: row.person.ageGroup === "child",
      plusOne: false,
      since: row.response!.waitlistedAt!,
    }));
  const guests = households
    .flatMap((h) => h.plusOnes)
    .filter((row) => row.status === "waitlisted")
    .map((row) => ({
      id: row.plusOne.id,
      name: row.plusOne.name,
      household: row.household,
      child: false,
      plusOne: true,
      since: row.plusOne.waitlistedAt!,
    }));
  return [...people, ...guests].sort((a, b) => a.since - b.since || Number(a.plusOne) - Number(b.plusOne));
}

export interface DietaryEntry {
  tag: DietaryTag;
  label: string;
  people: { name: string; household: string; status: GuestStatus }[];
}

export interface DietarySummary {
  tags: DietaryEntry[];
  notes: { name: string; household: string; status: GuestStatus; text: string }[];
}

/** Restrictions of everyone who is coming or might come: what the kitchen has to plan for. */
export function dietarySummary(households: InvitedHousehold[]): DietarySummary {
  // Who may come and eat: a guest on the waitlist has no place yet, so their needs are not planned for.
  const rows = households
    .flatMap((h) => h.people)
    .filter((r) => (r.status === "attending" && !isWaitlisted(r)) || r.status === "maybe");
  // Plus-ones with a place eat too: named as the household's guest.
  const diners = [
    ...rows.map((r) => ({
      name: personName(r.person),
      household: r.household.name,
      status: r.status,
      dietaryTags: r.dietaryTags,
      dietaryNotes: r.dietaryNotes,
    })),
    ...households
      .flatMap((h) => h.plusOnes)
      .filter((r) => r.status === "attending")
      .map((r) => ({
        name: plusOneLabel(r.plusOne.name, r.household.name),
        household: r.household.name,
        status: "attending" as const,
        dietaryTags: r.plusOne.dietaryTags,
        dietaryNotes: r.plusOne.dietaryNotes,
      })),
  ];
  const tags: DietaryEntry[] = [];
  for (const tag of DIETARY_TAGS) {
    const people = diners
      .filter((r) => r.dietaryTags.includes(tag))
      .map((r) => ({ name: r.name, household: r.household, status: r.status }));
    if (people.length > 0) tags.push({ tag, label: DIETARY_LABELS[tag], people });
  }
  const notes = diners
    .filter((r) => r.dietaryNotes.trim() !== "")
    .map((r) => ({ name: r.name, household: r.household, status: r.status, text: r.dietaryNotes }));
  return { tags, notes };
}

/** "Sam Lee (guest of The Garcias)": how a plus-one is named wherever the host reads names. */
export function plusOneLabel(name: string, householdName: string): string {
  return `${name} (guest of ${householdName})`;
}

export interface PotluckView {
  item: PotluckItem;
  claimed: number;
  remaining: number;
  /** Who brings what, with household names resolved (organizer view only). */
  claims: { householdId: string; householdName: string; quantity: number }[];
  addedBy: string | null;
}

/** `names`: household id -> name, from the event's guest list. */
export function potluckViews(items: PotluckItem[], names: Map<string, string>): PotluckView[] {
  const nameOf = (id: string) => names.get(id) ?? "A former guest";
  return items.map((item) => {
    return {
      item,
      claimed: claimedQuantity(item),
      remaining: remainingQuantity(item),
      claims: item.claims.map((c) => ({
        householdId: c.householdId,
        householdName: nameOf(c.householdId),
        quantity: c.quantity,
      })),
      addedBy: item.addedByHouseholdId ? nameOf(item.addedByHouseholdId) : null,
    };
  });
}
