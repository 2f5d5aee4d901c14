import { z } from "zod";
import {
  canonicalZoneInput,
  shiftYears,
  isValidLocalDateTime,
  isValidTimeZone,
  LOCAL_DATE_TIME,
  zonedToInstant,
} from "../time";
import { defineRecord } from "./collection";
import { idSchema, timestampSchema, versionSchema } from "./records";

export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const MAX_CAPACITY = 100_000;

const localDateTimeSchema = z.string().regex(LOCAL_DATE_TIME).refine(isValidLocalDateTime);

/** More co-hosts than this is a committee, not a party: keeps the event record (and its commits) small. */
export const MAX_COHOSTS = 20;

/**
 * An organizer who co-hosts the event: the address they accepted the invitation with (or had when they
 * handed the event over) is kept for the owner's list, so the page needs no extra read per co-host.
 */
export const cohostSchema = z.object({
  organizerId: idSchema,
  email: z.string().min(3).max(254),
  addedAt: timestampSchema,
});

export type Cohost = z.infer<typeof cohostSchema>;

export const eventSchema = z.object({
  id: idSchema,
  organizerId: idSchema,
  title: z.string().min(1).max(120),
  description: z.string().max(4000),
  /** Wall times as entered, in `timeZone`; the instants below are derived from them on every write. */
  startsAtLocal: localDateTimeSchema,
  endsAtLocal: localDateTimeSchema,
  rsvpDeadlineLocal: localDateTimeSchema.nullable(),
  timeZone: z.string().refine(isValidTimeZone),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  rsvpDeadline: z.number().int().nullable(),
  locationName: z.string().min(1).max(200),
  locationAddress: z.string().max(300),
  capacity: z.number().int().positive().max(MAX_CAPACITY).nullable(),
  status: z.enum(EVENT_STATUSES),
  /** The host lets guests see their email on the RSVP page (off unless chosen; absent on older events). */
  shareEmail: z.boolean().default(false),
  /**
   * The host lets guests see "who's coming" on the RSVP page: the first names of attending households (set on
   * the event page, not in the event form; off unless chosen, and absent on older events).
   */
  showWhosComing: z.boolean().default(false),
  /**
   * The roles: `organizerId` is the owner (exactly one, a single field), `cohosts` the others who run the
   * event with them (absent on events from before co-hosts). Both change only in commits guarded by this
   * record's version (lib/data/repo-cohosts.ts), so concurrent role changes serialize.
   */
  cohosts: z.array(cohostSchema).max(MAX_COHOSTS).default([]),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
});

export type PartyEvent = z.infer<typeof eventSchema>;

export type EventRole = "owner" | "cohost";

/**
 * THE access decision for an organizer and an event: the owner, a co-host, or nobody. Every page, Route
 * Handler and Server Action reaches it through lib/party's eventAccess / requireEventRole, and every
 * repository commit that changes an event's things decides with it on the event as read in that commit (so a
 * co-host removed meanwhile makes the commit be decided again, and refused).
 */
export function eventRole(event: Pick<PartyEvent, "organizerId" | "cohosts">, organizerId: string): EventRole | null {
  if (event.organizerId === organizerId) return "owner";
  return event.cohosts.some((c) => c.organizerId === organizerId) ? "cohost" : null;
}

/** Whether `role` is at least `minRole` (the owner can do all a co-host can). */
export function roleAllows(role: EventRole | null, minRole: EventRole): boolean {
  if (role === null) return false;
  return minRole === "cohost" || role === "owner";
}

/** Everyone who runs the event: the owner first, then the co-hosts. */
export function hostIdsOf(event: Pick<PartyEvent, "organizerId" | "cohosts">): string[] {
  return [event.organizerId, ...event.cohosts.map((c) => c.organizerId)];
}

/**
 * `events:<id>`, listed in `organizer-events:<organizer>` of its owner and of each co-host (the dashboard lists
 * both from that one index). Only the event's own details live here, changed by
 * the organizer's forms; what guests do goes to the event's summary, invitations, responses and potluck, so a
 * guest's answer never makes an organizer's open edit form stale.
 */
export const EVENTS = defineRecord<PartyEvent>({
  namespace: "events",
  label: "event",
  schema: eventSchema,
  id: (e) => e.id,
  owners: hostIdsOf,
  indexes: [{ set: "organizer-events", owners: hostIdsOf }],
  unique: [],
  parents: (e) => [`organizers:${e.organizerId}`],
});

/** Some browsers send seconds ("18:00:00"); minutes are all an invitation needs. */
function normalizeLocal(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) ? value.slice(0, 16) : value;
}

const localDateTimeInput = (what: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx): string => {
      const local = normalizeLocal(value);
      if (value === "") ctx.addIssue({ code: "custom", message: `Enter the ${what} date and time` });
      else if (!isValidLocalDateTime(local)) {
        ctx.addIssue({ code: "custom", message: `Enter the ${what} as a date and time, like 2026-12-20 18:00` });
      } else return local;
      return z.NEVER;
    });

const optionalLocalDateTimeInput = (what: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx): string | null => {
      if (value === "") return null;
      const local = normalizeLocal(value);
      if (isValidLocalDateTime(local)) return local;
      ctx.addIssue({
        code: "custom",
        message: `Enter the ${what} as a date and time, like 2026-12-10 18:00, or leave it empty`,
      });
      return z.NEVER;
    });

function fieldsValid(fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => !issue.path?.length || fields.includes(String(issue.path[0])));
}

/** What the event form sends, every field a string as FormData gives it. */
export const eventInputSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, { error: "Give the party a title" })
      .max(120, { error: "Keep the title under 120 characters" }),
    description: z.string().trim().max(4000, { error: "Keep the description under 4000 characters" }),
    startsAt: localDateTimeInput("start"),
    endsAt: localDateTimeInput("end"),
    // Typed with a search list: "Asia/Kolkata", "asia/kolkata" or "Asia/Kolkata" with spaces all read as the zone.
    timeZone: z
      .string()
      .trim()
      .transform(canonicalZoneInput)
      .refine(isValidTimeZone, { error: "Choose a time zone from the list" }),
    locationName: z
      .string()
      .trim()
      .min(1, { error: "Say where the party is" })
      .max(200, { error: "Keep the place name under 200 characters" }),
    locationAddress: z.string().trim().max(300, { error: "Keep the address under 300 characters" }),
    rsvpDeadline: optionalLocalDateTimeInput("RSVP deadline"),
    capacity: z
      .string()
      .trim()
      .transform((value, ctx) => {
        if (value === "") return null;
        if (!/^\d+$/.test(value) || Number(value) < 1) {
          ctx.addIssue({ code: "custom", message: "Capacity must be a positive whole number, or empty for no limit" });
          return z.NEVER;
        }
        const n = Number(value);
        if (n > MAX_CAPACITY) {
          ctx.addIssue({ code: "custom", message: `Capacity can be at most ${MAX_CAPACITY.toLocaleString("en-US")}` });
          return z.NEVER;
        }
        return n;
      }),
    status: z.enum(EVENT_STATUSES, { error: "Choose draft, published or cancelled" }),
    /** A checkbox: "on" when ticked, absent (or "") when not. */
    shareEmail: z
      .string()
      .optional()
      .transform((value) => value === "on" || value === "true"),
  })
  // Cross-field rules run whenever the fields they compare are valid, even if others are not, so every
  // problem is reported at once.
  .refine((input) => zonedToInstant(input.endsAt, input.timeZone) > zonedToInstant(input.startsAt, input.timeZone), {
    path: ["endsAt"],
    error: "The party must end after it starts",
    when: fieldsValid(["startsAt", "endsAt", "timeZone"]),
  })
  .refine(
    (input) =>
      input.rsvpDeadline === null ||
      zonedToInstant(input.rsvpDeadline, input.timeZone) < zonedToInstant(input.startsAt, input.timeZone),
    {
      path: ["rsvpDeadline"],
      error: "The RSVP deadline must be before the party starts",
      when: fieldsValid(["startsAt", "rsvpDeadline", "timeZone"]),
    },
  );

export type EventInput = z.output<typeof eventInputSchema>;
export type EventFormFields = z.input<typeof eventInputSchema>;

export function materializeEvent(
  input: EventInput,
): Omit<PartyEvent, "id" | "organizerId" | "cohosts" | "createdAt" | "updatedAt" | "version" | "showWhosComing"> {
  return {
    title: input.title,
    description: input.description,
    startsAtLocal: input.startsAt,
    endsAtLocal: input.endsAt,
    rsvpDeadlineLocal: input.rsvpDeadline,
    timeZone: input.timeZone,
    startsAt: zonedToInstant(input.startsAt, input.timeZone),
    endsAt: zonedToInstant(input.endsAt, input.timeZone),
    rsvpDeadline: input.rsvpDeadline === null ? null : zonedToInstant(input.rsvpDeadline, input.timeZone),
    locationName: input.locationName,
    locationAddress: input.locationAddress,
    capacity: input.capacity,
    status: input.status,
    shareEmail: input.shareEmail,
  };
}

/** The form's fields for an existing event (to edit it). */
export function eventToFormFields(event: PartyEvent): EventFormFields {
  return {
    title: event.title,
    description: event.description,
    startsAt: event.startsAtLocal,
    endsAt: event.endsAtLocal,
    timeZone: event.timeZone,
    locationName: event.locationName,
    locationAddress: event.locationAddress,
    rsvpDeadline: event.rsvpDeadlineLocal ?? "",
    capacity: event.capacity === null ? "" : String(event.capacity),
    status: event.status,
    shareEmail: event.shareEmail ? "on" : "",
  };
}

export function isPast(event: Pick<PartyEvent, "endsAt">, now = Date.now()): boolean {
  return event.endsAt < now;
}

/** When guests stop being able to change their answers: the deadline, or the start when there is none. */
export function answersCloseAt(event: Pick<PartyEvent, "rsvpDeadline" | "startsAt">): number {
  return event.rsvpDeadline ?? event.startsAt;
}

/** The message a stale edit gets: the form keeps what was typed, and saving again replaces the other change. */
export const EVENT_CHANGED_MESSAGE =
  "This event was changed since you opened it. Your changes are still below: check them and save again to replace the other change.";

/**
 * Dates that are already over, as warnings to confirm rather than errors: a host may really be recording a party
 * that happened. On an edit only a changed date is questioned, so saving an old party's description asks nothing.
 */
export function pastDateWarnings(
  input: EventInput,
  now: number,
  previous?: Pick<PartyEvent, "startsAt" | "rsvpDeadline">,
): Record<string, string> {
  const event = materializeEvent(input);
  const warnings: Record<string, string> = {};
  if (event.startsAt < now && event.startsAt !== previous?.startsAt) {
    warnings.startsAt = "This start is in the past. Check the date, or confirm it below.";
  }
  if (
    event.rsvpDeadline !== null &&
    event.rsvpDeadline < now &&
    event.startsAt >= now &&
    event.rsvpDeadline !== previous?.rsvpDeadline
  ) {
    warnings.rsvpDeadline =
      "This RSVP deadline has already passed: guests could not answer. Check it, or confirm it below.";
  }
  return warnings;
}

/**
 * The form for "Host it again": the event's details a year on (same wall times), as a draft, so that nothing
 * opens for guests before the host has checked it.
 */
export function nextYearFormFields(event: PartyEvent): EventFormFields {
  const fields = eventToFormFields(event);
  const shift = (local: string) => shiftYears(local, 1);
  return {
    ...fields,
    startsAt: shift(fields.startsAt),
    endsAt: shift(fields.endsAt),
    rsvpDeadline: fields.rsvpDeadline ? shift(fields.rsvpDeadline) : "",
    status: "draft",
  };
}
