/**
 * Forgets the process-wide throttle, password-reset, sign-in-link and verification services (lib/auth/services.ts keeps them on globalThis),
 * so the next getThrottle() builds one over the store a test just installed.
 */
export function resetAuthServicesForTests(): void {
  const holder = globalThis as typeof globalThis & {
    __hppThrottle?: unknown;
    __hppResets?: unknown;
    __hppSignInLinks?: unknown;
    __hppVerifications?: unknown;
  };
  holder.__hppThrottle = undefined;
  holder.__hppResets = undefined;
  holder.__hppSignInLinks = undefined;
  holder.__hppVerifications = undefined;
}
