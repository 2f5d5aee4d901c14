import type { EventStatus } from "@/lib/data";
import type { GuestStatus, RsvpCounts } from "@/lib/party";

const STATUS_TEXT: Record<EventStatus | "past", string> = {
  draft: "Draft",
  published: "Published",
  cancelled: "Cancelled",
  past: "Past",
};

export function EventStatusBadge({ status, past }: { status: EventStatus; past: boolean }) {
  const key = status === "published" && past ? "past" : status;
  return <span className={`badge badge-${key}`}>{STATUS_TEXT[key]}</span>;
}

const ANSWER_TEXT: Record<GuestStatus, string> = {
  attending: "Attending",
  not_attending: "Not attending",
  maybe: "Maybe",
  no_reply: "No reply",
};

export function AnswerBadge({ status, waitlisted = false }: { status: GuestStatus; waitlisted?: boolean }) {
  if (waitlisted) return <span className="badge answer-waitlist">Waitlisted</span>;
  return <span className={`badge answer-${status}`}>{ANSWER_TEXT[status]}</span>;
}

/** Attending / maybe / not attending / no reply as one stacked bar, with the numbers as text beside it. */
export function CountsBar({ counts, label }: { counts: RsvpCounts; label: string }) {
  const total = counts.invited;
  const parts: [keyof RsvpCounts, string][] = [
    ["attending", "attending"],
    ["maybe", "maybe"],
    ["notAttending", "not_attending"],
    ["noReply", "no_reply"],
  ];
  return (
    <div className="counts-bar" role="img" aria-label={label}>
      {total === 0
        ? null
        : parts.map(([key, cls]) => {
            const n = counts[key] as number;
            return n > 0 ? (
              <span key={key} className={`seg seg-${cls}`} style={{ width: `${(n / total) * 100}%` }} />
            ) : null;
          })}
    </div>
  );
}

export function countsSummary(counts: RsvpCounts): string {
  return `${counts.attending} attending, ${counts.maybe} maybe, ${counts.notAttending} not attending, ${counts.noReply} no reply`;
}
