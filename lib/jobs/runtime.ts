import "server-only";
import { randomBytes } from "node:crypto";
import { getConfig, getSessionSecrets, requireAppUrl } from "../config";
import { getPartyData } from "../data";
import { outboxTransport, smtpTransport } from "../mail/delivery";
import { processMailQueue, type QueueRunReport, type QueueWorkerOptions } from "../mail/queue";
import { runTick, type TickReport } from "./tick";
import { jobClock } from "./clock";

/** This process's name in leases and claims. */
const holder = globalThis as typeof globalThis & { __hppJobOwner?: string };
export function processOwner(): string {
  holder.__hppJobOwner ??= `${process.pid}-${randomBytes(4).toString("hex")}`;
  return holder.__hppJobOwner;
}

/** The queue worker as the environment configures it: SMTP_URL or the outbox, MAIL_FROM, APP_URL. */
export function workerFromEnvironment(): Omit<QueueWorkerOptions, "db"> {
  const config = getConfig();
  const secrets = getSessionSecrets();
  return {
    transport: config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : outboxTransport(config.dataDir),
    from: config.mail.from,
    // In development without APP_URL there is no request to take a host from: the dev server's own address.
    appUrl: requireAppUrl(config) ?? `http://localhost:${process.env.PORT ?? "3000"}`,
    linkSecret: Object.values(secrets.seal)[0]!,
    owner: processOwner(),
    now: jobClock,
  };
}

export function unsubscribeSecrets(): string[] {
  return Object.values(getSessionSecrets().unseal);
}

/** One tick now (the cron route and the CLI). */
export async function tickNow(): Promise<TickReport> {
  const data = getPartyData();
  await data.db.ready();
  return runTick(data.db, workerFromEnvironment(), jobClock());
}

/** Sends what is queued, right after the request that queued it (Next's after()); failures stay queued. */
export async function sendQueuedMailSoon(): Promise<QueueRunReport | null> {
  try {
    const data = getPartyData();
    return await processMailQueue({ ...workerFromEnvironment(), db: data.db });
  } catch (error) {
    console.error(`[mail] sending after the request failed; the tick retries: ${(error as Error).message}`);
    return null;
  }
}
