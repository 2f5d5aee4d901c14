import "server-only";
import { getOrganizerRepository } from "../data";
import { getConfig } from "../config";
import { getStore } from "../storage";
import { createPasswordResets, type PasswordResets } from "./password-reset";
import {
  createEmailVerifications,
  createSignInLinks,
  type EmailVerifications,
  type SignInLinks,
} from "./sign-in-links";
import { createThrottle, type Throttle } from "./throttle";

const holder = globalThis as typeof globalThis & {
  __hppThrottle?: Throttle;
  __hppResets?: PasswordResets;
  __hppSignInLinks?: SignInLinks;
  __hppVerifications?: EmailVerifications;
  __hppAuthSweep?: boolean;
};

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Redis expires throttle, reset and link records by their TTL; the fs store keeps the files, so they are pruned
 * here hourly, off the request path, by a timer that does not keep the process alive.
 */
function startAuthSweep(): void {
  if (holder.__hppAuthSweep || getStore().kind !== "fs" || !getConfig().sessionSweep) return;
  holder.__hppAuthSweep = true;
  const run = async () => {
    try {
      const removed =
        (await getThrottle().pruneExpired()) +
        (await getPasswordResets().pruneExpired()) +
        (await getSignInLinks().pruneExpired()) +
        (await getEmailVerifications().pruneExpired());
      if (removed > 0) console.info(`[auth] sweep removed ${removed} expired throttle, reset and link records`);
    } catch (error) {
      console.error(`[auth] sweep failed: ${(error as Error).message}`);
    }
  };
  setTimeout(run, 10_000).unref();
  setInterval(run, SWEEP_INTERVAL_MS).unref();
}

/** The process-wide throttle over the configured store (its state lives in the store, shared by instances). */
export function getThrottle(): Throttle {
  if (!holder.__hppThrottle) {
    holder.__hppThrottle = createThrottle({ store: getStore() });
    startAuthSweep();
  }
  return holder.__hppThrottle;
}

export function getPasswordResets(): PasswordResets {
  if (!holder.__hppResets) {
    holder.__hppResets = createPasswordResets({ store: getStore(), organizers: getOrganizerRepository() });
    startAuthSweep();
  }
  return holder.__hppResets;
}

export function getSignInLinks(): SignInLinks {
  if (!holder.__hppSignInLinks) {
    holder.__hppSignInLinks = createSignInLinks({ store: getStore() });
    startAuthSweep();
  }
  return holder.__hppSignInLinks;
}

export function getEmailVerifications(): EmailVerifications {
  if (!holder.__hppVerifications) {
    holder.__hppVerifications = createEmailVerifications({ store: getStore() });
    startAuthSweep();
  }
  return holder.__hppVerifications;
}
