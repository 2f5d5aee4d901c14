/**
 * The throttling policy, with no store and no clock of its own: growing delays (OWASP's "exponential
 * back-off") instead of a hard wall. A subject (an email seen from unknown browsers, a device, a client
 * address) has a streak of counted attempts and the time of the last one. The first `free` attempts of a
 * streak wait for nothing; after that each further attempt must wait `firstDelayMs` after the previous one,
 * then twice that, and so on up to `maxDelayMs`. A streak ends `resetAfterMs` after its last attempt.
 *
 * An attacker therefore gets a few quick guesses and then about four an hour, while the owner of the account
 * never meets a 15-minute wall from one mistyped password too many.
 */

export interface BackoffRule {
  /** Attempts in a streak that wait for nothing. */
  free: number;
  /** The wait after the first attempt past `free`; doubled for each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** The streak (and its count) ends this long after its last attempt. Longer than maxDelayMs. */
  resetAfterMs: number;
}

/** A subject's streak as stored: how many attempts were counted, and when the last one was. */
export interface StreakState {
  count: number;
  /** Epoch ms of the last counted attempt; null when none is known (then there is no streak). */
  lastAt: number | null;
}

/** The wait required after the last attempt of a streak of `count` attempts. */
export function delayAfter(rule: BackoffRule, count: number): number {
  if (count < rule.free) return 0;
  const doublings = Math.min(count - rule.free, 30);
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** doublings);
}

/** The count that still matters at `now`: 0 once the streak has ended (or was never recorded). */
export function liveCount(rule: BackoffRule, state: StreakState, now: number): number {
  if (state.lastAt === null || state.count <= 0) return 0;
  // A last attempt "in the future" (another instance's clock runs ahead) counts as now, never as later.
  const lastAt = Math.min(state.lastAt, now);
  return now - lastAt >= rule.resetAfterMs ? 0 : state.count;
}

/** When the next attempt may be made, or null when it may be made now. */
export function retryAt(rule: BackoffRule, state: StreakState, now: number): number | null {
  const count = liveCount(rule, state, now);
  if (count < rule.free) return null;
  const at = Math.min(state.lastAt!, now) + delayAfter(rule, count);
  return at > now ? at : null;
}

/**
 * After an attempt that passed the check with `countBefore` live attempts was counted and the counter answered
 * `countNow`: did it stay within the allowance? It did if it was within the free attempts, or if nothing else
 * was counted between the check and its own count (it was then the one attempt the delay allowed). Of a burst
 * of parallel attempts that all passed the check at once, only as many as the allowance had room for do.
 */
export function withinAllowance(rule: BackoffRule, countBefore: number, countNow: number): boolean {
  return countNow <= rule.free || countNow - 1 <= countBefore;
}
