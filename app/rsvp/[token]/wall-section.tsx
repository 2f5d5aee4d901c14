import type { GuestWall } from "@/lib/party";
import { formatInstant } from "@/lib/time";
import { CommentForm, DeleteCommentForm } from "./wall-forms";

/**
 * The RSVP page's announcements from the host (newest first) and the guests' message wall. Everything is
 * rendered as text nodes (React escapes it; CSS keeps line breaks): nothing a host or guest types is HTML.
 */
export function AnnouncementsFeed({ wall, timeZone }: { wall: GuestWall; timeZone: string }) {
  if (wall.announcements.length === 0) return null;
  return (
    <section className="card" id="announcements" aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">Announcements from the host</h2>
      <ul className="message-list">
        {wall.announcements.map((a) => (
          <li key={a.id} className="message" data-testid="guest-announcement">
            <p className="muted small">{formatInstant(a.createdAt, timeZone)}</p>
            <p className="message-body">{a.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CommentsWall({
  wall,
  token,
  timeZone,
  canPost,
  saved,
}: {
  wall: GuestWall;
  token: string;
  timeZone: string;
  /** The wall takes comments while the event is published. */
  canPost: boolean;
  saved: "comment" | "comment-deleted" | undefined;
}) {
  return (
    <section className="card" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {saved ? (
        <div className="alert success" role="status" aria-live="polite" data-testid="saved">
          {saved === "comment" ? "Your comment is posted." : "Your comment was deleted."}
        </div>
      ) : null}
      {wall.comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ul className="message-list">
        {wall.comments.map((c) => (
          <li key={c.id} className="message" data-testid="guest-comment">
            <p className="muted small">
              <strong>{c.authorName}</strong> · {formatInstant(c.createdAt, timeZone)}
            </p>
            <p className="message-body">{c.body}</p>
            {c.mine ? <DeleteCommentForm token={token} commentId={c.id} /> : null}
          </li>
        ))}
      </ul>
      {canPost ? (
        wall.slotsLeft > 0 ? (
          <CommentForm token={token} />
        ) : (
          <p className="muted small" data-testid="comment-cap">
            Your household has reached the limit of comments on this party. Delete one of yours to write a new one.
          </p>
        )
      ) : null}
    </section>
  );
}
