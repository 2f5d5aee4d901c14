import Link from "next/link";

// Inside the organizer pages (header, name and "Log out" stay): an unknown id and another organizer's id
// look exactly the same.
export default function OrganizerNotFound() {
  return (
    <div className="card narrow">
      <h1>Not found</h1>
      <p className="muted">There is nothing here, or it belongs to another organizer.</p>
      <Link href="/organizer" prefetch={false}>
        Back to your events
      </Link>
    </div>
  );
}
