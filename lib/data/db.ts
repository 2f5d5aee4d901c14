import type { AppStore } from "../storage/types";
import { Collection, parseRecord, recordKey, type ReaderOptions } from "./collection";
import { COHOST_INVITES, type CohostInvite } from "./cohosts";
import { EVENTS, type PartyEvent } from "./events";
import { HOUSEHOLDS, type Household } from "./households";
import { INVITATIONS, type Invitation, type LinkVault } from "./invitations";
import { MAIL_JOBS, MAIL_OPT_OUTS } from "./mail-records";
import { ANNOUNCEMENTS, COMMENTS } from "./messages";
import { ORGANIZERS, type Organizer } from "./organizers";
import { POTLUCK_ITEMS, type PotluckItem } from "./potluck";
import { isId } from "./records";
import { RESPONSES, type ResponseRecord } from "./rsvps";
import { SUMMARIES, type EventSummary } from "./summaries";

/** Every kind of party record, in the order the consistency check and the migration walk them. */
export const PARTY_RECORDS = [
  ORGANIZERS,
  EVENTS,
  SUMMARIES,
  HOUSEHOLDS,
  INVITATIONS,
  RESPONSES,
  POTLUCK_ITEMS,
  MAIL_JOBS,
  MAIL_OPT_OUTS,
  ANNOUNCEMENTS,
  COMMENTS,
  COHOST_INVITES,
] as const;

/** The store with a reader per kind of record. */
export interface PartyDb {
  store: AppStore;
  vault: LinkVault;
  organizers: Collection<Organizer>;
  events: Collection<PartyEvent>;
  summaries: Collection<EventSummary>;
  households: Collection<Household>;
  invitations: Collection<Invitation>;
  responses: Collection<ResponseRecord>;
  items: Collection<PotluckItem>;
  cohostInvites: Collection<CohostInvite>;
  ready: () => Promise<void>;
}

export function createPartyDb(store: AppStore, vault: LinkVault, options: ReaderOptions = {}): PartyDb {
  return {
    store,
    vault,
    organizers: new Collection(store, ORGANIZERS, options),
    events: new Collection(store, EVENTS, options),
    summaries: new Collection(store, SUMMARIES, options),
    households: new Collection(store, HOUSEHOLDS, options),
    invitations: new Collection(store, INVITATIONS, options),
    responses: new Collection(store, RESPONSES, options),
    items: new Collection(store, POTLUCK_ITEMS, options),
    cohostInvites: new Collection(store, COHOST_INVITES, options),
    ready: options.ready ?? (async () => {}),
  };
}

/** An event and everything that hangs off it. */
export interface EventFamily {
  event: PartyEvent;
  summary: EventSummary;
  /** Soonest invited first. */
  invitations: Invitation[];
  /** By invitation id. */
  responses: Map<string, ResponseRecord>;
  items: PotluckItem[];
  /** Index entries that name no record (left by old code or a bug), dropped by the next cascade through here. */
  dangling: { setKey: string; member: string }[];
}

/**
 * An event with its summary, invitations, responses and potluck: two store round trips (the event and its
 * summary, then the three index reads at once), whatever the size of the guest list.
 */
export async function readEventFamily(
  db: PartyDb,
  eventId: string,
  options: { forDisplay?: boolean } = {},
): Promise<EventFamily | null> {
  if (!isId(eventId)) return null;
  await db.ready();
  const invitationSet = `event-invitations:${eventId}`;
  const potluckSet = `event-potluck:${eventId}`;
  const readIndexes = () =>
    Promise.all([
      db.store.readIndex(invitationSet, INVITATIONS.namespace),
      db.store.readIndex(invitationSet, RESPONSES.namespace),
      db.store.readIndex(potluckSet, POTLUCK_ITEMS.namespace),
    ]);
  // The summary first, then the indexes: anything added to or removed from the event after the summary was
  // read moved the summary, so a commit guarded by the summary as read cannot miss it. (Read together, an
  // index could be read before an invitation landed and the summary after.) A page that only shows the family
  // guards nothing with it, so it reads everything in one round trip (issued in one tick: one pipeline on
  // Redis and Upstash, where the MGET still runs before the index scripts; parallel reads on fs).
  const [pair, [invitationEntries, responseEntries, itemEntries]] = options.forDisplay
    ? await Promise.all([db.store.getMany([recordKey(EVENTS, eventId), recordKey(SUMMARIES, eventId)]), readIndexes()])
    : [await db.store.getMany([recordKey(EVENTS, eventId), recordKey(SUMMARIES, eventId)]), await readIndexes()];
  const event = parseRecord(EVENTS, recordKey(EVENTS, eventId), pair[0]);
  const summary = parseRecord(SUMMARIES, recordKey(SUMMARIES, eventId), pair[1]);
  if (!event || event.id !== eventId || !summary) return null;
  const dangling: EventFamily["dangling"] = [];
  const invitations: Invitation[] = [];
  for (const { member, value } of invitationEntries) {
    const invitation = parseRecord(INVITATIONS, recordKey(INVITATIONS, member), value);
    if (value === null) dangling.push({ setKey: invitationSet, member });
    else if (invitation && invitation.id === member && invitation.eventId === eventId) invitations.push(invitation);
  }
  const responses = new Map<string, ResponseRecord>();
  for (const { member, value } of responseEntries) {
    const response = parseRecord(RESPONSES, recordKey(RESPONSES, member), value);
    if (response && response.invitationId === member && response.eventId === eventId) responses.set(member, response);
  }
  const items: PotluckItem[] = [];
  for (const { member, value } of itemEntries) {
    const item = parseRecord(POTLUCK_ITEMS, recordKey(POTLUCK_ITEMS, member), value);
    if (value === null) dangling.push({ setKey: potluckSet, member });
    else if (item && item.id === member && item.eventId === eventId) items.push(item);
  }
  invitations.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  items.sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  return { event, summary, invitations, responses, items, dangling };
}
