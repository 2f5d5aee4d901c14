import { AsyncLocalStorage } from "node:async_hooks";
import type { AppStore } from "../../lib/storage/types";
import { interceptStore, STORE_METHODS, type StoreMethod } from "../../support/intercept-store";

/**
 * A store wrapper that lets a test stop an operation before or after any of its store calls, run another
 * operation meanwhile, and then let the first one go on: interleavings forced exactly, not hoped for.
 * Calls are attributed to the operation running them through AsyncLocalStorage (`runAs`).
 */

export type Phase = "before" | "after";

export interface StoreCall {
  /** The operation the call belongs to (runAs), or undefined for setup and checks. */
  actor: string | undefined;
  method: string;
  /** 0-based index of this call among the actor's calls. */
  index: number;
  phase: Phase;
}

export interface ControlledStore {
  store: AppStore;
  /**
   * The same controlled store as another object: what is kept per store object in a process (the data
   * layer's queue of changes to one record) is then not shared, as between two app instances.
   */
  instance(): AppStore;
  /** Runs fn with its store calls attributed to `actor`. */
  runAs<T>(actor: string, fn: () => Promise<T>): Promise<T>;
  /** How many store calls each actor made. */
  counts(): Record<string, number>;
  /** The calls of each actor, in order (method names). */
  trace(actor: string): string[];
  /**
   * Stops `actor` at its `index`th call (`phase` of it). Resolves `reached` when it gets there; the call goes
   * on when `release()` is called.
   */
  pauseAt(actor: string, index: number, phase: Phase): { reached: Promise<void>; release: () => void };
}

// Not the counter methods: the interleavings are about records, indexes and commits.
const METHODS: readonly StoreMethod[] = STORE_METHODS.filter((m) => m !== "incrementCounter" && m !== "getCounter");

export function controlStore(inner: AppStore): ControlledStore {
  const als = new AsyncLocalStorage<string>();
  const counts: Record<string, number> = {};
  const traces: Record<string, string[]> = {};
  let pause: { actor: string; index: number; phase: Phase; reach: () => void; released: Promise<void> } | null = null;

  const gate = async (call: StoreCall) => {
    if (!pause || call.actor !== pause.actor || call.index !== pause.index || call.phase !== pause.phase) return;
    const current = pause;
    pause = null; // once
    current.reach();
    await current.released;
  };

  const store = interceptStore(
    inner,
    "controlled",
    async (method, call) => {
      const actor = als.getStore();
      let index = -1;
      if (actor !== undefined) {
        index = counts[actor] ?? 0;
        counts[actor] = index + 1;
        (traces[actor] ??= []).push(method);
      }
      await gate({ actor, method, index, phase: "before" });
      const result = await call();
      await gate({ actor, method, index, phase: "after" });
      return result;
    },
    METHODS,
  );

  return {
    store,
    instance: () => Object.assign(Object.create(null), store) as AppStore,
    runAs: (actor, fn) => als.run(actor, fn),
    counts: () => ({ ...counts }),
    trace: (actor) => [...(traces[actor] ?? [])],
    pauseAt(actor, index, phase) {
      let reach!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => (reach = r));
      const released = new Promise<void>((r) => (release = r));
      pause = { actor, index, phase, reach, released };
      return { reached, release };
    },
  };
}
