import { DIETARY_LABELS } from "@/lib/data";
import type { InvitedHousehold } from "@/lib/party";
import { PlusOnesAllowanceForm } from "../plus-ones-allowance-form";

const STATUS_LABELS = { attending: "Attending", waitlisted: "Waitlisted", not_coming: "Not coming" } as const;

/**
 * A household's extra guests on the guest list: who they named (with their dietary needs and whether they
 * come) and how many they may bring.
 */
export function PlusOnesBlock({ eventId, invited }: { eventId: string; invited: InvitedHousehold }) {
  const { invitation, household, plusOnes } = invited;
  return (
    <div className="plus-ones-block" data-testid="plus-ones-block">
      {plusOnes.length > 0 ? (
        <ul className="people">
          {plusOnes.map((row) => (
            <li key={row.plusOne.id} className="person-row" data-testid="plus-one-guest">
              <div className="person-main">
                <strong>{row.plusOne.name}</strong> <span className="muted">(guest of {household.name})</span>{" "}
                <span className={`badge answer-${row.status === "attending" ? "attending" : "no_reply"}`}>
                  {STATUS_LABELS[row.status]}
                </span>
                {row.plusOne.dietaryTags.length > 0 || row.plusOne.dietaryNotes ? (
                  <div className="muted small">
                    {[
                      ...row.plusOne.dietaryTags.map((t) => DIETARY_LABELS[t]),
                      ...(row.plusOne.dietaryNotes ? [row.plusOne.dietaryNotes] : []),
                    ].join(" · ")}
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <PlusOnesAllowanceForm
        eventId={eventId}
        invitationId={invitation.id}
        householdName={household.name}
        allowed={invitation.plusOnesAllowed}
      />
    </div>
  );
}
