import type { PartyEvent } from "@/lib/data";
import type { GuestComment } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { SubmitButton } from "../../../../../ui/submit-button";
import { setCommentHiddenAction } from "../messages-actions";

/** The guests' message wall as the organizer sees it: every comment, hidden ones marked, each hideable. */
export function CommentsSection({ event, comments }: { event: PartyEvent; comments: GuestComment[] }) {
  return (
    <section aria-labelledby="comments-heading" className="card" id="comments">
      <h2 id="comments-heading">Guest comments</h2>
      {comments.length === 0 ? (
        <p className="muted small">No comments from guests yet. They can leave one on their RSVP page.</p>
      ) : (
        <ul className="message-list" aria-label="Guest comments">
          {comments.map((c) => (
            <li
              key={c.id}
              className={`message${c.hiddenAt !== null ? " message-hidden" : ""}`}
              data-testid="host-comment"
            >
              <p className="muted small">
                <strong>{c.authorName}</strong> · {formatInstant(c.createdAt, event.timeZone)}
                {c.hiddenAt !== null ? (
                  <>
                    {" "}
                    · <span className="badge badge-cancelled">Hidden from guests</span>
                  </>
                ) : null}
              </p>
              <p className="message-body">{c.body}</p>
              <form action={setCommentHiddenAction} className="inline-form">
                <input type="hidden" name="eventId" value={event.id} />
                <input type="hidden" name="commentId" value={c.id} />
                <input type="hidden" name="createdAt" value={String(c.createdAt)} />
                <input type="hidden" name="hidden" value={c.hiddenAt === null ? "yes" : "no"} />
                <SubmitButton className="button secondary small">
                  {c.hiddenAt === null ? "Hide" : "Show again"}
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
