import { claimInputSchema } from "@/lib/data";
import { formText } from "@/lib/forms";

/**
 * What the guest's potluck form asks for. The whole list is one form (potluck-list.tsx says why): each dish's
 * select is `quantity.<itemId>`, and the pressed button says which dish: `itemId=<id>` (Claim, Update) or
 * `remove=<id>` (Remove, on the household's own dish). Only the pressed dish's select is read, so the other
 * selects on the list (changed or not) never change anything. Validated with the data layer's schema. A claim
 * that does not parse is "invalid" (the guest is asked to choose again); a form no page of ours sends (no
 * pressed button, both kinds at once, a malformed id to remove) is "tampered".
 */
export type PotluckChoice =
  | { kind: "claim"; itemId: string; quantity: number }
  | { kind: "remove"; itemId: string }
  | { kind: "invalid" }
  | { kind: "tampered" };

const removeInputSchema = claimInputSchema.pick({ itemId: true });

export function potluckChoice(formData: FormData): PotluckChoice {
  const remove = formData.get("remove");
  const claim = formData.get("itemId");
  if (remove !== null && claim === null) {
    const parsed = removeInputSchema.safeParse({ itemId: formText(formData, "remove") });
    return parsed.success ? { kind: "remove", itemId: parsed.data.itemId } : { kind: "tampered" };
  }
  if (claim === null || remove !== null) return { kind: "tampered" };
  const itemId = formText(formData, "itemId");
  const parsed = claimInputSchema.safeParse({ itemId, quantity: formText(formData, `quantity.${itemId}`) });
  return parsed.success
    ? { kind: "claim", itemId: parsed.data.itemId, quantity: parsed.data.quantity }
    : { kind: "invalid" };
}
