import { loadAppEnv } from "./load-env";

loadAppEnv();

const { ConfigError, describeStore, getConfig, getSessionSecrets } = await import("../lib/config");
const { getStore } = await import("../lib/storage");
const { seedDemoData, DEMO_PASSWORD } = await import("./demo-data");
const { linkVaultFromSecrets } = await import("../lib/data/link-vault");

const quiet = process.argv.includes("--quiet");

try {
  const config = getConfig();
  // Makes sure a development secret exists before the first server starts (no-op when SESSION_SECRET is set).
  // The demo RSVP links are sealed with it, like the app's own; in production without one the seed still
  // runs, and the organizer makes new links.
  let linkVault;
  try {
    linkVault = linkVaultFromSecrets(getSessionSecrets());
  } catch (error) {
    if (!(error instanceof ConfigError) || !config.isProduction) throw error;
    console.warn('[seed] SESSION_SECRET is not set: demo RSVP links will need "New link" on each event page');
  }
  const store = getStore();
  const report = await seedDemoData(store, { linkVault });
  await store.close();
  if (report.created.length > 0 || report.parties.length > 0 || !quiet) {
    console.info(`[seed] store: ${describeStore(config.store)}`);
    for (const email of report.created) console.info(`[seed] created organizer ${email} (password: ${DEMO_PASSWORD})`);
    for (const email of report.existing) console.info(`[seed] already there: ${email}`);
    for (const line of report.parties) console.info(`[seed] demo parties for ${line}`);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[seed] ${error.message}`);
    process.exit(1);
  }
  console.error(`[seed] failed: ${(error as Error).message}`);
  process.exit(1);
}
