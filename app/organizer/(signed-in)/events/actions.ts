"use server";

import { notFound, redirect } from "next/navigation";
import { EVENT_STATUSES, eventInputSchema, type EventStatus } from "@/lib/data/events";
import { requireOrganizerScope, requireOwnedEvent } from "@/lib/party/access";
import type { FormState } from "@/lib/party/form-state";
import { fieldErrorsOf, formText, formTexts } from "@/lib/party/forms";
import { deleteEvent } from "@/lib/party/manage";

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
  const { organizer, data } = await requireOrganizerScope("/organizer/events/new");
  const values = formTexts(formData, EVENT_FIELDS);
  const parsed = eventInputSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const event = await data.events.create(organizer.id, parsed.data);
  redirect(`/organizer/events/${event.id}?notice=created`);
}

export async function updateEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const eventId = formText(formData, "eventId");
  // Ownership first: another organizer's id is a 404 whatever else the form says.
  const { organizer, data } = await requireOwnedEvent(eventId);
  const values = formTexts(formData, EVENT_FIELDS);
  const parsed = eventInputSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await data.events.update(organizer.id, eventId, parsed.data);
  if (!result.ok) notFound();
  redirect(`/organizer/events/${eventId}?notice=saved`);
}

const STATUS_NOTICE: Record<EventStatus, string> = { published: "published", cancelled: "cancelled", draft: "draft" };

export async function setEventStatusAction(formData: FormData): Promise<void> {
  const eventId = formText(formData, "eventId");
  const { organizer, data } = await requireOwnedEvent(eventId);
  const status = formText(formData, "status");
  if (!(EVENT_STATUSES as readonly string[]).includes(status)) notFound();
  const result = await data.events.setStatus(organizer.id, eventId, status as EventStatus);
  if (!result.ok) notFound();
  redirect(`/organizer/events/${eventId}?notice=${STATUS_NOTICE[status as EventStatus]}`);
}

export async function deleteEventAction(formData: FormData): Promise<void> {
  const eventId = formText(formData, "eventId");
  const { organizer, data } = await requireOwnedEvent(eventId);
  const result = await deleteEvent(data, organizer.id, eventId);
  if (!result.ok) notFound();
  redirect("/organizer?notice=deleted");
}
