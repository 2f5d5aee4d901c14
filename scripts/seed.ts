import { loadAppEnv } from "./load-env";

loadAppEnv();

const { ConfigError, describeStore, getConfig, getSessionSecrets } = await import("../lib/config");
const { getStore } = await import("../lib/storage");
const { seedDemoData, DEMO_PASSWORD } = await import("../lib/data/seed");

const quiet = process.argv.includes("--quiet");

try {
  const config = getConfig();
  // Makes sure a development secret exists before the first server starts (no-op when SESSION_SECRET is set;
  // in production it only checks that one is).
  if (!config.isProduction) getSessionSecrets();
  const store = getStore();
  const report = await seedDemoData(store);
  await store.close();
  if (report.created.length > 0 || !quiet) {
    console.info(`[seed] store: ${describeStore(config.store)}`);
    for (const email of report.created) console.info(`[seed] created organizer ${email} (password: ${DEMO_PASSWORD})`);
    for (const email of report.existing) console.info(`[seed] already there: ${email}`);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[seed] ${error.message}`);
    process.exit(1);
  }
  console.error(`[seed] failed: ${(error as Error).message}`);
  process.exit(1);
}
