import type { AppStore } from "../lib/storage/types";

/** The store calls a wrapper sees (everything that reaches the backend). */
export const STORE_METHODS = [
  "get",
  "set",
  "replace",
  "add",
  "remove",
  "take",
  "incrementCounter",
  "getCounter",
  "setAdd",
  "setRemove",
  "setMembers",
  "getMany",
  "readIndex",
  "commit",
  "withLock",
  "listKeys",
  "forEachValue",
  "ping",
] as const;

export type StoreMethod = (typeof STORE_METHODS)[number];

/**
 * A store whose calls each go through `around(method, call)`, where `call()` runs the real one: the one wrapper
 * behind the tests' controlled store (test/support/controlled-store.ts) and the bench's round-trip counter
 * (bench/support/round-trips.ts). Everything else (kind, close, ...) is the inner store's.
 */
export function interceptStore(
  inner: AppStore,
  label: string,
  around: (method: StoreMethod, call: () => Promise<unknown>) => Promise<unknown>,
  methods: readonly StoreMethod[] = STORE_METHODS,
): AppStore {
  const wrapped: Record<string, unknown> = {};
  for (const method of methods) {
    wrapped[method] = (...args: unknown[]) =>
      around(method, () => (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args));
  }
  return Object.assign(Object.create(null), inner, wrapped, {
    kind: inner.kind,
    description: `${label} ${inner.description}`,
    close: () => inner.close(),
  }) as AppStore;
}
