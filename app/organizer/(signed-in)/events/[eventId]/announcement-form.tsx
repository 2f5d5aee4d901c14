"use client";

import { useActionState } from "react";
import {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_MAX_LENGTH,
  AUDIENCE_LABELS,
  DEFAULT_ANNOUNCEMENT_AUDIENCE,
} from "@/lib/data/client";
import { initialFormState } from "@/lib/forms";
import { FieldError, FormMessage, listOf, TextArea, valueOf } from "../../../../ui/fields";
import { SubmitButton } from "../../../../ui/submit-button";
import { postAnnouncementAction } from "./messages-actions";

export function AnnouncementForm({ eventId, canMail }: { eventId: string; canMail: boolean }) {
  const [state, formAction] = useActionState(postAnnouncementAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const audience = listOf(state.values, "audience", state.values ? [] : DEFAULT_ANNOUNCEMENT_AUDIENCE);
  return (
    <form action={formAction} className="stack" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <TextArea
        id="announcement-body"
        name="body"
        label="Announcement"
        rows={4}
        required
        hint={`Shown on every invited household's RSVP page. Up to ${ANNOUNCEMENT_MAX_LENGTH.toLocaleString("en-US")} characters.`}
        defaultValue={valueOf(state.values, "body")}
        error={errors.body}
      />
      {canMail ? (
        <fieldset aria-describedby={errors.audience ? "announcement-audience-error" : undefined}>
          <legend>Also email it to households who answered</legend>
          <ul className="check-list">
            {ANNOUNCEMENT_AUDIENCES.map((value) => (
              <li key={value}>
                <label className="choice">
                  <input type="checkbox" name="audience" value={value} defaultChecked={audience.includes(value)} />
                  <span>{AUDIENCE_LABELS[value]}</span>
                </label>
              </li>
            ))}
          </ul>
          <FieldError id="announcement-audience" error={errors.audience} />
        </fieldset>
      ) : (
        <p className="muted small">Announcements are emailed once the event is published.</p>
      )}
      <SubmitButton pendingText="Posting…">Post announcement</SubmitButton>
    </form>
  );
}
