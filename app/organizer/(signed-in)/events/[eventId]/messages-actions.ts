"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { announcementInputSchema } from "@/lib/data";
import { sendQueuedMailSoon } from "@/lib/jobs";
import {
  deleteAnnouncement,
  guardAction,
  guardForm,
  isStoreProblem,
  postAnnouncement,
  requireEventRole,
  setCommentHidden,
  whenStoreAllows,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formList, formText } from "@/lib/forms";

const back = (eventId: string, notice: string, anchor: string) =>
  `/organizer/events/${eventId}?notice=${notice}#${anchor}`;

/**
 * "Post announcement": shown on every invited household's RSVP page, and mailed (in the same commit) to the
 * households whose answer the organizer ticked. The mails go out right after the response (after()).
 */
export async function postAnnouncementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const values = { body: formText(formData, "body", 20_000), audience: formList(formData, "audience") };
    const parsed = announcementInputSchema.safeParse(values);
    if (!parsed.success) {
      // "audience.1" (a tampered checkbox) is reported on the audience fieldset.
      const fieldErrors: Record<string, string> = {};
      for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error)))
        fieldErrors[path.split(".")[0] === "audience" ? "audience" : "body"] ??= message;
      return { fieldErrors, values };
    }
    const result = await whenStoreAllows(() => postAnnouncement(data, organizer.id, eventId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    if (result.value.mailed > 0) after(sendQueuedMailSoon);
    redirect(back(eventId, result.value.mailed > 0 ? "announcement-mailed" : "announcement-posted", "announcements"));
  });
}

export async function deleteAnnouncementAction(formData: FormData): Promise<void> {
  const eventId = formText(formData, "eventId");
  return guardAction("/organizer/events", eventId, async () => {
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const result = await whenStoreAllows(() =>
      deleteAnnouncement(data, organizer.id, formText(formData, "announcementId")),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem, "announcements"));
    if (!result.ok || result.value.eventId !== eventId) notFound();
    redirect(back(eventId, "announcement-deleted", "announcements"));
  });
}

/** "Hide" / "Show again" on a guest comment (a host of the comment's event only). */
export async function setCommentHiddenAction(formData: FormData): Promise<void> {
  const eventId = formText(formData, "eventId");
  return guardAction("/organizer/events", eventId, async () => {
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const hidden = formText(formData, "hidden") === "yes";
    const createdAt = Number(formText(formData, "createdAt"));
    const result = await whenStoreAllows(() =>
      setCommentHidden(data, organizer.id, formText(formData, "commentId"), createdAt, hidden),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem, "comments"));
    if (!result.ok || result.value.eventId !== eventId) notFound();
    redirect(back(eventId, hidden ? "comment-hidden" : "comment-shown", "comments"));
  });
}
