import type { AppStore } from "../storage/types";
import type { SessionRecord } from "./record";

// The session layout in the store, shared by the core API (manager.ts), flash messages and maintenance.

export const sessionKey = (id: string) => `sessions:${id}`;
export const organizerSessionsKey = (organizerId: string) => `organizer-sessions:${organizerId}`;
export const flashKey = (id: string) => `flash:${id}`;
/** Held while a login writes index-then-record and while the index is pruned or used to sign out. */
export const organizerLockName = (organizerId: string) => `organizer-sessions.${organizerId}`;

/**
 * Removes a session: its record (a renewal racing this cannot bring it back: replace() and remove() are
 * ordered by each store, see lib/storage), its index member, and its flash message. `flash: false` skips
 * the flash, for a caller that knows there is none (pruneExpired lists the few that exist first).
 *
 * A setFlash racing this (a login's message for a session being pruned or signed out) can land just after
 * the flash's remove, or after pruneExpired's listing, and outlive the session. No lock could prevent that
 * (set() takes none) and it is harmless: the flash is keyed by this session's id, which no live session
 * has any more, so nothing ever shows it, and it carries its own expiry, after which pruneExpired's flash
 * pass removes it.
 */
export async function removeSessionRecord(
  store: AppStore,
  record: Pick<SessionRecord, "id" | "organizerId">,
  options: { flash?: boolean } = {},
): Promise<void> {
  await store.remove(sessionKey(record.id));
  await store.setRemove(organizerSessionsKey(record.organizerId), record.id);
  if (options.flash ?? true) await store.remove(flashKey(record.id));
}

export function isSessionExpired(record: SessionRecord, now: number): boolean {
  return now >= record.expiresAt || now >= record.absoluteExpiresAt;
}
