import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { AppStore } from "../storage/types";

export const organizerSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  email: z.email(),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  passwordHash: z.string().startsWith("$2"),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export type Organizer = z.infer<typeof organizerSchema>;
/** What pages may see: never the password hash. */
export type PublicOrganizer = Omit<Organizer, "passwordHash">;

const organizerKey = (id: string) => `organizers:${id}`;
/** Emails are indexed by hash: any character an email may hold is safe as a key, and lookups are O(1). */
const emailKey = (email: string) =>
  `organizer-emails:${createHash("sha256").update(normalizeEmail(email)).digest("hex")}`;

const emailLockName = (email: string) => `email.${createHash("sha256").update(normalizeEmail(email)).digest("hex")}`;
const organizerLockName = (id: string) => `organizer.${id}`;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function newId(): string {
  return randomBytes(12).toString("base64url");
}

export function toPublicOrganizer(organizer: Organizer): PublicOrganizer {
  const { passwordHash: _omit, ...rest } = organizer;
  return rest;
}

export type OrganizerRepository = ReturnType<typeof createOrganizerRepository>;

export function createOrganizerRepository(store: AppStore) {
  async function findById(id: string): Promise<Organizer | null> {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return null;
    const parsed = organizerSchema.safeParse(await store.get(organizerKey(id)));
    return parsed.success ? parsed.data : null;
  }

  /** Applies a change to one organizer under its lock; the change returns null to write nothing. */
  async function withOrganizer(id: string, change: (current: Organizer) => Promise<Organizer | null>): Promise<Organizer | null> {
    return store.withLock(organizerLockName(id), async () => {
      const current = await findById(id);
      if (!current) return null;
      const next = await change(current);
      if (!next) return null;
      const updated = organizerSchema.parse({ ...next, id: current.id, email: current.email, updatedAt: Math.max(Date.now(), current.updatedAt + 1) });
      await store.set(organizerKey(id), updated);
      return updated;
    });
  }

  async function findByEmail(email: string): Promise<Organizer | null> {
    const ref = (await store.get(emailKey(email))) as { organizerId?: unknown } | null;
    if (!ref || typeof ref.organizerId !== "string") return null;
    const organizer = await findById(ref.organizerId);
    return organizer && normalizeEmail(organizer.email) === normalizeEmail(email) ? organizer : null;
  }

  return {
    findById,
    findByEmail,

    /**
     * Creates an organizer unless the email is taken. The email index entry is written under a lock named
     * after the email (shared by every process on this store), so two racing sign-ups with one email cannot
     * both succeed, and an email change racing a sign-up cannot either. An entry whose organizer does not
     * hold that email any more (a crash between two writes) counts as free.
     */
    async create(input: {
      email: string;
      firstName: string;
      lastName: string;
      passwordHash: string;
    }): Promise<{ ok: true; organizer: Organizer } | { ok: false; reason: "email-taken" }> {
      const now = Date.now();
      const organizer = organizerSchema.parse({
        id: newId(),
        email: normalizeEmail(input.email),
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        passwordHash: input.passwordHash,
        createdAt: now,
        updatedAt: now,
      });
      return store.withLock(emailLockName(organizer.email), async () => {
        if (await findByEmail(organizer.email)) return { ok: false as const, reason: "email-taken" as const };
        // The record first: a crash before the index entry leaves an organizer nobody can log in as, and the
        // email free, rather than an index entry pointing at nothing.
        await store.set(organizerKey(organizer.id), organizer);
        await store.set(emailKey(organizer.email), { organizerId: organizer.id });
        return { ok: true as const, organizer };
      });
    },

    /** Name changes. Read-modify-write under the organizer's lock, so concurrent edits never lose one. */
    async updateName(id: string, input: { firstName: string; lastName: string }): Promise<Organizer | null> {
      return withOrganizer(id, async (current) => ({
        ...current,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
      }));
    },

    /**
     * Replaces the password hash. With `expectedHash`, only if the password is still the one the caller
     * checked (a reset token issued for an older password must not win over a newer change).
     */
    async setPasswordHash(id: string, passwordHash: string, options: { expectedHash?: string } = {}): Promise<Organizer | null> {
      return withOrganizer(id, async (current) => {
        if (options.expectedHash !== undefined && current.passwordHash !== options.expectedHash) return null;
        return { ...current, passwordHash };
      });
    },

    /**
     * Moves an organizer to a new email. The new address is claimed under its email lock (the same lock
     * sign-up takes), the record is written, and only then is the old index entry released, so at every
     * moment each email resolves to at most one organizer and a crash leaves nothing that blocks anyone.
     */
    async changeEmail(
      id: string,
      newEmail: string,
    ): Promise<{ ok: true; organizer: Organizer } | { ok: false; reason: "email-taken" | "not-found" }> {
      const email = normalizeEmail(newEmail);
      return store.withLock(organizerLockName(id), async () => {
        const current = await findById(id);
        if (!current) return { ok: false as const, reason: "not-found" as const };
        if (normalizeEmail(current.email) === email) return { ok: true as const, organizer: current };
        const moved = await store.withLock(emailLockName(email), async () => {
          const holder = await findByEmail(email);
          if (holder && holder.id !== id) return null;
          const updated = organizerSchema.parse({ ...current, email, updatedAt: Math.max(Date.now(), current.updatedAt + 1) });
          await store.set(emailKey(email), { organizerId: id });
          await store.set(organizerKey(id), updated);
          return updated;
        });
        if (!moved) return { ok: false as const, reason: "email-taken" as const };
        await store.withLock(emailLockName(current.email), async () => {
          const ref = (await store.get(emailKey(current.email))) as { organizerId?: unknown } | null;
          if (ref?.organizerId === id) await store.remove(emailKey(current.email));
        });
        return { ok: true as const, organizer: moved };
      });
    },
  };
}
