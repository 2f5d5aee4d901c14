import { StoreBusyError } from "../storage/types";

/** What a person sees when their change kept colliding with others' (or the store stayed busy). */
export const BUSY_MESSAGE = "The planner is busy right now and your change was not saved. Please try again in a moment.";

const RETRY_AFTER_MS = 150;

/**
 * Runs a change for a Server Action. A StoreBusyError (the change kept losing to concurrent ones after its
 * own retries, or a store lock stayed taken) gets one more short try, then becomes `{ busy }` for the form to
 * show: never a 500. Other errors, and Next's redirect/notFound signals, pass through untouched.
 */
export async function whenStoreAllows<T>(change: () => Promise<T>): Promise<T | { busy: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof StoreBusyError)) throw error;
      console.warn(`[data] busy (attempt ${attempt}): ${error.message}`);
      if (attempt >= 2) return { busy: BUSY_MESSAGE };
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS + Math.random() * RETRY_AFTER_MS));
    }
  }
}

export function isBusy(value: unknown): value is { busy: string } {
  return typeof value === "object" && value !== null && "busy" in value;
}
