import { DIETARY_LABELS, DIETARY_TAGS, type DietaryTag } from "../data/dietary";
import { personName, type Household, type Person } from "../data/households";
import type { Invitation } from "../data/invitations";
import { claimedQuantity, type PotluckItem } from "../data/potluck";
import type { HouseholdNote, ResponseStatus, RsvpResponse } from "../data/rsvps";

/** Pure functions from loaded records to what the organizer's pages show: no store access here. */

export type GuestStatus = ResponseStatus | "no_reply";

export interface GuestRow {
  person: Person;
  household: Household;
  invitation: Invitation;
  response: RsvpResponse | null;
  status: GuestStatus;
  /** The guest's confirmed restrictions when they answered, the address book's otherwise. */
  dietaryTags: DietaryTag[];
  dietaryNotes: string;
}

export interface InvitedHousehold {
  invitation: Invitation;
  household: Household;
  note: HouseholdNote | null;
  people: GuestRow[];
}

export interface RsvpCounts {
  households: number;
  invited: number;
  attending: number;
  notAttending: number;
  maybe: number;
  noReply: number;
  adultsAttending: number;
  childrenAttending: number;
  capacity: number | null;
  /** Attending minus capacity when positive. */
  overCapacity: number;
}

export function buildInvitedHouseholds(
  invitations: Invitation[],
  households: Map<string, Household>,
  responses: Map<string, RsvpResponse>,
  notes: Map<string, HouseholdNote>,
): InvitedHousehold[] {
  const result: InvitedHousehold[] = [];
  for (const invitation of invitations) {
    const household = households.get(invitation.householdId);
    // An invitation whose household is gone, or that belongs to someone else's address book, shows nothing.
    if (!household || household.organizerId !== invitation.organizerId) continue;
    const people = household.people.map((person): GuestRow => {
      const found = responses.get(person.id);
      const response = found && found.householdId === household.id ? found : null;
      return {
        person,
        household,
        invitation,
        response,
        status: response?.status ?? "no_reply",
        dietaryTags: response ? response.dietaryTags : person.dietaryTags,
        dietaryNotes: response ? response.dietaryNotes : person.dietaryNotes,
      };
    });
    result.push({ invitation, household, note: notes.get(household.id) ?? null, people });
  }
  return result.sort((a, b) => a.household.name.localeCompare(b.household.name, "en", { sensitivity: "base" }));
}

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
    capacity,
    overCapacity: 0,
  };
  for (const row of households.flatMap((h) => h.people)) {
    counts.invited += 1;
    if (row.status === "attending") {
      counts.attending += 1;
      if (row.person.ageGroup === "child") counts.childrenAttending += 1;
      else counts.adultsAttending += 1;
    } else if (row.status === "not_attending") counts.notAttending += 1;
    else if (row.status === "maybe") counts.maybe += 1;
    else counts.noReply += 1;
  }
  if (capacity !== null) counts.overCapacity = Math.max(0, counts.attending - capacity);
  return counts;
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
  const rows = households.flatMap((h) => h.people).filter((r) => r.status === "attending" || r.status === "maybe");
  const tags: DietaryEntry[] = [];
  for (const tag of DIETARY_TAGS) {
    const people = rows
      .filter((r) => r.dietaryTags.includes(tag))
      .map((r) => ({ name: personName(r.person), household: r.household.name, status: r.status }));
    if (people.length > 0) tags.push({ tag, label: DIETARY_LABELS[tag], people });
  }
  const notes = rows
    .filter((r) => r.dietaryNotes.trim() !== "")
    .map((r) => ({ name: personName(r.person), household: r.household.name, status: r.status, text: r.dietaryNotes }));
  return { tags, notes };
}

export interface PotluckView {
  item: PotluckItem;
  claimed: number;
  remaining: number;
  /** Who brings what, with household names resolved (organizer view only). */
  claims: { householdId: string; householdName: string; quantity: number }[];
  addedBy: string | null;
}

export function potluckViews(items: PotluckItem[], households: Map<string, Household>): PotluckView[] {
  const nameOf = (id: string) => households.get(id)?.name ?? "A former guest";
  return items.map((item) => {
    const claimed = claimedQuantity(item);
    return {
      item,
      claimed,
      remaining: Math.max(0, item.quantity - claimed),
      claims: item.claims.map((c) => ({ householdId: c.householdId, householdName: nameOf(c.householdId), quantity: c.quantity })),
      addedBy: item.addedByHouseholdId ? nameOf(item.addedByHouseholdId) : null,
    };
  });
}
