import type { PartyDb } from "../data/db";
import { processMailQueue, type QueueRunReport, type QueueWorkerOptions } from "../mail/queue";
import { scheduleReminders } from "../mail/reminders";

export interface TickReport {
  reminders: number;
  mail: QueueRunReport;
}

/**
 * The scheduled work, run by GET /api/cron/tick, the self-tick and `npm run jobs -- tick`: queue the reminders
 * that are due, then send what the queue holds. Each piece of work is done once however often, and on however
 * many instances at once, this runs (reminders have one key per household and kind; mails are claimed).
 */
export async function runTick(db: PartyDb, worker: Omit<QueueWorkerOptions, "db">, now: number): Promise<TickReport> {
  const reminders = await scheduleReminders(db, now);
  const mail = await processMailQueue({ ...worker, db, now: worker.now ?? (() => now) });
  return { reminders, mail };
}
