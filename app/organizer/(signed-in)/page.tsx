import type { Metadata } from "next";
import { requireOrganizer } from "@/lib/auth/current";
import { takeFlash } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { organizer, session } = await requireOrganizer("/organizer");
  const flash = await takeFlash(session);
  return (
    <>
      {flash ? (
        <div className="alert success" role="status">
          {flash}
        </div>
      ) : null}
      <h1>Your holiday parties</h1>
      <p className="muted">
        {organizer.firstName} {organizer.lastName} · {organizer.email}
      </p>
      <section className="card empty-state">
        <h2>No parties yet</h2>
        <p className="muted">Your events, guest households and RSVPs will appear here.</p>
      </section>
    </>
  );
}
