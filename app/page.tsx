import Link from "next/link";
import { getCurrentOrganizer } from "@/lib/auth";
import { isStoreTrouble } from "@/lib/errors";
import { SiteHeader } from "./site-header";

async function signedInName(): Promise<string | null> {
  try {
    return (await getCurrentOrganizer())?.organizer.firstName ?? null;
  } catch (error) {
    // The landing page still renders when the store is down; the organizer pages say what is wrong.
    if (isStoreTrouble(error)) return null;
    throw error;
  }
}

export default async function HomePage() {
  const firstName = await signedInName();
  return (
    <>
      <SiteHeader />
      <main>
        <section className="card hero">
          <h1>Plan the holiday party, not the spreadsheet.</h1>
          <p className="muted">
            Create your parties, invite households with a private link, and follow who is coming, what they can eat and
            who brings the pie.
          </p>
          {firstName ? (
            <p>
              <Link className="button" href="/organizer" prefetch={false}>
                Go to your dashboard, {firstName}
              </Link>
            </p>
          ) : (
            <p>
              <Link className="button" href="/organizer/login" prefetch={false}>
                Organizer log in
              </Link>
            </p>
          )}
        </section>
      </main>
      <footer className="site-footer">Holiday Party Planner</footer>
    </>
  );
}
