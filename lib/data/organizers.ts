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
     * Creates an organizer unless the email is taken. The email index entry is claimed first with an
     * atomic create-if-absent, so two racing sign-ups with one email cannot both succeed.
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
      const key = emailKey(organizer.email);
      if (!(await store.add(key, { organizerId: organizer.id }))) {
        // A claim whose organizer was never written (a crash between the two writes) is stale: take it over.
        if (await findByEmail(organizer.email)) return { ok: false, reason: "email-taken" };
        await store.withLock(key, async () => {
          if (!(await findByEmail(organizer.email))) await store.set(key, { organizerId: organizer.id });
        });
        const ref = (await store.get(key)) as { organizerId?: unknown } | null;
        if (ref?.organizerId !== organizer.id) return { ok: false, reason: "email-taken" };
      }
      await store.set(organizerKey(organizer.id), organizer);
      return { ok: true, organizer };
    },
  };
}
