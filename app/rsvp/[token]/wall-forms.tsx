"use client";

import { useActionState } from "react";
import { COMMENT_MAX_LENGTH } from "@/lib/data/client";
import { initialFormState } from "@/lib/forms";
import { FormMessage, TextArea, valueOf } from "../../ui/fields";
import { SubmitButton } from "../../ui/submit-button";
import { deleteCommentAction, postCommentAction } from "./wall-actions";

export function CommentForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(postCommentAction, initialFormState);
  return (
    <form action={formAction} className="stack" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextArea
        id="comment-body"
        name="body"
        label="Your comment"
        rows={3}
        required
        hint={`Seen by the host and the other guests, with your household's name. Up to ${COMMENT_MAX_LENGTH} characters.`}
        defaultValue={valueOf(state.values, "body")}
        error={state.fieldErrors?.body}
      />
      <SubmitButton className="button secondary" pendingText="Posting…">
        Post comment
      </SubmitButton>
    </form>
  );
}

export function DeleteCommentForm({ token, commentId }: { token: string; commentId: string }) {
  const [state, formAction] = useActionState(deleteCommentAction, initialFormState);
  return (
    <form action={formAction} className="inline-form">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="commentId" value={commentId} />
      <SubmitButton className="button secondary small">Delete my comment</SubmitButton>
    </form>
  );
}
