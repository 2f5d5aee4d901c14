"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { cohostInviteInputSchema } from "@/lib/data";
import { sendQueuedMailSoon } from "@/lib/jobs";
import {
  guardAction,
  guardForm,
  inviteCohost,
  isStoreProblem,
  leaveEvent,
  removeCohost,
  requireEventRole,
  revokeCohostInvite,
  transferOwnership,
  whenStoreAllows,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formText, formTexts } from "@/lib/forms";

/**
 * The "Co-hosts" section's actions. Each asks requireEventRole first (the owner for everything but leaving),
 * then the lib/data commit decides the role again on the event as it is at commit time.
 */

const back = (eventId: string, notice: string) => `/organizer/events/${eventId}?notice=${notice}#cohosts`;

export async function inviteCohostAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "owner");
    const values = formTexts(formData, ["email"]);
    const parsed = cohostInviteInputSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const result = await whenStoreAllows(() => inviteCohost(data, organizer.id, eventId, parsed.data.email));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "not-found") notFound();
      return { fieldErrors: { email: result.message ?? "That address cannot be invited" }, values };
    }
    after(sendQueuedMailSoon);
    redirect(back(eventId, "cohost-invited"));
  });
}

export async function revokeCohostInviteAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "owner");
    const result = await whenStoreAllows(() =>
      revokeCohostInvite(data, organizer.id, eventId, formText(formData, "inviteId")),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem));
    if (!result.ok) notFound();
    redirect(back(eventId, "cohost-invite-revoked"));
  });
}

export async function removeCohostAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "owner");
    const result = await whenStoreAllows(() =>
      removeCohost(data, organizer.id, eventId, formText(formData, "cohostId")),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem));
    if (!result.ok) notFound();
    redirect(back(eventId, "cohost-removed"));
  });
}

export async function transferOwnershipAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "owner");
    const result = await whenStoreAllows(() =>
      transferOwnership(data, organizer.id, eventId, formText(formData, "cohostId")),
    );
    if (isStoreProblem(result)) redirect(back(eventId, result.problem));
    if (!result.ok) notFound();
    redirect(back(eventId, "ownership-transferred"));
  });
}

export async function leaveEventAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const result = await whenStoreAllows(() => leaveEvent(data, organizer.id, eventId));
    if (isStoreProblem(result)) redirect(back(eventId, result.problem));
    if (!result.ok) notFound();
    redirect("/organizer");
  });
}
