// Runs once when a server process starts (dev and production). A bad environment stops the server here,
// with a message naming the variable, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so that as few requests as possible arrive before it: the TCP peer's address, for the per-address
  // login throttle (next start keeps a client-sent X-Forwarded-For; see lib/security/server-hook.ts).
  const { installServerHook } = await import("./lib/security/server-hook");
  installServerHook();
  const { checkEnvironmentAtStartup } = await import("./lib/startup");
  await checkEnvironmentAtStartup();
  // Scheduled work (the mail queue, reminders) every minute, one instance at a time; see lib/jobs/self-tick.ts.
  const { startSelfTick } = await import("./lib/jobs/self-tick");
  startSelfTick();
}
