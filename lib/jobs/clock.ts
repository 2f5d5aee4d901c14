/**
 * The clock of scheduled work. Tests move it with JOBS_TEST_NOW (an ISO instant or epoch ms) to run reminders
 * "on" a given day; a production build (NODE_ENV=production) ignores that variable and always uses the time.
 */
export function jobClock(): number {
  if (process.env.NODE_ENV === "production") return Date.now();
  const forced = process.env.JOBS_TEST_NOW;
  if (!forced) return Date.now();
  const parsed = /^\d+$/.test(forced) ? Number(forced) : Date.parse(forced);
  return Number.isFinite(parsed) ? parsed : Date.now();
}
