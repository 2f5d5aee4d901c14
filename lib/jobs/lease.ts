import type { AppStore } from "../storage/types";

/**
 * A named lease in the store: of the processes that ask for it at once, one gets it, until it expires or is
 * renewed. The self-tick uses it so that one instance at a time does the minute's work. It decides who works,
 * not what is correct: the queue's claims and the reminders' unique keys make a second run harmless anyway.
 *
 * Written only by commits (version-guarded), as the store requires of keys written by commits.
 */

interface LeaseRecord {
  owner: string;
  until: number;
  version: number;
}

function parse(value: unknown): LeaseRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const { owner, until, version } = value as Partial<LeaseRecord>;
  return typeof owner === "string" && typeof until === "number" && typeof version === "number"
    ? { owner, until, version }
    : null;
}

export const leaseKey = (name: string) => `job-leases:${name}`;

/** True when `owner` holds the lease `name` for `ttlMs` from `now` (taken, or renewed because it held it). */
export async function acquireLease(
  store: AppStore,
  name: string,
  owner: string,
  ttlMs: number,
  now = Date.now(),
): Promise<boolean> {
  const key = leaseKey(name);
  const current = parse(await store.get(key));
  if (current && current.until > now && current.owner !== owner) return false;
  const next = { owner, until: now + ttlMs, version: (current?.version ?? 0) + 1 };
  const result = await store.commit(
    current
      ? { guards: [{ kind: "version", key, version: current.version }], writes: [{ op: "replace", key, value: next }] }
      : { guards: [{ kind: "absent", key }], writes: [{ op: "set", key, value: next }] },
  );
  return result.ok;
}
