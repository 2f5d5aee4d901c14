/**
 * The one naming rule for locks, shared by every store and every caller.
 *
 * A lock name is `<scope>.<id>[.<id>...]`: the kind of thing the lock protects, then the ids that pick one of
 * them, each part letters, digits, `_` or `-`. Build names with lockName() so that two functions protecting
 * the same thing cannot disagree (a code review found `invitation-pair.<event>.<household>` against
 * `invitation.<id>` for one invitation, and two invitations for one household came of it).
 *
 * Where a lock lives is decided here too, for every store: app locks are `app.<name>`, the fs store's own
 * per-key locks `key.<key>`, its commit lock `store.commit`; on disk `DATA_DIR/_locks/<that>`, on Redis the
 * key `<prefix>:_locks:<that>`. The scopes keep an app lock from ever sharing a name with a store lock.
 */

const PART = /^[A-Za-z0-9_-]+$/;
const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const MAX_NAME_LENGTH = 200;

/** The lock protecting one thing: lockName("invitation", eventId, householdId). */
export function lockName(scope: string, ...ids: string[]): string {
  for (const part of [scope, ...ids]) {
    if (typeof part !== "string" || !PART.test(part)) throw new Error(`Invalid lock name part: ${JSON.stringify(part)}`);
  }
  const name = [scope, ...ids].join(".");
  assertValidLockName(name);
  return name;
}

export function assertValidLockName(name: string): void {
  if (typeof name !== "string" || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new Error(`Invalid lock name: ${JSON.stringify(name)} (expected scope.id[.id...], see lib/storage/lock-names.ts)`);
  }
}

/** Where an app lock (withLock) lives: a file name under DATA_DIR/_locks, or a key under `<prefix>:_locks:`. */
export function appLockId(name: string): string {
  assertValidLockName(name);
  return `app.${name}`;
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
