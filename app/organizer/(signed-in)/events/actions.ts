"use server";

import { notFound, redirect } from "next/navigation";
import { EVENT_CHANGED_MESSAGE, EVENT_STATUSES, eventInputSchema, type EventStatus } from "@/lib/data";
import { deleteEvent, guardAction, guardForm, isStoreProblem, requireOrganizerScope, requireOwnedEvent, whenStoreAllows } from "@/lib/party";
import type { FormState } from "@/lib/forms";
import { fieldErrorsOf, formText, formTexts } from "@/lib/forms";

const EVENT_FIELDS = [
  "title",
  "description",
  "startsAt",
  "endsAt",
  "timeZone",
  "locationName",
  "locationAddress",
  "rsvpDeadline",
  "capacity",
  "status",
] as const;

function invalid(error: Parameters<typeof fieldErrorsOf>[0], values: Record<string, string>): FormState {
  return { fieldErrors: fieldErrorsOf(error), values, message: "Please correct the fields marked below." };
}

export async function createEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const { organizer, data } = await requireOrganizerScope("/organizer/events/new");
    const values = formTexts(formData, EVENT_FIELDS);
    const parsed = eventInputSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    const event = await whenStoreAllows(() => data.events.create(organizer.id, parsed.data));
    if (isStoreProblem(event)) return { message: event.message, values };
    redirect(`/organizer/events/${event.id}?notice=created`);
  });
}

export async function updateEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    // Ownership first: another organizer's id is a 404 whatever else the form says.
    const { organizer, data, event } = await requireOwnedEvent(eventId);
    const values: Record<string, string> = { ...formTexts(formData, EVENT_FIELDS), version: formText(formData, "version") };
    const parsed = eventInputSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    // The version the form was opened at; a form without one (an old page) saves as before.
    const expectedVersion = /^\d{1,15}$/.test(values.version ?? "") ? Number(values.version) : undefined;
    const changed = () => ({ message: EVENT_CHANGED_MESSAGE, values: { ...values, version: String(event.version) } });
    if (expectedVersion !== undefined && expectedVersion !== event.version) return changed();
    const result = await whenStoreAllows(() => data.events.update(organizer.id, eventId, parsed.data, { expectedVersion }));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "conflict") {
        const latest = await data.events.getOwned(organizer.id, eventId);
        if (latest) return { message: EVENT_CHANGED_MESSAGE, values: { ...values, version: String(latest.version) } };
      }
      notFound();
    }
    redirect(`/organizer/events/${eventId}?notice=saved`);
  });
}

const STATUS_NOTICE: Record<EventStatus, string> = { published: "published", cancelled: "cancelled", draft: "draft" };

export async function setEventStatusAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireOwnedEvent(eventId);
    const status = formText(formData, "status");
    if (!(EVENT_STATUSES as readonly string[]).includes(status)) notFound();
    const result = await whenStoreAllows(() => data.events.setStatus(organizer.id, eventId, status as EventStatus));
    if (isStoreProblem(result)) redirect(`/organizer/events/${eventId}?notice=${result.problem}`);
    if (!result.ok) notFound();
    redirect(`/organizer/events/${eventId}?notice=${STATUS_NOTICE[status as EventStatus]}`);
  });
}

export async function deleteEventAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireOwnedEvent(eventId);
    const result = await whenStoreAllows(() => deleteEvent(data, organizer.id, eventId));
    if (isStoreProblem(result)) redirect(`/organizer/events/${eventId}?notice=${result.problem}`);
    if (!result.ok) notFound();
    redirect("/organizer?notice=deleted");
  });
}
