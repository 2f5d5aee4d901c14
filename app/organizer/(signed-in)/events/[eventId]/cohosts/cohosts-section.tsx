import { cohostInviteState, type CohostInvite, type EventRole, type PartyEvent } from "@/lib/data";
import { formatInstant } from "@/lib/time";
import { SubmitButton } from "../../../../../ui/submit-button";
import { leaveEventAction, removeCohostAction, revokeCohostInviteAction, transferOwnershipAction } from "./actions";
import { InviteCohostForm } from "./invite-cohost-form";

/** This section's own confirmations (the page's shared notices leave unknown keys alone). */
const COHOST_NOTICES: Record<string, string> = {
  "cohost-invited": "Invitation sent: the link in the mail works once, for 7 days.",
  "cohost-invite-revoked": "The invitation was withdrawn: its link no longer works.",
  "cohost-removed": "The co-host was removed. Households they invited stay on the guest list.",
  "ownership-transferred": "The event now belongs to its new owner; you are a co-host of it.",
  "cohost-joined": "You are now a co-host of this event.",
};

const STATE_LABELS = { pending: "Pending", accepted: "Accepted", revoked: "Withdrawn", expired: "Expired" } as const;

/**
 * Who runs the event. The owner invites co-hosts by email, withdraws invitations, removes co-hosts and hands
 * the event over; a co-host sees who hosts it and can leave.
 */
export function CohostsSection({
  event,
  role,
  organizerId,
  invites,
  notice,
}: {
  event: PartyEvent;
  role: EventRole;
  organizerId: string;
  invites: CohostInvite[];
  notice: string;
}) {
  const now = Date.now();
  const hidden = <input type="hidden" name="eventId" value={event.id} />;
  const message = Object.hasOwn(COHOST_NOTICES, notice) ? COHOST_NOTICES[notice] : undefined;
  return (
    <section className="card" id="cohosts" aria-labelledby="cohosts-heading" data-testid="cohosts-section">
      <h2 id="cohosts-heading">Co-hosts</h2>
      {message ? (
        <div className="alert success" role="status">
          {message}
        </div>
      ) : null}
      <p className="muted" data-testid="my-role">
        {role === "owner"
          ? "You own this event. Co-hosts can edit it and manage its guests, invitations and potluck; only you can delete it, manage co-hosts or hand it over."
          : "You co-host this event: you can edit it and manage its guests, invitations and potluck."}
      </p>
      {event.cohosts.length === 0 ? (
        <p className="muted">No co-hosts yet.</p>
      ) : (
        <ul className="cohost-list" data-testid="cohost-list">
          {event.cohosts.map((cohost) => (
            <li key={cohost.organizerId} data-testid="cohost">
              <span>{cohost.organizerId === organizerId ? `${cohost.email} (you)` : cohost.email}</span>
              {role === "owner" ? (
                <>
                  <form action={transferOwnershipAction} className="inline-form">
                    {hidden}
                    <input type="hidden" name="cohostId" value={cohost.organizerId} />
                    <SubmitButton className="button secondary">Make owner</SubmitButton>
                  </form>
                  <form action={removeCohostAction} className="inline-form">
                    {hidden}
                    <input type="hidden" name="cohostId" value={cohost.organizerId} />
                    <SubmitButton className="button danger">Remove</SubmitButton>
                  </form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {role === "cohost" ? (
        <form action={leaveEventAction}>
          {hidden}
          <SubmitButton className="button secondary">Leave this event</SubmitButton>
        </form>
      ) : null}
      {role === "owner" ? (
        <>
          <h3>Invite a co-host</h3>
          <InviteCohostForm eventId={event.id} />
          {invites.length > 0 ? (
            <table className="cohost-invites" data-testid="cohost-invites">
              <thead>
                <tr>
                  <th scope="col">Invited</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invites.map((invite) => {
                  const state = cohostInviteState(invite, now);
                  return (
                    <tr key={invite.id} data-testid="cohost-invite">
                      <td>{invite.email}</td>
                      <td>
                        {STATE_LABELS[state]}
                        {state === "pending" ? (
                          <span className="muted"> until {formatInstant(invite.expiresAt, event.timeZone)}</span>
                        ) : null}
                      </td>
                      <td>
                        {state === "pending" ? (
                          <form action={revokeCohostInviteAction} className="inline-form">
                            {hidden}
                            <input type="hidden" name="inviteId" value={invite.id} />
                            <SubmitButton className="button secondary">Withdraw</SubmitButton>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
