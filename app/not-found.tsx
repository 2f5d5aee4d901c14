import { SiteHeader } from "./site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Page not found</h1>
          <p className="muted">There is nothing at this address.</p>
          {/* A plain link (as in SiteHeader): this page is part of every page's payload, the RSVP page's too. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- on purpose, as above */}
          <a href="/">Back to the start page</a>
        </div>
      </main>
    </>
  );
}
