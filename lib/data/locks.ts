import { createHash } from "node:crypto";
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
  /**
   * Not a store lock: a queue inside one process, per record, for changes that only adjust it (an answer
   * moving an event's counts). It orders them so that a burst commits one after another instead of colliding;
   * nothing depends on it for correctness (see transact in lib/data/commit.ts).
   */
  adjustQueue: "data.adjust",
  /**
   * Taking over a unique key whose pointer names a record that is gone (left by old code or a crash): a commit
   * can guard that the pointer exists and that its old holder is absent, but not that the pointer still names
   * that holder, so two takers could both pass. The lock makes the read and the commit of one taker happen
   * before the next one reads. Only this rare path takes it; an ordinary claim is a guard (absent).
   */
  reclaim: (pointerKey: string) =>
    lockName("data", "reclaim", createHash("sha256").update(pointerKey).digest("hex").slice(0, 40)),
} as const;
