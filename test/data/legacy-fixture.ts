import { cpSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { AppStore } from "../../lib/storage/types";

/** test/fixtures/legacy-v0: a DATA_DIR written by the code before the data-layer rewrite. */
export const LEGACY_DIR = path.resolve("test/fixtures/legacy-v0/data");

export interface LegacyManifest {
  vaultSecret: string;
  organizers: { john: string; jane: string };
  annualEventId: string;
  chenToken: string;
  liveLinks: { household: string; token: string }[];
  revokedInvitationId: string;
  removedPersonId: string;
  deletedHouseholdId: string;
}

export const legacyManifest = (): LegacyManifest =>
  JSON.parse(readFileSync(path.resolve("test/fixtures/legacy-v0/manifest.json"), "utf8")) as LegacyManifest;

/** Copies the fixture as it is into a fresh fs DATA_DIR. */
export function copyLegacyDir(target: string): void {
  cpSync(LEGACY_DIR, target, { recursive: true });
}

function* files(dir: string, prefix: string[] = []): Generator<string[]> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full, [...prefix, name]);
    else yield [...prefix, name];
  }
}

/**
 * Writes the fixture into any store key by key, as the old code laid it out (plain values and sets; the
 * values exactly as stored): Redis and memory get the same old data the fs fixture holds.
 */
export async function loadLegacyInto(store: AppStore): Promise<{ keys: number; members: number }> {
  let keys = 0;
  let members = 0;
  for (const segments of files(LEGACY_DIR)) {
    if (segments[0] === "_locks") continue;
    if (segments[0] === "_sets") {
      const member = segments.at(-1)!;
      await store.setAdd(segments.slice(1, -1).join(":"), member);
      members += 1;
      continue;
    }
    const value = JSON.parse(readFileSync(path.join(LEGACY_DIR, ...segments), "utf8")) as unknown;
    await store.set(segments.join(":"), value);
    keys += 1;
  }
  return { keys, members };
}

/** What the old layout said about one event, read straight from its files (no app code involved). */
export function legacyCounts(eventId: string): {
  households: number;
  invited: number;
  attending: number;
  maybe: number;
  notAttending: number;
} {
  const read = (...segments: string[]) =>
    JSON.parse(readFileSync(path.join(LEGACY_DIR, ...segments), "utf8")) as Record<string, unknown>;
  const invitationIds = readdirSync(path.join(LEGACY_DIR, "_sets", "event-invitations", eventId));
  const counts = { households: 0, invited: 0, attending: 0, maybe: 0, notAttending: 0 };
  for (const id of invitationIds) {
    const invitation = read("invitations", id) as { householdId: string };
    const household = read("households", invitation.householdId) as { people: { id: string }[] };
    counts.households += 1;
    for (const person of household.people) {
      counts.invited += 1;
      let status: unknown = null;
      try {
        status = read("rsvps", eventId, person.id).status;
      } catch {
        // no answer
      }
      if (status === "attending") counts.attending += 1;
      if (status === "maybe") counts.maybe += 1;
      if (status === "not_attending") counts.notAttending += 1;
    }
  }
  return counts;
}
