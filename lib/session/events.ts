import { getConfig } from "../config";
import { shortSessionId } from "./record";

export type SessionEvent = "session.created" | "session.renewed" | "session.ended" | "session.rejected";

export type SessionEndReason =
  | "logout"
  | "expired"
  | "organizer"
  | "password-change"
  | "password-reset"
  | "reissued"
  | "login"
  | "corrupt"
  | "admin";

/**
 * One structured line per session event, for log search. Carries the organizer id and a short hash of the
 * session id: enough to correlate, useless to hijack (the token itself is never logged).
 */
export function logSessionEvent(
  event: SessionEvent,
  fields: { sessionId?: string; organizerId?: string; reason?: string; [key: string]: unknown },
): void {
  if (!getConfig().sessionLog) return;
  const { sessionId, ...rest } = fields;
  const line = {
    at: new Date().toISOString(),
    event,
    ...(sessionId ? { session: shortSessionId(sessionId) } : {}),
    ...rest,
  };
  console.info(JSON.stringify(line));
}
