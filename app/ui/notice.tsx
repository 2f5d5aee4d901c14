/**
 * Confirmations shown after a redirect (`?notice=created`). Only these fixed texts are ever shown: nothing
 * from the query string is echoed into the page.
 */
export const NOTICES = {
  created: "Event created and published. Invite households below and send each one its link.",
  "created-draft": "Event created as a draft. Invite households below, then publish it so their links open.",
  "created-cancelled": "Event created as cancelled: invitation links will say that it is off.",
  saved: "Changes saved.",
  duplicated:
    "Party copied with its potluck list and guest list. Each household has a new link; publish the event when the details are right, then send the links.",
  published: "The event is published: invitation links now open it.",
  cancelled: "The event is cancelled. Guests opening their link see that it is off.",
  draft: "The event is back to draft: invitation links do not open it until you publish it.",
  deleted: "The event was deleted.",
  invited: "Invited. Copy each household's link and send it to them.",
  "invited-draft":
    "Invited. The event is still a draft, so their links do not open yet: publish it, then send them the links.",
  "invited-cancelled": "Invited, but the event is cancelled: their links say that it is off.",
  revoked: "The link was revoked: it no longer opens the invitation.",
  regenerated: "A new link was made; the old one no longer works.",
  uninvited: "The household was taken off the guest list.",
  answer: "The answer was saved as set by you.",
  "plus-ones": "Saved: the household's RSVP page offers that many extra guests.",
  "whos-coming-on": "Guests now see who's coming (first names of attending households) on their RSVP page.",
  "whos-coming-off": "Guests no longer see who's coming.",
  "item-added": "Potluck item added.",
  "item-saved": "Potluck item saved.",
  "item-removed": "Potluck item removed.",
  "household-created": "Household added. Now add the people in it.",
  "household-saved": "Household saved.",
  "household-deleted": "The household was deleted.",
  "person-added": "Person added.",
  "person-saved": "Person saved.",
  "person-removed": "Person removed.",
  "mail-queued": "Invitations are on their way. Each household's delivery state is shown below.",
  "mail-none": "Nothing to send: tick at least one household that has an email address.",
  "mail-not-published": "Publish the event first: invitations are mailed for published events only.",
  "announcement-posted": "Announcement posted: it shows on every invited household's RSVP page.",
  "announcement-mailed":
    "Announcement posted: it shows on every invited household's RSVP page and is on its way by email.",
  "announcement-deleted": "The announcement was deleted.",
  "comment-hidden": "The comment is hidden from guests.",
  "comment-shown": "The comment is visible to guests again.",
  busy: "The planner was busy and nothing was changed. Please try again in a moment.",
  unavailable: "We couldn't reach our data service, so nothing was changed. Please try again in a minute.",
} as const;

/** Notices that say something did not happen. */
const PROBLEMS: ReadonlySet<string> = new Set(["busy", "unavailable", "mail-none", "mail-not-published"]);

export type NoticeKey = keyof typeof NOTICES;

/**
 * The event page's notice for what is true now: "created" and "invited" read differently for a draft (whose
 * links do not open yet) or a cancelled event than for a published one.
 */
export function eventNoticeKey(
  value: string | string[] | undefined,
  status: "draft" | "published" | "cancelled",
): string | undefined {
  if (typeof value !== "string") return undefined;
  if ((value === "created" || value === "invited") && status !== "published") return `${value}-${status}`;
  return value;
}

export function noticeText(value: string | string[] | undefined): string | null {
  return typeof value === "string" && value in NOTICES ? NOTICES[value as NoticeKey] : null;
}

export function Notice({ value }: { value: string | string[] | undefined }) {
  const text = noticeText(value);
  const problem = typeof value === "string" && PROBLEMS.has(value);
  return text ? (
    <div className={`alert ${problem ? "error" : "success"}`} role={problem ? "alert" : "status"}>
      {text}
    </div>
  ) : null;
}
