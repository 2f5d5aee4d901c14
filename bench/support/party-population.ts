import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { DATA_VERSION, DATA_VERSION_KEY } from "../../lib/data/data-version";
import { pairValue, type Invitation } from "../../lib/data/invitations";
import { emailHash } from "../../lib/data/organizers";
import { recountTally } from "../../lib/data/plans";
import type { ResponseRecord } from "../../lib/data/rsvps";

/**
 * A consistent party dataset of about `records` records written straight into Redis with pipelined SETs and
 * SADDs (the layout of README "Data model"; commits would take minutes at 100,000): organizers with events,
 * households (3 people), invitations with their copies, responses (some answered), potluck dishes, summaries
 * recounted from them. The consistency check must find it clean.
 */
const HOUSEHOLDS_PER_EVENT = 40;

export async function populateParty(client: Redis, prefix: string, records: number): Promise<{ records: number }> {
  // Per event: the event, its summary, 40 households each with its invitation and response, 8 dishes.
  const perEvent = 2 + HOUSEHOLDS_PER_EVENT * 3 + 8;
  const events = Math.max(1, Math.round(records / perEvent));
  const now = Date.now();
  const id = () => randomBytes(12).toString("base64url");
  const k = (key: string) => `${prefix}:${key}`;
  let written = 0;
  let pipeline = client.pipeline();
  const flush = async (force = false) => {
    if (!force && pipeline.length < 2_000) return;
    await pipeline.exec();
    pipeline = client.pipeline();
  };
  const set = async (key: string, value: unknown) => {
    pipeline.set(k(key), JSON.stringify(value));
    written += 1;
    await flush();
  };
  const organizerIds: string[] = [];
  for (let o = 0; o < Math.max(1, Math.round(events / 10)); o++) {
    const organizerId = id();
    organizerIds.push(organizerId);
    const email = `bench-${o}-${organizerId}@example.com`;
    await set(`organizers:${organizerId}`, {
      id: organizerId,
      email,
      firstName: "Bench",
      lastName: `Organizer ${o}`,
      passwordHash: "$2b$04$abcdefghijklmnopqrstuu0123456789012345678901234567890",
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    pipeline.set(k(`organizer-emails:${emailHash(email)}`), JSON.stringify({ organizerId }));
  }
  for (let e = 0; e < events; e++) {
    const organizerId = organizerIds[e % organizerIds.length]!;
    const eventId = id();
    const day = new Date(now + 30 * 86_400_000).toISOString().slice(0, 10);
    await set(`events:${eventId}`, {
      id: eventId,
      organizerId,
      title: `Bench event ${e}`,
      description: "",
      startsAtLocal: `${day}T18:00`,
      endsAtLocal: `${day}T22:00`,
      rsvpDeadlineLocal: null,
      timeZone: "UTC",
      startsAt: Date.parse(`${day}T18:00:00Z`),
      endsAt: Date.parse(`${day}T22:00:00Z`),
      rsvpDeadline: null,
      locationName: "Hall",
      locationAddress: "",
      capacity: null,
      status: "published",
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    pipeline.sadd(k(`organizer-events:${organizerId}`), eventId);
    const invitations: Invitation[] = [];
    const responses = new Map<string, ResponseRecord>();
    for (let h = 0; h < HOUSEHOLDS_PER_EVENT; h++) {
      const householdId = id();
      const people = [0, 1, 2].map((p) => ({
        id: id(),
        firstName: `P${p}`,
        lastName: `H${h}`,
        email: null,
        phone: null,
        ageGroup: p === 2 ? "child" : "adult",
        dietaryTags: [],
        dietaryNotes: "",
      }));
      const name = `Household ${e}-${h}`;
      await set(`households:${householdId}`, {
        id: householdId,
        organizerId,
        name,
        address: "",
        people,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      pipeline.sadd(k(`organizer-households:${organizerId}`), householdId);
      const invitationId = id();
      const tokenHash = randomBytes(32).toString("hex");
      const invitation = {
        id: invitationId,
        organizerId,
        eventId,
        householdId,
        detachedAt: null,
        guests: { name, address: "", people },
        plusOnesAllowed: 0,
        tokenHash,
        sealedToken: "v1.bench.sealed.token.x",
        createdAt: now,
        linkCreatedAt: now,
        revokedAt: null,
        version: 1,
      } as Invitation;
      await set(`invitations:${invitationId}`, invitation);
      pipeline.sadd(k(`event-invitations:${eventId}`), invitationId);
      pipeline.sadd(k(`household-invitations:${householdId}`), invitationId);
      pipeline.set(k(`invitation-pairs:${pairValue(eventId, householdId)}`), JSON.stringify({ invitationId }));
      pipeline.set(k(`invitation-tokens:${tokenHash}`), JSON.stringify({ invitationId }));
      const answered = h % 2 === 0;
      const answers = answered
        ? Object.fromEntries(
            people.map((p, i) => [
              p.id,
              {
                status: i === 1 ? "maybe" : "attending",
                dietaryTags: [],
                dietaryNotes: "",
                setByHost: false,
                updatedAt: now,
              },
            ]),
          )
        : {};
      const response = {
        invitationId,
        eventId,
        householdId,
        organizerId,
        answers,
        plusOnes: [],
        note: answered ? "See you" : "",
        noteUpdatedAt: answered ? now : null,
        updatedAt: now,
        version: 1,
      } as ResponseRecord;
      await set(`responses:${invitationId}`, response);
      invitations.push(invitation);
      responses.set(invitationId, response);
    }
    for (let d = 0; d < 8; d++) {
      const itemId = id();
      await set(`potluck-items:${itemId}`, {
        id: itemId,
        eventId,
        organizerId,
        name: `Dish ${d}`,
        category: "side",
        quantity: 4,
        notes: "",
        addedByHouseholdId: null,
        claims: [],
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      pipeline.sadd(k(`event-potluck:${eventId}`), itemId);
    }
    await set(`event-summaries:${eventId}`, {
      ...recountTally(invitations, responses, 8),
      eventId,
      organizerId,
      updatedAt: now,
      version: 1,
    });
  }
  pipeline.set(k(DATA_VERSION_KEY), JSON.stringify({ version: DATA_VERSION, migratedAt: now }));
  await flush(true);
  return { records: written };
}
