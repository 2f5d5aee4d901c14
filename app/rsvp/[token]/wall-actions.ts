"use server";

import { notFound, redirect } from "next/navigation";
import { commentInputSchema } from "@/lib/data";
import { deleteOwnComment, guestAction, isStoreProblem, postComment, requireGuest, whenStoreAllows } from "@/lib/party";
import { type FormState, fieldErrorsOf, formText } from "@/lib/forms";

/**
 * The message wall's guest actions. The RSVP token in the form is the credential (checked again in the
 * commit); a comment id is only ever one of the household's own. Plain forms: they work without JavaScript.
 */

const CLOSED = "Comments are closed for this event.";
const back = (token: string, saved: string) => `/rsvp/${token}?saved=${saved}#comments`;

export const postCommentAction = guestAction(
  async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const token = formText(formData, "token");
    const { data, ctx } = await requireGuest(token);
    const values = { body: formText(formData, "body", 10_000) };
    const parsed = commentInputSchema.safeParse(values);
    if (!parsed.success)
      return { fieldErrors: { body: fieldErrorsOf(parsed.error).body ?? "Check the comment" }, values };
    const result = await whenStoreAllows(() => postComment(data, ctx, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "closed") return { message: CLOSED, values };
      if (result.reason === "too-many") return { message: result.message, values };
      notFound();
    }
    redirect(back(token, "comment"));
  },
  (formData) => ({ body: formText(formData, "body", 10_000) }),
);

export const deleteCommentAction = guestAction(async (_previous: FormState, formData: FormData): Promise<FormState> => {
  const token = formText(formData, "token");
  const { data, ctx } = await requireGuest(token);
  const result = await whenStoreAllows(() => deleteOwnComment(data, ctx, formText(formData, "commentId")));
  if (isStoreProblem(result)) return { message: result.message };
  if (!result.ok) notFound();
  redirect(back(token, "comment-deleted"));
});
