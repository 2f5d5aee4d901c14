/**
 * Forgets the process-wide throttle and password-reset services (lib/auth/services.ts keeps them on globalThis),
 * so the next getThrottle() builds one over the store a test just installed.
 */
export function resetAuthServicesForTests(): void {
  const holder = globalThis as typeof globalThis & { __hppThrottle?: unknown; __hppResets?: unknown };
  holder.__hppThrottle = undefined;
  holder.__hppResets = undefined;
}
