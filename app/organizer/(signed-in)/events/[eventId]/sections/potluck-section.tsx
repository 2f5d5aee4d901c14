import { CATEGORY_LABELS } from "@/lib/data";
import type { PotluckView } from "@/lib/party";
import { SubmitButton } from "../../../../../ui/submit-button";
import { addPotluckItemAction, removePotluckItemAction, updatePotluckItemAction } from "../actions";
import { PotluckItemForm } from "../potluck-item-form";

/** The dishes and things to bring, who brings them, and the host's forms to add and edit them. */
export function PotluckSection({ eventId, potluck }: { eventId: string; potluck: PotluckView[] }) {
  return (
    <section aria-labelledby="potluck-heading" className="card" id="potluck">
      <h2 id="potluck-heading">Potluck</h2>
      {potluck.length === 0 ? (
        <p className="muted">
          No dishes yet. Suggest what you need; guests claim them from their RSVP page or add their own.
        </p>
      ) : (
        <ul className="potluck-list" data-testid="potluck-list">
          {potluck.map((view) => (
            <li key={view.item.id} className="potluck-item" data-testid="potluck-item">
              <div>
                <strong>{view.item.name}</strong> <span className="badge">{CATEGORY_LABELS[view.item.category]}</span>{" "}
                <span className="muted">
                  {view.claimed} of {view.item.quantity} claimed
                </span>
                {view.addedBy ? <span className="muted"> · added by {view.addedBy}</span> : null}
                {view.item.notes ? <div className="muted small">{view.item.notes}</div> : null}
                {view.claims.length > 0 ? (
                  <div className="small" data-testid="potluck-claims">
                    Brought by: {view.claims.map((c) => `${c.householdName} (${c.quantity})`).join(", ")}
                  </div>
                ) : null}
              </div>
              <details>
                <summary>Edit</summary>
                <PotluckItemForm
                  action={updatePotluckItemAction}
                  eventId={eventId}
                  item={view.item}
                  idPrefix={`item-${view.item.id}`}
                  submitLabel="Save item"
                />
                <form action={removePotluckItemAction}>
                  <input type="hidden" name="eventId" value={eventId} />
                  <input type="hidden" name="itemId" value={view.item.id} />
                  <SubmitButton className="button danger small">Remove item</SubmitButton>
                </form>
              </details>
            </li>
          ))}
        </ul>
      )}
      <details className="add-item" open={potluck.length === 0}>
        <summary>Add a dish or item</summary>
        <PotluckItemForm action={addPotluckItemAction} eventId={eventId} idPrefix="new-item" submitLabel="Add item" />
      </details>
    </section>
  );
}
