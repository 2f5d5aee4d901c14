import { DIETARY_LABELS } from "../data/dietary";
import type { Invitation } from "../data/invitations";
import type { PartyEvent } from "../data/events";
import { RESPONSE_LABELS } from "../data/rsvps";
import { isWaitlisted, type InvitedHousehold, type PotluckView } from "./summary";
import { instantToZoned } from "../time";

/**
 * The guest list as CSV for spreadsheets. Every cell is quoted, and a cell that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe: guest-entered text stays text.
 */

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

export const GUEST_CSV_HEADER = [
  "Household",
  "Address",
  "First name",
  "Last name",
  "Adult or child",
  "Email",
  "Phone",
  "Response",
  "Set by host",
  "Answered at",
  "Dietary restrictions",
  "Dietary notes",
  "Note to host",
  "Potluck",
  /** Set on a household's extra guest's row: whose guest they are. */
  "Plus-one of",
  "RSVP link",
] as const;

/** The header row: "Answered at" names the event's time zone, which its times are in. */
export function guestCsvHeader(event: PartyEvent): string[] {
  return GUEST_CSV_HEADER.map((h) => (h === "Answered at" ? `Answered at (${event.timeZone})` : h));
}

/**
 * rsvpUrl: the household's working RSVP link, or null when it has none (revoked, or unreadable after a
 * secret change).
 */
export function guestListCsv(
  event: PartyEvent,
  households: InvitedHousehold[],
  potluck: PotluckView[],
  rsvpUrl: (invitation: Invitation) => string | null = () => null,
): string {
  const lines = [csvRow(guestCsvHeader(event))];
  for (const { household, note, people, plusOnes, invitation } of households) {
    const link = invitation.revokedAt === null ? (rsvpUrl(invitation) ?? "") : "";
    const brings = potluck
      .flatMap((v) =>
        v.claims.filter((c) => c.householdId === household.id).map((c) => `${v.item.name} x${c.quantity}`),
      )
      .join("; ");
    for (const row of people) {
      lines.push(
        csvRow([
          household.name,
          household.address,
          row.person.firstName,
          row.person.lastName,
          row.person.ageGroup === "child" ? "Child" : "Adult",
          row.person.email,
          row.person.phone,
          isWaitlisted(row) ? "Waitlisted" : RESPONSE_LABELS[row.status],
          row.response?.setByHost ? "yes" : "",
          row.response ? instantToZoned(row.response.updatedAt, event.timeZone).replace("T", " ") : "",
          row.dietaryTags.map((t) => DIETARY_LABELS[t]).join("; "),
          row.dietaryNotes,
          note?.note ?? "",
          brings,
          "",
          link,
        ]),
      );
    }
    // One row per extra guest, marked as the household's: a spreadsheet's row count is the head count.
    for (const row of plusOnes) {
      lines.push(
        csvRow([
          household.name,
          household.address,
          row.plusOne.name,
          "",
          "",
          "",
          "",
          row.status === "waitlisted" ? "Waitlisted" : row.status === "attending" ? "Attending" : "Not coming",
          "",
          "",
          row.plusOne.dietaryTags.map((t) => DIETARY_LABELS[t]).join("; "),
          row.plusOne.dietaryNotes,
          "",
          "",
          household.name,
          "",
        ]),
      );
    }
  }
  // BOM: Excel reads the file as UTF-8 only with it. CRLF: RFC 4180.
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A file name made only of safe characters, from the event title. */
export function exportFileName(title: string, extension: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60);
  return `${base || "event"}.${extension}`;
}

/** "Household: link" per line, for the households whose link works: ready to paste into a message. */
export function invitationLinksText(
  households: InvitedHousehold[],
  rsvpUrl: (invitation: Invitation) => string | null,
): string {
  const lines: string[] = [];
  for (const { household, invitation } of households) {
    const link = invitation.revokedAt === null ? rsvpUrl(invitation) : null;
    if (link) lines.push(`${household.name}: ${link}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
