import "server-only";
import { getStore } from "../storage";
import { jobClock } from "./clock";
import { acquireLease } from "./lease";

export const SELF_TICK_MS = 60_000;

const holder = globalThis as typeof globalThis & { __hppSelfTick?: NodeJS.Timeout };

/**
 * Under `next start` / `next dev`: tick every minute, one instance at a time (a lease in the store). Not on
 * Vercel, where functions do not live between requests: there Vercel Cron calls the tick route. The mail code
 * (React Email, nodemailer) is loaded on the first tick, not at server start.
 */
export function startSelfTick(): void {
  if (holder.__hppSelfTick || process.env.VERCEL || process.env.JOBS_SELF_TICK === "off") return;
  const run = async () => {
    try {
      const { processOwner, tickNow } = await import("./runtime");
      if (!(await acquireLease(getStore(), "tick", processOwner(), SELF_TICK_MS - 5_000, jobClock()))) return;
      const report = await tickNow();
      if (report.reminders || report.mail.sent || report.mail.failed || report.mail.skipped) {
        console.info(
          `[jobs] tick: ${report.reminders} reminder(s) queued; mail sent ${report.mail.sent}, failed ${report.mail.failed}, skipped ${report.mail.skipped}`,
        );
      }
    } catch (error) {
      console.error(`[jobs] tick failed (next try in a minute): ${(error as Error).message}`);
    }
  };
  holder.__hppSelfTick = setInterval(run, SELF_TICK_MS);
  holder.__hppSelfTick.unref();
  setTimeout(run, 10_000).unref();
}
