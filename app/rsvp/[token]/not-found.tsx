import { SiteHeader } from "../../site-header";

// An unknown, mistyped, revoked or replaced link, or an event that is not open to guests: one friendly
// answer for all of them (HTTP 404), which tells nobody which of these it was.
export default function InvitationNotFound() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow" data-testid="invalid-invitation">
          <h1>This invitation link is not valid</h1>
          <p>
            The link may be incomplete, or your host may have replaced it with a new one. Please ask your host to send
            you the current link.
          </p>
        </div>
      </main>
    </>
  );
}
