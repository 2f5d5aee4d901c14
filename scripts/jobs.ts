import { loadAppEnv } from "./load-env";

loadAppEnv();

const { ConfigError, describeStore, getConfig } = await import("../lib/config");
const { getStore } = await import("../lib/storage");
const { tickNow } = await import("../lib/jobs/runtime");
const { closeQueueTransports } = await import("../lib/mail/delivery");

const USAGE = `Usage: npm run jobs -- tick

  tick   run the scheduled work that is due once (queue due reminders, send queued mail), as
         GET /api/cron/tick does; safe to run while the app is running, or twice`;

const [command] = process.argv.slice(2);

async function main(): Promise<number> {
  if (command !== "tick") {
    console.info(USAGE);
    return command === "help" || command === "--help" ? 0 : 1;
  }
  const config = getConfig();
  console.info(
    `store: ${describeStore(config.store)}; mail: ${config.mail.smtpUrl ? "SMTP" : `outbox (${config.dataDir}/outbox)`}`,
  );
  try {
    const report = await tickNow();
    console.info(
      `tick: ${report.reminders} reminder(s) queued; mail sent ${report.mail.sent}, failed ${report.mail.failed} (kept queued for a retry), skipped ${report.mail.skipped}`,
    );
    return 0;
  } finally {
    closeQueueTransports();
    await getStore().close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[config] ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`[jobs] ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
