"use client";

import { useActionState, useEffect, useRef } from "react";
import type { EventFormFields } from "@/lib/data/client";
import { initialFormState, type FormState } from "@/lib/forms";
import { currentZoneName, zoneLabel } from "@/lib/time";
import { FieldError, FormMessage, SelectField, TextArea, TextField, valueOf } from "../../../ui/fields";
import { SubmitButton } from "../../../ui/submit-button";

const STATUS_OPTIONS = [
  { value: "draft", label: "Draft: only you can see it" },
  { value: "published", label: "Published: invitation links open it" },
  { value: "cancelled", label: "Cancelled" },
] as const;

export function EventForm({
  action,
  initial,
  eventId,
  version,
  timeZones,
  submitLabel,
  suggestBrowserZone = false,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: EventFormFields;
  eventId?: string;
  /** The event's version as this form opened it: saving over a newer one is refused (see updateEventAction). */
  version?: number;
  timeZones: string[];
  submitLabel: string;
  /** A new event: replace the server's default zone with the browser's own (JavaScript only). */
  suggestBrowserZone?: boolean;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const errors = state.fieldErrors ?? {};
  const v = (name: keyof EventFormFields) => valueOf(state.values, name, initial[name]);
  return (
    <form action={formAction} noValidate className="card form-card">
      <FormMessage state={state} />
      {eventId ? <input type="hidden" name="eventId" value={eventId} /> : null}
      {version !== undefined ? <VersionField version={valueOf(state.values, "version", String(version))} /> : null}
      <TextField
        id="title"
        name="title"
        label="Title"
        required
        maxLength={120}
        defaultValue={v("title")}
        error={errors.title}
      />
      <TextArea
        id="description"
        name="description"
        label="Description"
        rows={4}
        maxLength={4000}
        defaultValue={v("description")}
        error={errors.description}
      />
      <div className="field-row">
        <TextField
          id="startsAt"
          name="startsAt"
          type="datetime-local"
          label="Starts"
          required
          defaultValue={v("startsAt")}
          error={errors.startsAt}
        />
        <TextField
          id="endsAt"
          name="endsAt"
          type="datetime-local"
          label="Ends"
          required
          defaultValue={v("endsAt")}
          error={errors.endsAt}
        />
      </div>
      <TimeZoneField
        defaultValue={v("timeZone")}
        error={errors.timeZone}
        timeZones={timeZones}
        suggest={suggestBrowserZone && !state.values}
      />
      <div className="field-row">
        <TextField
          id="locationName"
          name="locationName"
          label="Place"
          required
          maxLength={200}
          defaultValue={v("locationName")}
          error={errors.locationName}
          hint="For example: Community Center"
        />
        <TextField
          id="locationAddress"
          name="locationAddress"
          label="Address"
          maxLength={300}
          defaultValue={v("locationAddress")}
          error={errors.locationAddress}
          hint="Used for the map link"
        />
      </div>
      <div className="field-row">
        <TextField
          id="rsvpDeadline"
          name="rsvpDeadline"
          type="datetime-local"
          label="RSVP deadline"
          defaultValue={v("rsvpDeadline")}
          error={errors.rsvpDeadline}
          hint="Guests can change their answers until then (or until the start when empty)."
        />
        <TextField
          id="capacity"
          name="capacity"
          label="Capacity"
          inputMode="numeric"
          defaultValue={v("capacity")}
          error={errors.capacity}
          hint="How many guests at most; empty for no limit."
        />
      </div>
      {valueOf(state.values, "confirmPast") === "ask" ? (
        <div className="field confirm-past">
          <label className="choice">
            <input type="checkbox" name="confirmPast" value="yes" />
            <span>Yes, the date is right</span>
          </label>
        </div>
      ) : null}
      <SelectField
        id="status"
        name="status"
        label="Status"
        defaultValue={v("status")}
        error={errors.status}
        options={STATUS_OPTIONS}
      />
      <label className="checkbox">
        <input type="checkbox" name="shareEmail" defaultChecked={v("shareEmail") === "on"} />
        Share my email with guests (shown on their invitation so they can reach you)
      </label>
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}

/** Keyed by its value, so the field follows the version a conflict hands back (a form reset would not). */
function VersionField({ version }: { version: string }) {
  return <input key={version} type="hidden" name="version" defaultValue={version} />;
}

/**
 * The time zone: a text field with a search list (<datalist>) of current zone names rather than a 420-entry
 * select. Any zone Intl knows is accepted, old names (Asia/Calcutta) too. For a new event the browser's own
 * zone replaces the server's default once the page runs; without JavaScript the default stays.
 */
function TimeZoneField({
  defaultValue,
  error,
  timeZones,
  suggest,
}: {
  defaultValue: string;
  error?: string;
  timeZones: string[];
  suggest: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const field = input.current;
    if (!suggest || !field || field.value !== defaultValue) return;
    const browserZone = currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "");
    if (browserZone && timeZones.includes(browserZone)) field.value = browserZone;
  }, [suggest, defaultValue, timeZones]);
  return (
    <div className="field">
      <label htmlFor="timeZone">Time zone</label>
      <input
        ref={input}
        id="timeZone"
        name="timeZone"
        type="text"
        list="time-zones"
        autoComplete="off"
        spellCheck={false}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "timeZone-error timeZone-hint" : "timeZone-hint"}
      />
      <datalist id="time-zones">
        {timeZones.map((z) => (
          <option key={z} value={z} label={zoneLabel(z)} />
        ))}
      </datalist>
      <p className="hint" id="timeZone-hint">
        Type a city to search, for example Kolkata or Kyiv.
      </p>
      <FieldError id="timeZone" error={error} />
    </div>
  );
}
