// Runs once when a server process starts (dev and production). A bad environment stops the server here,
// with a message naming the variable, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvironmentAtStartup } = await import("./lib/startup");
  await checkEnvironmentAtStartup();
}
