import { createHash } from "node:crypto";
import { z } from "zod";
import { systemClock, type Clock } from "../time";
import { liveCounter, type AppStore } from "../storage/types";
import { liveCount, retryAt, withinAllowance, type BackoffRule, type StreakState } from "./throttle-policy";

/**
 * Brute-force limits, kept in the shared store so they hold across every instance (policy: throttle-policy.ts).
 *
 * Log-ins count only failures that happened: a failure is counted after the password check failed, with one
 * atomic increment (AppStore.incrementCounter: INCR + PEXPIRE on Redis). Nothing is reserved beforehand, so
 * correct log-ins never hold each other up, and a crash or a store error before or during the check leaves
 * nothing counted. A burst of parallel guesses cannot use the gap between check and count to get past the
 * allowance: after the count (or, for a correct password, after a fresh read) each attempt checks that it was
 * within the allowance, and one that was not gets the same "too many attempts" answer whether its password was
 * right or wrong, so the burst learns nothing past the allowance.
 *
 * Subjects: an email from browsers it was never signed in from ("email"); one browser that has signed in to
 * that email before ("device", lib/auth/device.ts), with its own allowance, so failures from elsewhere never
 * lock the owner out of their laptop; the client address ("address"), 50 failures before any delay, across
 * all emails; and a signed-in organizer confirming their password ("organizer").
 *
 * Reset requests and sign-ups count every admitted request the same way (each one can send mail or reveal
 * that an email is used).
 */

export type ThrottleAction = "login" | "reset" | "signup" | "link" | "verify";
export type ThrottleSubject = "email" | "device" | "address" | "organizer";

const MINUTE_MS = 60 * 1000;

/** Per account (or device): 5 quick attempts, then 1, 2, 4, 8 and at most 15 minutes between attempts. */
const PER_ACCOUNT: BackoffRule = {
  free: 5,
  firstDelayMs: MINUTE_MS,
  maxDelayMs: 15 * MINUTE_MS,
  resetAfterMs: 60 * MINUTE_MS,
};
/** Per client address, across every account: 50 before any delay. */
const PER_ADDRESS: BackoffRule = {
  free: 50,
  firstDelayMs: MINUTE_MS,
  maxDelayMs: 15 * MINUTE_MS,
  resetAfterMs: 60 * MINUTE_MS,
};

export type ThrottleRules = Record<ThrottleAction, Partial<Record<ThrottleSubject, BackoffRule>>>;

export const THROTTLE_RULES: ThrottleRules = {
  login: { email: PER_ACCOUNT, device: PER_ACCOUNT, organizer: PER_ACCOUNT, address: PER_ADDRESS },
  reset: { email: PER_ACCOUNT, address: PER_ADDRESS },
  signup: { email: PER_ACCOUNT, address: PER_ADDRESS },
  // Sign-in links: every request can send a mail, so each counts, with the log-in's allowance per address.
  link: { email: PER_ACCOUNT, address: PER_ADDRESS },
  // "Send verification link" on the account page: per signed-in organizer.
  verify: { organizer: PER_ACCOUNT, address: PER_ADDRESS },
};

export interface Subject {
  kind: ThrottleSubject;
  value: string;
}

export interface Refusal {
  allowed: false;
  subject: ThrottleSubject;
  retryAt: number;
  retryAfterMs: number;
}

function subjectHash(kind: ThrottleSubject, value: string): string {
  const normalized = kind === "email" ? value.trim().toLowerCase() : value;
  return createHash("sha256").update(`${kind}:${normalized}`).digest("hex").slice(0, 40);
}

/** Counter keys (`c-`) and last-attempt keys (`t-`); the `c-`/`t-` prefixes keep them apart from older records. */
export const throttleKey = (action: ThrottleAction, kind: ThrottleSubject, value: string) =>
  `throttle:c-${action}-${kind}-${subjectHash(kind, value)}`;
const lastAtKey = (action: ThrottleAction, kind: ThrottleSubject, value: string) =>
  `throttle:t-${action}-${kind}-${subjectHash(kind, value)}`;

const lastAtSchema = z.object({ at: z.number() });

export type Throttle = ReturnType<typeof createThrottle>;

/** One login (or password confirmation) in progress, between the check and the password's verdict. */
export interface LoginAttempt {
  /** The password was wrong: counts the failure. Returns a refusal instead of "wrong password" when this
   * attempt turned out to be past the allowance (a parallel burst). */
  failed(): Promise<Refusal | null>;
  /** The password was right: null to go ahead, or a refusal when parallel failures used up the allowance
   * meanwhile (then whether the password was right is not revealed). Counts nothing. */
  succeeded(): Promise<Refusal | null>;
}

export function createThrottle(options: { store: AppStore; clock?: Clock; rules?: ThrottleRules }) {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const rules = options.rules ?? THROTTLE_RULES;

  const ruleOf = (action: ThrottleAction, kind: ThrottleSubject): BackoffRule => {
    const rule = rules[action][kind];
    if (!rule) throw new Error(`no throttle rule for ${action} per ${kind}`);
    return rule;
  };

  async function stateOf(action: ThrottleAction, subject: Subject): Promise<StreakState> {
    const [count, last] = await Promise.all([
      store.getCounter(throttleKey(action, subject.kind, subject.value)),
      store.get(lastAtKey(action, subject.kind, subject.value)),
    ]);
    const parsed = lastAtSchema.safeParse(last);
    return { count, lastAt: parsed.success ? parsed.data.at : null };
  }

  function refusal(subject: ThrottleSubject, at: number): Refusal {
    return { allowed: false, subject, retryAt: at, retryAfterMs: Math.max(1000, at - clock.now()) };
  }

  interface Checked {
    subject: Subject;
    rule: BackoffRule;
    /** Live attempts at the check. */
    before: number;
    /** The store still holds a streak that has ended (fs and memory keep it until swept): restart it. */
    stale: boolean;
  }

  /**
   * Reads every subject; the first gating one that must wait refuses (nothing is counted then). Subjects in
   * `alsoCount` are read only to restart an ended streak; they never refuse, and never find an attempt past
   * their allowance.
   */
  async function check(
    action: ThrottleAction,
    gate: readonly Subject[],
    alsoCount: readonly Subject[] = [],
  ): Promise<Refusal | Checked[]> {
    const now = clock.now();
    const subjects = [...gate, ...alsoCount];
    const states = await Promise.all(subjects.map((s) => stateOf(action, s)));
    const checked: Checked[] = [];
    for (const [i, subject] of subjects.entries()) {
      const rule = ruleOf(action, subject.kind);
      const state = states[i]!;
      const gating = i < gate.length;
      const wait = retryAt(rule, state, now);
      if (gating && wait !== null) return refusal(subject.kind, wait);
      const live = liveCount(rule, state, now);
      checked.push({
        subject,
        rule,
        before: gating ? live : Number.MAX_SAFE_INTEGER,
        stale: live === 0 && state.count > 0,
      });
    }
    return checked;
  }

  /** Counts one attempt for a subject; whether it stayed within the allowance. */
  async function count(action: ThrottleAction, entry: Checked): Promise<Refusal | null> {
    const { subject, rule } = entry;
    const key = throttleKey(action, subject.kind, subject.value);
    const ttlSeconds = Math.ceil(rule.resetAfterMs / 1000);
    if (entry.stale) await store.remove(key);
    const now = clock.now();
    // The time first, then the count: a crash between the two leaves a newer time with the older count
    // (a slightly longer wait), never a count without its time.
    await store.set(lastAtKey(action, subject.kind, subject.value), { at: now }, { ttlSeconds });
    const counted = await store.incrementCounter(key, { ttlSeconds });
    if (withinAllowance(rule, entry.before, counted)) return null;
    return refusal(subject.kind, retryAt(rule, { count: counted, lastAt: now }, now) ?? now + rule.firstDelayMs);
  }

  /** After a correct password: would one more attempt now still have been within the allowance? */
  async function recheck(action: ThrottleAction, entry: Checked): Promise<Refusal | null> {
    const now = clock.now();
    const state = await stateOf(action, entry.subject);
    const live = liveCount(entry.rule, state, now);
    if (withinAllowance(entry.rule, entry.before, live + 1)) return null;
    return refusal(entry.subject.kind, retryAt(entry.rule, state, now) ?? now + entry.rule.firstDelayMs);
  }

  const firstRefusal = (results: (Refusal | null)[]) => results.find((r): r is Refusal => r !== null) ?? null;

  return {
    rules,

    /**
     * Before a password check. `gate`: the subjects whose allowance decides (email and address for an unknown
     * browser; only the device for a known one); `alsoCount`: subjects a failure also counts against without
     * them deciding (the address, for a known device). Nothing is written until the password's verdict.
     */
    async beginLogin(
      gate: readonly Subject[],
      alsoCount: readonly Subject[] = [],
    ): Promise<Refusal | { allowed: true; attempt: LoginAttempt }> {
      const checked = await check("login", gate, alsoCount);
      if (!Array.isArray(checked)) return checked;
      const gating = checked.slice(0, gate.length);
      return {
        allowed: true,
        attempt: {
          async failed() {
            return firstRefusal(await Promise.all(checked.map((entry) => count("login", entry))));
          },
          async succeeded() {
            return firstRefusal(await Promise.all(gating.map((entry) => recheck("login", entry))));
          },
        },
      };
    },

    /**
     * Reset requests and sign-ups: every admitted request counts. Refused when a subject must wait (nothing
     * counted), or when a parallel burst took the allowance between the check and the count.
     */
    async admit(
      action: "reset" | "signup" | "link" | "verify",
      subjects: readonly Subject[],
    ): Promise<Refusal | { allowed: true }> {
      const checked = await check(action, subjects);
      if (!Array.isArray(checked)) return checked;
      return firstRefusal(await Promise.all(checked.map((entry) => count(action, entry)))) ?? { allowed: true };
    },

    /** Live counted attempts of a subject now (tests, diagnostics). */
    async count(action: ThrottleAction, kind: ThrottleSubject, value: string): Promise<number> {
      return liveCount(ruleOf(action, kind), await stateOf(action, { kind, value }), clock.now());
    },

    /**
     * Removes ended streaks and records of the older format. Redis expires them itself; fs and memory have no
     * TTLs, so the hourly sweep (lib/auth/services.ts) calls this there.
     */
    async pruneExpired(): Promise<number> {
      const now = clock.now();
      const longest = Math.max(
        ...Object.values(rules).flatMap((r) => Object.values(r).map((rule) => rule.resetAfterMs)),
      );
      let removed = 0;
      for (const key of await store.listKeys("throttle")) {
        const id = key.slice("throttle:".length);
        let expired: boolean;
        if (id.startsWith("c-")) {
          expired = liveCounter(await store.get(key), Date.now()) === null;
        } else if (id.startsWith("t-")) {
          const parsed = lastAtSchema.safeParse(await store.get(key));
          expired = !parsed.success || parsed.data.at + longest <= now;
        } else {
          expired = true; // the sliding-window lists of earlier versions
        }
        if (expired) {
          await store.remove(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

/** "Try again in 12 minutes." — rounded up, so the person never retries too early. */
export function describeRetry(retryAfterMs: number): string {
  const seconds = Math.ceil(retryAfterMs / 1000);
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * The refusal in words. The same for an email with an account and one without (the count is per email as
 * typed, whether or not it exists), so it reveals nothing about which emails have accounts.
 */
export function throttleMessage(action: ThrottleAction, result: Pick<Refusal, "subject" | "retryAfterMs">): string {
  const what = {
    login: "failed log-in attempts",
    reset: "password reset requests",
    signup: "sign-up attempts",
    link: "sign-in link requests",
    verify: "verification links",
  }[action];
  const where =
    result.subject === "address"
      ? "from your network"
      : result.subject === "organizer"
        ? "for your account"
        : "for this email address";
  return `Too many ${what} ${where}. ${describeRetry(result.retryAfterMs)}`;
}
