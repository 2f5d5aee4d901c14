import { DietaryFields, listOf, TextField, valueOf } from "../../ui/fields";
import type { FormState } from "@/lib/forms";

/** A guest the household named before (kept with its id, so it keeps its place), or an empty row. */
export interface PlusOneRowFields {
  id: string;
  name: string;
  dietaryTags: string[];
  dietaryNotes: string;
  /** Named while the party was full: waiting for a place. */
  waitlisted: boolean;
}

/** The field names of row `i`, shared with the Server Action that reads them (actions.ts). */
export const plusOneField = (i: number, field: "id" | "name" | "diet" | "dietNotes") => `plusOne.${i}.${field}`;

/**
 * The household's extra guests ("plus-ones"): as many rows as the host allows, all rendered on the server so
 * the form works without JavaScript; an empty row is no guest. Part of the answers form (one "Send my answers"
 * saves people and guests together, in one commit).
 */
export function PlusOneFields({
  allowed,
  rows,
  state,
}: {
  allowed: number;
  rows: PlusOneRowFields[];
  state: FormState;
}) {
  if (allowed === 0 && rows.length === 0) return null;
  const errors = state.fieldErrors ?? {};
  const count = Math.max(allowed, rows.length);
  return (
    <fieldset
      className="plus-ones"
      data-testid="plus-ones"
      aria-describedby={errors.plusOnes ? "plus-ones-error" : "plus-ones-hint"}
    >
      <legend>Guests you bring</legend>
      <p className="muted small" id="plus-ones-hint">
        {allowed === 1 ? "You may bring 1 guest" : `You may bring up to ${allowed} guests`}. Leave a row empty for
        nobody; your guests come when someone of your household answers “Attending”.
      </p>
      <input type="hidden" name="plusOneRows" value={count} />
      {errors.plusOnes ? (
        <p className="field-error" id="plus-ones-error" role="alert" data-testid="plus-ones-error">
          {errors.plusOnes}
        </p>
      ) : null}
      {Array.from({ length: count }, (_, i) => {
        const row = rows[i];
        const label = `Guest ${i + 1}`;
        const dietError = errors[plusOneField(i, "diet")];
        const notesError = errors[plusOneField(i, "dietNotes")];
        const tags = listOf(state.values, plusOneField(i, "diet"), row?.dietaryTags ?? []);
        const notes = valueOf(state.values, plusOneField(i, "dietNotes"), row?.dietaryNotes ?? "");
        return (
          <div key={i} className="plus-one-row" data-testid="plus-one-row">
            <input
              type="hidden"
              name={plusOneField(i, "id")}
              value={valueOf(state.values, plusOneField(i, "id"), row?.id ?? "")}
            />
            <TextField
              id={`plus-one-${i}-name`}
              name={plusOneField(i, "name")}
              label={`${label}: name`}
              maxLength={80}
              autoComplete="off"
              defaultValue={valueOf(state.values, plusOneField(i, "name"), row?.name ?? "")}
              error={errors[plusOneField(i, "name")]}
            />
            {row?.waitlisted ? <span className="badge badge-waitlist">On the waitlist</span> : null}
            <details open={tags.length > 0 || notes !== "" || Boolean(dietError || notesError)}>
              <summary>
                Dietary restrictions of guest {i + 1}
                {tags.length > 0 ? ` (${tags.length})` : ""}
              </summary>
              <DietaryFields
                id={`plus-one-${i}-diet`}
                tagsName={plusOneField(i, "diet")}
                notesName={plusOneField(i, "dietNotes")}
                tags={tags}
                notes={notes}
                error={dietError}
                notesError={notesError}
                legend={`Dietary restrictions of guest ${i + 1}`}
                legendHidden
              />
            </details>
          </div>
        );
      })}
    </fieldset>
  );
}
