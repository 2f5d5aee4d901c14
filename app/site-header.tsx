/**
 * A plain link, not next/link: the guest RSVP page renders this header and has no other use for the client
 * router's Link code (3 KB gzipped of its first-load JavaScript); going to the start page is a full load anyway.
 */
export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="site-header">
      <div className="inner">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- on purpose: see the comment above */}
        <a href="/" className="brand">
          <span>❄</span> Holiday Party Planner
        </a>
        {children}
      </div>
    </header>
  );
}
