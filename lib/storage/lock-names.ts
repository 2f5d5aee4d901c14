/**
 * The one naming rule for locks, shared by every store and every caller.
 *
 * A lock name is `<scope>.<id>[.<id>...]`: the kind of thing the lock protects, then the ids that pick one of
 * them, each part letters, digits, `_` or `-`. Build names with lockName() so that two functions protecting
 * the same thing cannot disagree (a code review found `invitation-pair.<event>.<household>` against
 * `invitation.<id>` for one invitation, and two invitations for one household came of it).
 *
 * Where a lock lives is decided here too, for every store. On fs, under `DATA_DIR/_locks/`: app locks are
 * `app.<name>`, the store's own per-key locks `key.<key>` and its commit lock `store.commit`, the scopes
 * keeping an app lock from ever sharing a file with a store lock. On Redis (no store locks there) an app
 * lock is the key `<prefix>:_locks:<name>`, the key earlier versions used, so that during a deploy old and
 * new instances still exclude each other.
 */

const PART = /^[A-Za-z0-9_-]+$/;
const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const MAX_NAME_LENGTH = 200;

/** The lock protecting one thing: lockName("invitation", eventId, householdId). */
export function lockName(scope: string, ...ids: string[]): string {
  for (const part of [scope, ...ids]) {
    if (typeof part !== "string" || !PART.test(part))
      throw new Error(`Invalid lock name part: ${JSON.stringify(part)}`);
  }
  const name = [scope, ...ids].join(".");
  assertValidLockName(name);
  return name;
}

export function assertValidLockName(name: string): void {
  if (typeof name !== "string" || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new Error(
      `Invalid lock name: ${JSON.stringify(name)} (expected scope.id[.id...], see lib/storage/lock-names.ts)`,
    );
  }
}

/** An app lock's (withLock) file name under DATA_DIR/_locks. */
export function appLockId(name: string): string {
  assertValidLockName(name);
  return `app.${name}`;
}

/** An app lock's Redis key, before the store's prefix. */
export function redisLockKey(name: string): string {
  assertValidLockName(name);
  return `_locks:${name}`;
}

/**
 * The fs store's lock for one key (replace() against remove()). Keys may hold `:` and `.`, file names should
 * not hold `:`: the mapping to `_` may let two keys share a lock, which only ever serialises more.
 */
export function keyLockId(key: string): string {
  return `key.${key.replace(/:/g, "_")}`;
}

/** The fs store's one store-wide lock for commits. */
export const COMMIT_LOCK_ID = "store.commit";
