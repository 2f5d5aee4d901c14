import Link from "next/link";
import { requireOrganizer } from "@/lib/auth";
import { organizerName } from "@/lib/data";
import { SiteHeader } from "../../site-header";
import { LogoutButton } from "../logout-button";

// Every organizer page shares this header (the sections, the organizer's name and "Log out"). It is not the
// security boundary: each page, action and route handler checks the session itself.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { organizer } = await requireOrganizer();
  return (
    <>
      <SiteHeader>
        <nav className="org-nav" aria-label="Organizer">
          <Link href="/organizer" prefetch={false}>
            Events
          </Link>
          <Link href="/organizer/guests" prefetch={false}>
            Guests
          </Link>
          <Link href="/organizer/account" prefetch={false}>
            Account
          </Link>
        </nav>
        {/* Who is signed in and the way out, kept together: on a phone they share one row. */}
        <div className="account-bar">
          <span className="who">
            Signed in as <strong data-testid="organizer-name">{organizerName(organizer)}</strong>
          </span>
          <LogoutButton />
        </div>
      </SiteHeader>
      <main>{children}</main>
      <footer className="site-footer">Holiday Party Planner</footer>
    </>
  );
}
