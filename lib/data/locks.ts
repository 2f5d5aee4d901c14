import { lockName } from "../storage/lock-names";

/**
 * Every store lock the data layer takes, named here and nowhere else. A lock is used only where one atomic
 * commit cannot express the rule; everything else is a guarded commit (lib/data/commit.ts).
 *
 * - migration: the data migration walks the whole store in many commits (one per event), which no single
 *   commit can hold; the lock keeps two instances starting at once from walking it together. Each step is
 *   idempotent and guarded, so a holder that died mid-way leaves nothing a re-run cannot finish, and the
 *   store's own lock expiry frees the lock.
 */
export const LOCKS = {
  migration: lockName("data", "migration"),
} as const;
