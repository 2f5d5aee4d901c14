/** Announcement and comment limits and labels, zod-free so client forms can import them (lib/data/client.ts). */

export const ANNOUNCEMENT_MAX_LENGTH = 2000;
export const COMMENT_MAX_LENGTH = 500;
/** Comments one household may have on one event's wall at a time (hidden ones count; deleting frees a slot). */
export const COMMENTS_PER_HOUSEHOLD = 10;

/** Whom an announcement is mailed to, by the household's answer (see householdAnswer in lib/party). */
export const ANNOUNCEMENT_AUDIENCES = ["attending", "undecided", "maybe", "not_attending"] as const;
export type AnnouncementAudience = (typeof ANNOUNCEMENT_AUDIENCES)[number];
export const DEFAULT_ANNOUNCEMENT_AUDIENCE: readonly AnnouncementAudience[] = ["attending", "undecided"];
export const AUDIENCE_LABELS: Record<AnnouncementAudience, string> = {
  attending: "Attending",
  undecided: "Not answered yet",
  maybe: "Maybe",
  not_attending: "Not attending",
};
