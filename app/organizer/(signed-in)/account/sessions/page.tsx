import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionsPage } from "@/lib/party";
import { sessionsAreListable } from "@/lib/session";
import { describeSessionTimes } from "./describe";
import { describeUserAgent } from "./user-agent";
import { signOutOtherSessionsAction, signOutSessionAction } from "./actions";

export const metadata: Metadata = { title: "Sessions · Account" };

export default async function SessionsPage() {
  const cookieMode = !sessionsAreListable();
  // The organizer, a pending flash and the session list asked for at once (lib/party/page-data.ts).
  const { current, flash, sessions } = await requireSessionsPage();
  // The current session first, then by last activity.
  sessions.sort((a, b) => Number(b.id === current.id) - Number(a.id === current.id) || b.lastSeenAt - a.lastSeenAt);
  const now = Date.now();
  const others = sessions.filter((s) => s.id !== current.id).length;

  return (
    <>
      {flash ? (
        <div className="alert success" role="status">
          {flash}
        </div>
      ) : null}
      <p>
        <Link href="/organizer/account">← Your account</Link>
      </p>
      <h1>Your sessions</h1>
      <p className="muted">
        Every browser where you are signed in. Sign out any you do not recognise, then change your password.
      </p>
      {cookieMode ? (
        <div className="alert info" role="status">
          This site keeps sessions only in browser cookies (SESSION_STORE=cookie), so other sessions cannot be listed or
          ended from here.
        </div>
      ) : null}
      <ul className="session-list" aria-label="Sessions">
        {sessions.map((s) => {
          const device = describeUserAgent(s.userAgent);
          const times = describeSessionTimes(s, now, s.id === current.id);
          return (
            <li key={s.id} className="card session-item" data-testid="session">
              <div>
                <h3>
                  {device.label}
                  {s.id === current.id ? <span className="badge">This device</span> : null}
                </h3>
                <p className="muted">
                  Signed in <time dateTime={new Date(s.createdAt).toISOString()}>{times.created}</time>
                  {s.network ? <span data-testid="session-network"> from {s.network}</span> : null} · Last active{" "}
                  <time dateTime={new Date(s.lastSeenAt).toISOString()}>{times.lastActive}</time>
                  {s.rememberMe ? null : " · ends when the browser closes"}
                </p>
              </div>
              <form action={signOutSessionAction} className="inline-form">
                <input type="hidden" name="sessionId" value={s.id} />
                <button
                  className="button secondary"
                  type="submit"
                  aria-label={`Sign out ${device.label}${s.id === current.id ? " (this device)" : ""}`}
                >
                  Sign out
                </button>
              </form>
            </li>
          );
        })}
      </ul>
      {!cookieMode && others > 0 ? (
        <form action={signOutOtherSessionsAction}>
          <button className="button" type="submit">
            Sign out of all other sessions
          </button>
        </form>
      ) : null}
    </>
  );
}
