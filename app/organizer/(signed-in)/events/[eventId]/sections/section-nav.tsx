/** The event page's sections, linked from the top so that nothing sits thousands of pixels down unseen. */
export const EVENT_SECTIONS = [
  { id: "overview", label: "Overview" },
  { id: "invitations", label: "Guests and invitations" },
  { id: "announcements", label: "Announcements" },
  { id: "comments", label: "Comments" },
  { id: "potluck", label: "Potluck" },
  { id: "dietary", label: "Dietary" },
  { id: "cohosts", label: "Co-hosts" },
] as const;

export function SectionNav({ counts }: { counts: Partial<Record<(typeof EVENT_SECTIONS)[number]["id"], string>> }) {
  return (
    <nav aria-label="Event sections" className="section-nav">
      <ul>
        {EVENT_SECTIONS.map((s) => (
          <li key={s.id}>
            <a href={`#${s.id}`}>
              {s.label}
              {counts[s.id] ? <span className="muted"> ({counts[s.id]})</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
