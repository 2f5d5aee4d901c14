"use server";

import { notFound, redirect } from "next/navigation";
import { after } from "next/server";
import { sendQueuedMailSoon } from "@/lib/jobs";
import {
  EVENT_CHANGED_MESSAGE,
  EVENT_STATUSES,
  eventInputSchema,
  pastDateWarnings,
  type EventInput,
  type EventStatus,
} from "@/lib/data";
import {
  requireOrganizerScope,
  requireEventRole,
  guardAction,
  guardForm,
  isStoreProblem,
  whenStoreAllows,
  deleteEvent,
  createEvent,
  duplicateEvent,
  updateEvent,
  setEventStatus,
} from "@/lib/party";
import { type FormState, fieldErrorsOf, formText, formTexts } from "@/lib/forms";

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
  "shareEmail",
] as const;

function invalid(error: Parameters<typeof fieldErrorsOf>[0], values: Record<string, string>): FormState {
  return { fieldErrors: fieldErrorsOf(error), values, message: "Please correct the fields marked below." };
}

/** Dates already over ask for "Yes, the date is right" (the confirmPast checkbox the form then shows). */
function unconfirmedPastDates(
  formData: FormData,
  input: EventInput,
  values: Record<string, string>,
  previous?: Parameters<typeof pastDateWarnings>[2],
): FormState | null {
  if (formText(formData, "confirmPast") === "yes") return null;
  const warnings = pastDateWarnings(input, Date.now(), previous);
  if (Object.keys(warnings).length === 0) return null;
  return {
    fieldErrors: warnings,
    values: { ...values, confirmPast: "ask" },
    message: "Check the dates marked below: they are already over.",
  };
}

export async function createEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const { organizer, data } = await requireOrganizerScope("/organizer/events/new");
    const values = formTexts(formData, EVENT_FIELDS);
    const parsed = eventInputSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    const unconfirmed = unconfirmedPastDates(formData, parsed.data, values);
    if (unconfirmed) return unconfirmed;
    const event = await whenStoreAllows(() => createEvent(data, organizer.id, parsed.data));
    if (isStoreProblem(event)) return { message: event.message, values };
    redirect(`/organizer/events/${event.id}?notice=created`);
  });
}

/** "Host it again": a new draft from the form, with the source event's potluck and guest lists (one commit). */
export async function duplicateEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const sourceId = formText(formData, "eventId");
    // "Host it again" makes a new event of the caller's own from the owner's address book: the owner's.
    const { organizer, data } = await requireEventRole(sourceId, "owner");
    const values = formTexts(formData, EVENT_FIELDS);
    const parsed = eventInputSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    const unconfirmed = unconfirmedPastDates(formData, parsed.data, values);
    if (unconfirmed) return unconfirmed;
    const result = await whenStoreAllows(() => duplicateEvent(data, organizer.id, sourceId, parsed.data));
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) notFound();
    redirect(`/organizer/events/${result.value.event.id}?notice=duplicated`);
  });
}

export async function updateEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return guardForm(formData, async () => {
    const eventId = formText(formData, "eventId");
    // Access first: an event the organizer does not host is a 404 whatever else the form says.
    const { organizer, data, event } = await requireEventRole(eventId, "cohost");
    const values: Record<string, string> = {
      ...formTexts(formData, EVENT_FIELDS),
      version: formText(formData, "version"),
    };
    const parsed = eventInputSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    // The version the form was opened at; a form without one (an old page) saves as before.
    const expectedVersion = /^\d{1,15}$/.test(values.version ?? "") ? Number(values.version) : undefined;
    const changed = () => ({ message: EVENT_CHANGED_MESSAGE, values: { ...values, version: String(event.version) } });
    if (expectedVersion !== undefined && expectedVersion !== event.version) return changed();
    const unconfirmed = unconfirmedPastDates(formData, parsed.data, values, event);
    if (unconfirmed) return unconfirmed;
    const result = await whenStoreAllows(() =>
      updateEvent(data, organizer.id, eventId, parsed.data, { expectedVersion }),
    );
    if (isStoreProblem(result)) return { message: result.message, values };
    if (!result.ok) {
      if (result.reason === "capacity")
        return {
          fieldErrors: { capacity: result.message ?? "" },
          values,
          message: "Please correct the fields marked below.",
        };
      // The use case answers a conflict with the version the event has now.
      if (result.reason === "conflict")
        return { message: EVENT_CHANGED_MESSAGE, values: { ...values, version: result.message ?? "" } };
      notFound();
    }
    redirect(`/organizer/events/${eventId}?notice=saved`);
  });
}

const STATUS_NOTICE: Record<EventStatus, string> = { published: "published", cancelled: "cancelled", draft: "draft" };

export async function setEventStatusAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    const { organizer, data } = await requireEventRole(eventId, "cohost");
    const status = formText(formData, "status");
    if (!(EVENT_STATUSES as readonly string[]).includes(status)) notFound();
    // Cancelling queues a cancellation mail to every household mailed an invitation, in the same commit.
    const result = await whenStoreAllows(() => setEventStatus(data, organizer.id, eventId, status as EventStatus));
    if (isStoreProblem(result)) redirect(`/organizer/events/${eventId}?notice=${result.problem}`);
    if (!result.ok) notFound();
    if (status === "cancelled") after(sendQueuedMailSoon);
    redirect(`/organizer/events/${eventId}?notice=${STATUS_NOTICE[status as EventStatus]}`);
  });
}

export async function deleteEventAction(formData: FormData): Promise<void> {
  return guardAction("/organizer/events", formText(formData, "eventId"), async () => {
    const eventId = formText(formData, "eventId");
    // Only the owner deletes the event (a co-host gets the same 404 as anyone else).
    const { organizer, data } = await requireEventRole(eventId, "owner");
    const result = await whenStoreAllows(() => deleteEvent(data, organizer.id, eventId));
    if (isStoreProblem(result)) redirect(`/organizer/events/${eventId}?notice=${result.problem}`);
    if (!result.ok) notFound();
    redirect("/organizer?notice=deleted");
  });
}
