import { z } from "zod";
import { defineRecord } from "./collection";
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_MAX_LENGTH, COMMENT_MAX_LENGTH } from "./message-labels";
import { idSchema, timestampSchema, versionSchema } from "./records";

/**
 * What the host and the guests write to each other about one event: the host's announcements (shown on every
 * invited household's RSVP page, and mailed) and the guests' comments (the message wall). Both are text only:
 * they are rendered as React text nodes, never as HTML.
 */

export {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_MAX_LENGTH,
  AUDIENCE_LABELS,
  COMMENT_MAX_LENGTH,
  COMMENTS_PER_HOUSEHOLD,
  DEFAULT_ANNOUNCEMENT_AUDIENCE,
  type AnnouncementAudience,
} from "./message-labels";

export const announcementSchema = z.object({
  id: idSchema,
  organizerId: idSchema,
  eventId: idSchema,
  body: z.string().min(1).max(ANNOUNCEMENT_MAX_LENGTH),
  /** Who was mailed it (as chosen when it was posted). */
  audience: z.array(z.enum(ANNOUNCEMENT_AUDIENCES)).max(ANNOUNCEMENT_AUDIENCES.length),
  createdAt: timestampSchema,
  version: versionSchema,
});
export type Announcement = z.infer<typeof announcementSchema>;

export const ANNOUNCEMENTS = defineRecord<Announcement>({
  namespace: "announcements",
  label: "announcement",
  schema: announcementSchema,
  id: (a) => a.id,
  owners: (a) => [a.organizerId],
  indexes: [{ set: "event-announcements", owners: (a) => [a.eventId] }],
  unique: [],
  parents: (a) => [`events:${a.eventId}`],
});

export const commentSchema = z.object({
  /** `<invitation id>-c<slot>`: see commentSlotId. */
  id: idSchema,
  organizerId: idSchema,
  eventId: idSchema,
  invitationId: idSchema,
  /** The household's name when it wrote this (shown as the author). */
  authorName: z.string().min(1).max(200),
  body: z.string().min(1).max(COMMENT_MAX_LENGTH),
  /** Set by the host: hidden from guests, shown to the host as hidden. */
  hiddenAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  version: versionSchema,
});
export type GuestComment = z.infer<typeof commentSchema>;

export const COMMENTS = defineRecord<GuestComment>({
  namespace: "comments",
  label: "comment",
  schema: commentSchema,
  id: (c) => c.id,
  owners: (c) => [c.organizerId],
  indexes: [{ set: "event-comments", owners: (c) => [c.eventId] }],
  unique: [],
  parents: (c) => [`events:${c.eventId}`],
});

/**
 * A household's comments live in COMMENTS_PER_HOUSEHOLD fixed slots, `<invitation id>-c0` … `-c9`. Posting
 * creates the first free slot, and creating a record guards its key absent in the commit: two posts racing
 * for one slot cannot both land (the loser decides again and takes the next), and with every slot taken there
 * is nothing left to create. The cap holds by construction, on every store, without a counter.
 */
export function commentSlotId(invitationId: string, slot: number): string {
  return `${invitationId}-c${slot}`;
}

const text = (max: number, what: string) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, { error: `Write the ${what} first` })
        .max(max, { error: `Keep the ${what} to ${max.toLocaleString("en-US")} characters or fewer` }),
    );

export const announcementInputSchema = z.object({
  body: text(ANNOUNCEMENT_MAX_LENGTH, "announcement"),
  audience: z
    .array(z.enum(ANNOUNCEMENT_AUDIENCES, { error: "Choose who gets it by email from the list" }))
    .transform((a) => [...new Set(a)]),
});
export type AnnouncementInput = z.infer<typeof announcementInputSchema>;

export const commentInputSchema = z.object({ body: text(COMMENT_MAX_LENGTH, "comment") });
export type CommentInput = z.infer<typeof commentInputSchema>;
