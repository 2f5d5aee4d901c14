import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { AppStore } from "../storage/types";
import { Collection, defineRecord, type ReaderOptions } from "./collection";
import { transact, type UnitOfWork } from "./commit";
import { LOCKS } from "./locks";
import { versionSchema } from "./records";

export const organizerSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  email: z.email(),
  firstName: z.string().min(1).max(100),
  // Empty for someone who goes by one name: show it through organizerName().
  lastName: z.string().max(100),
  passwordHash: z.string().startsWith("$2"),
  /**
   * When the current `email` was proved by a mailed link (lib/auth/email-verification.ts); null until then, and
   * again after every email change. Absent in records from before verification existed: unverified.
   */
  emailVerifiedAt: z.number().int().nullable().default(null),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  version: versionSchema,
});

export type Organizer = z.infer<typeof organizerSchema>;

/** The organizer's name as shown anywhere: "John Smith", or "Cher" without a last name. */
export function organizerName(organizer: Pick<Organizer, "firstName" | "lastName">): string {
  return [organizer.firstName, organizer.lastName]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" ");
}
/** What pages may see: never the password hash. */
export type PublicOrganizer = Omit<Organizer, "passwordHash" | "version">;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Emails are unique by hash: any character an email may hold is safe as a key, and lookups are O(1). */
export function emailHash(email: string): string {
  return createHash("sha256").update(normalizeEmail(email)).digest("hex");
}

/** `organizers:<id>`; unique: `organizer-emails:<sha256 of the email>`. */
export const ORGANIZERS = defineRecord<Organizer>({
  namespace: "organizers",
  label: "organizer",
  schema: organizerSchema,
  id: (o) => o.id,
  owners: (o) => [o.id],
  indexes: [],
  unique: [{ namespace: "organizer-emails", field: "organizerId", value: (o) => emailHash(o.email) }],
  parents: () => [],
});

export function newId(): string {
  return randomBytes(12).toString("base64url");
}

export function toPublicOrganizer(organizer: Organizer): PublicOrganizer {
  const { passwordHash: _omit, version: _version, ...rest } = organizer;
  return rest;
}

export type OrganizerRepository = ReturnType<typeof createOrganizerRepository>;

/**
 * Organizers. Every change is one versioned commit: an email is claimed by the same commit that writes the
 * record (guarded absent), so two sign-ups with one address cannot both succeed, and an email change frees the
 * old address in the commit that takes the new one.
 */
export function createOrganizerRepository(store: AppStore, options: ReaderOptions = {}) {
  const organizers = new Collection(store, ORGANIZERS, options);

  const findById = (id: string): Promise<Organizer | null> => organizers.get(id);
  const findByEmail = (email: string): Promise<Organizer | null> =>
    organizers.findUnique("organizer-emails", emailHash(email));

  /** Applies a change to one organizer (decided again if it changed meanwhile); null writes nothing. */
  function change(id: string, what: string, next: (current: Organizer) => Organizer | null): Promise<Organizer | null> {
    return transact(store, { what }, async (work) => {
      const found = await findById(id);
      if (!found) return null;
      const current = work.read(ORGANIZERS, found);
      const changed = next(current);
      if (!changed) return null;
      return work.put(ORGANIZERS, {
        ...changed,
        id: current.id,
        updatedAt: Math.max(Date.now(), current.updatedAt + 1),
      });
    });
  }

  /** Who an email's pointer names: nobody ("free"), a record that is gone ("dangling"), or an organizer. */
  async function pointerHolder(pointerKey: string): Promise<"free" | "dangling" | Organizer> {
    const pointer = (await store.get(pointerKey)) as { organizerId?: unknown } | null;
    if (pointer === null) return "free";
    const holder = typeof pointer.organizerId === "string" ? await findById(pointer.organizerId) : null;
    return holder ?? "dangling";
  }

  /** The commit takes the pointer over only while its old holder is still gone (or still holds another email). */
  function guardReclaim(work: UnitOfWork, pointerKey: string, holder: "dangling" | Organizer): void {
    work.reclaim(pointerKey);
    if (holder !== "dangling") work.read(ORGANIZERS, holder);
  }

  return {
    findById,
    findByEmail,

    /** Creates an organizer unless the email is taken (the email's pointer is guarded absent in the commit). */
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
        emailVerifiedAt: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      const pointerKey = `organizer-emails:${emailHash(organizer.email)}`;
      const attempt = (reclaiming: boolean) =>
        transact(store, { what: "sign-up" }, async (work) => {
          const holder = await pointerHolder(pointerKey);
          if (holder === "free") return { ok: true as const, organizer: work.create(ORGANIZERS, organizer) };
          if (holder !== "dangling" && normalizeEmail(holder.email) === organizer.email) {
            return { ok: false as const, reason: "email-taken" as const };
          }
          if (!reclaiming) return "reclaim" as const;
          guardReclaim(work, pointerKey, holder);
          return { ok: true as const, organizer: work.create(ORGANIZERS, organizer) };
        });
      const first = await attempt(false);
      if (first !== "reclaim") return first;
      const second = await store.withLock(LOCKS.reclaim(pointerKey), () => attempt(true));
      if (second === "reclaim") throw new Error("unreachable");
      return second;
    },

    /** Name changes. */
    updateName(id: string, input: { firstName: string; lastName: string }): Promise<Organizer | null> {
      return change(id, "name change", (current) => ({
        ...current,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
      }));
    },

    /**
     * Replaces the password hash. With `expectedHash`, only if the password is still the one the caller
     * checked (a reset token issued for an older password must not win over a newer change).
     */
    setPasswordHash(
      id: string,
      passwordHash: string,
      options: { expectedHash?: string } = {},
    ): Promise<Organizer | null> {
      return change(id, "password change", (current) =>
        options.expectedHash !== undefined && current.passwordHash !== options.expectedHash
          ? null
          : { ...current, passwordHash },
      );
    },

    /**
     * Marks the organizer's address verified, only while it is still `email` (the address the link was mailed
     * to): a link for an address changed since proves nothing. Null when it is not (or the organizer is gone).
     */
    markEmailVerified(id: string, email: string, at: number = Date.now()): Promise<Organizer | null> {
      return change(id, "email verification", (current) => {
        if (normalizeEmail(current.email) !== normalizeEmail(email)) return null;
        if (current.emailVerifiedAt !== null) return current;
        return { ...current, emailVerifiedAt: at };
      });
    },

    /** Moves an organizer to a new email: one commit frees the old address and claims the new one. */
    async changeEmail(
      id: string,
      newEmail: string,
    ): Promise<{ ok: true; organizer: Organizer } | { ok: false; reason: "email-taken" | "not-found" }> {
      const email = normalizeEmail(newEmail);
      const pointerKey = `organizer-emails:${emailHash(email)}`;
      const attempt = (reclaiming: boolean) =>
        transact(store, { what: "email change" }, async (work) => {
          const found = await findById(id);
          if (!found) return { ok: false as const, reason: "not-found" as const };
          const current = work.read(ORGANIZERS, found);
          if (normalizeEmail(current.email) === email) return { ok: true as const, organizer: current };
          const holder = await pointerHolder(pointerKey);
          if (
            holder !== "free" &&
            holder !== "dangling" &&
            holder.id !== id &&
            normalizeEmail(holder.email) === email
          ) {
            return { ok: false as const, reason: "email-taken" as const };
          }
          if (holder !== "free") {
            if (!reclaiming) return "reclaim" as const;
            guardReclaim(work, pointerKey, holder);
          }
          // A new address is unproved: it must be verified again (and stops matching invitations until then).
          const updated = work.put(ORGANIZERS, {
            ...current,
            email,
            emailVerifiedAt: null,
            updatedAt: Math.max(Date.now(), current.updatedAt + 1),
          });
          return { ok: true as const, organizer: updated };
        });
      const first = await attempt(false);
      if (first !== "reclaim") return first;
      const second = await store.withLock(LOCKS.reclaim(pointerKey), () => attempt(true));
      if (second === "reclaim") throw new Error("unreachable");
      return second;
    },
  };
}
