"use client";

import { CATEGORY_LABELS } from "@/lib/data/client";
import { SubmitButton } from "../../ui/submit-button";
import { potluckAction } from "./actions";

/** One dish as the guest's list needs it: data only (the page's flight payload carries these, not markup). */
export interface GuestDish {
  id: string;
  name: string;
  category: keyof typeof CATEGORY_LABELS;
  /** How many the host asked for. */
  needed: number;
  /** How many are still unclaimed. */
  remaining: number;
  /** How many this household brings. */
  mine: number;
  /** This household added the dish itself (it may remove it). */
  own: boolean;
  notes: string;
}

/**
 * The guest's potluck list, one client component for all dishes (issue 19): as server-rendered items each
 * dish's element tree came twice, as HTML and again as JSON in the flight payload. And ONE plain form for all
 * of them (one action id, one token): every dish's select is `quantity.<id>`, its button says which dish
 * (`itemId=<id>`, or `remove=<id>` on the household's own dish), and the browser (no JavaScript) or React (with
 * it) sends the pressed button's name and value along (potluck-input.ts reads them). No useActionState: with
 * 20 dishes its progressive-enhancement fields were kilobytes. Every outcome, a refusal included, comes back
 * as a redirect to the potluck section, which says what happened (page.tsx), with JavaScript or without.
 */
export function PotluckList({ token, dishes, open }: { token: string; dishes: GuestDish[]; open: boolean }) {
  const list = (
    <ul className="potluck-list">
      {dishes.map((d) => (
        <li key={d.id} className="potluck-item" data-testid="guest-potluck-item">
          <div>
            <strong>{d.name}</strong> <span className="badge">{CATEGORY_LABELS[d.category]}</span>
            <div className="muted small">{summary(d)}</div>
          </div>
          {open ? <DishControls dish={d} /> : null}
        </li>
      ))}
    </ul>
  );
  if (!open) return list;
  return (
    <form action={potluckAction}>
      <input type="hidden" name="token" value={token} />
      {list}
    </form>
  );
}

function summary(d: GuestDish): string {
  let text = d.own ? "Your dish" : `${d.needed - d.remaining} of ${d.needed} claimed`;
  if (d.mine > 0 && !d.own) text += ` · you bring ${d.mine}`;
  if (d.notes) text += ` · ${d.notes}`;
  return text;
}

function DishControls({ dish }: { dish: GuestDish }) {
  if (dish.own)
    return (
      <SubmitButton className="button secondary small" name="remove" value={dish.id} pendingText="Removing…">
        Remove
      </SubmitButton>
    );
  /** What this household may hold at most: its own claim plus what is left. */
  const available = dish.mine + dish.remaining;
  if (available <= 0) return <span className="muted small">All claimed</span>;
  const options = Array.from({ length: Math.min(available, 20) + 1 }, (_, n) => n);
  if (!options.includes(dish.mine)) options.push(dish.mine);
  return (
    <div className="claim-form">
      <label>
        {"You bring "}
        <select
          name={`quantity.${dish.id}`}
          defaultValue={String(dish.mine)}
          aria-label={`How many ${dish.name} you bring`}
        >
          {/* An option without a value sends its text: the number. */}
          {options.map((n) =>
            n === 0 ? (
              <option key={n} value="0">
                none
              </option>
            ) : (
              <option key={n}>{n}</option>
            ),
          )}
        </select>
      </label>
      <SubmitButton className="button secondary small" name="itemId" value={dish.id} pendingText="Saving…">
        {dish.mine > 0 ? "Update" : "Claim"}
      </SubmitButton>
    </div>
  );
}
