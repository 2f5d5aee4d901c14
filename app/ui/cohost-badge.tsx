import type { EventRole } from "@/lib/data";

/** Marks an event the signed-in organizer co-hosts (their own events carry no mark). */
export function CohostBadge({ role }: { role: EventRole }) {
  return role === "cohost" ? (
    <span className="badge badge-cohost" data-testid="cohost-badge">
      Co-host
    </span>
  ) : null;
}
