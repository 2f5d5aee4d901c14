/**
 * The errors every layer shares: the store's "not now" answers. One module, so that one class (and one brand)
 * is what proxy.ts, the actions and the stores all test against.
 */

const UNAVAILABLE_BRAND = Symbol.for("hpp.StoreUnavailableError");

/** The store could not be reached or did not answer in time. Never means "no such record". */
export class StoreUnavailableError extends Error {
  readonly [UNAVAILABLE_BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }

  // Next bundles this module separately for instrumentation, proxy.ts and the app routes, while the store
  // itself is one per process (on globalThis): an error thrown by a store the instrumentation bundle created
  // is not an instance of proxy.ts's copy of this class. A plain instanceof then failed in proxy.ts, and a
  // Redis outage became a 500 instead of the 503 page. The brand is shared through the global symbol registry.
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[UNAVAILABLE_BRAND] === true
    );
  }
}

const BUSY_BRAND = Symbol.for("hpp.StoreBusyError");

/**
 * A lock could not be had in time because another request holds it: the store is up, only busy. Callers retry
 * briefly and then say "busy, try again"; it is never reported as an outage.
 */
export class StoreBusyError extends Error {
  readonly [BUSY_BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreBusyError";
  }

  // Branded like StoreUnavailableError, for the same reason (one class per Next bundle).
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BUSY_BRAND] === true;
  }
}

/**
 * The store could not do it now: unreachable, or too busy (a lock stayed taken). Either way nothing was
 * decided, so a request answers "try again" (a form message, or 503 with Retry-After), never a 500.
 */
export function isStoreTrouble(error: unknown): error is StoreUnavailableError | StoreBusyError {
  return error instanceof StoreUnavailableError || error instanceof StoreBusyError;
}

/**
 * What a use case answers when it can refuse: the value, or why not (`reason`, for code to branch on), with a
 * message for a person and the form field it concerns when there is one. The one result type of the app.
 */
export type Result<T, R extends string = "not-found"> = { ok: true; value: T } | Failure<R>;

export interface Failure<R extends string = string> {
  ok: false;
  reason: R;
  message?: string;
  field?: string;
}

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <R extends string>(reason: R, message?: string): { ok: false; reason: R; message?: string } => ({
  ok: false,
  reason,
  message,
});

/**
 * The one outage wrapper for actions: runs `work`; when the store is unreachable or too busy (isStoreTrouble),
 * nothing was decided, so the action answers with `onOutage()` (the reason is logged under `label`) instead of
 * an error page. Other errors, and Next's redirect()/notFound() signals, pass through untouched.
 */
export async function unlessStoreTrouble<T>(
  label: string,
  work: () => Promise<T>,
  onOutage: (error: StoreUnavailableError | StoreBusyError) => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isStoreTrouble(error)) throw error;
    console.error(`[${label}] store unavailable: ${error.message}`);
    return onOutage(error);
  }
}
