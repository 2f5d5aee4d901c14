import "server-only";
import { getOrganizerRepository } from "../data";
import { getStore } from "../storage";
import { createPasswordResets, type PasswordResets } from "./password-reset";
import { createThrottle, type Throttle } from "./throttle";

const holder = globalThis as typeof globalThis & { __hppThrottle?: Throttle; __hppResets?: PasswordResets };

/** The process-wide throttle over the configured store (its state lives in the store, shared by instances). */
export function getThrottle(): Throttle {
  holder.__hppThrottle ??= createThrottle({ store: getStore() });
  return holder.__hppThrottle;
}

export function getPasswordResets(): PasswordResets {
  holder.__hppResets ??= createPasswordResets({ store: getStore(), organizers: getOrganizerRepository() });
  return holder.__hppResets;
}

export function resetAuthServicesForTests(): void {
  holder.__hppThrottle = undefined;
  holder.__hppResets = undefined;
}
