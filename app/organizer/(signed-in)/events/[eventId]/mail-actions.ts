"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { sendQueuedMailSoon } from "@/lib/jobs";
import { sendInvitationMail, mailSettingsInputSchema, saveMailSettings } from "@/lib/mail";
import { requireEventRole, guardAction, guardForm, isStoreProblem, whenStoreAllows } from "@/lib/party";
import { type FormState, fieldErrorsOf, formList, formText } from "@/lib/forms";

const back = (eventId: string, notice: string) => `/organizer/events/${eventId}?notice=${notice}#mail`;

/**
 * "Send invitations" (the ticked households) and "Resend" (one household; `resend` is how many invitation
 * mails the organizer saw for it, so submitting the same button twice queues one mail). The mails are queued
 * in the store with the commit, then sent right after the response (Next's after()); what fails stays
 * queued for the tick.
 */
export async function sendInvitationsAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const resendOf = formText(formData, "resendOf");
    const resend = Number(formText(formData, "resend"));
    const requests = resendOf
      ? [{ invitationId: resendOf, resend: Number.isInteger(resend) && resend > 0 && resend < 1000 ? resend : 1 }]
      : formList(formData, "invitationId").map((invitationId) => ({ invitationId }));
    if (requests.length === 0) redirect(back(eventId, "mail-none"));
    const result = await whenStoreAllows(() => sendInvitationMail(data.db, organizer.id, eventId, requests));
    if (isStoreProblem(result)) redirect(back(eventId, result.problem));
    if (!result.ok) {
      if (result.reason === "not-published") redirect(back(eventId, "mail-not-published"));
      notFound();
    }
    if (result.value.queued.length > 0) after(sendQueuedMailSoon);
    redirect(back(eventId, result.value.queued.length > 0 ? "mail-queued" : "mail-none"));
  });
}

/** The event's reminder setting: days before the RSVP deadline to remind those who have not answered (0: off). */
export async function saveMailSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const values = { deadlineReminderDays: formText(formData, "deadlineReminderDays") };
    const parsed = mailSettingsInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => saveMailSettings(data.db, organizer.id, eventId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    return {
      ok: true,
      message: parsed.data.deadlineReminderDays === 0 ? "Saved: no reminder before the deadline." : "Saved.",
    };
  });
}
