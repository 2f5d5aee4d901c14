import { createInterface } from "node:readline/promises";
import { loadAppEnv } from "./load-env";

loadAppEnv();

const { ConfigError, describeStore, getConfig } = await import("../lib/config");
const { getStore } = await import("../lib/storage");
const { createSessionMaintenance } = await import("../lib/session/maintenance");
const { createOrganizerRepository } = await import("../lib/data/organizers");
const { shortSessionId } = await import("../lib/session/record");

const USAGE = `Usage: npm run sessions -- <command>

  stats           store, live and expired sessions, bytes
  list            one line per live session (never the token)
  prune           remove expired and unreadable sessions
  clear [--yes]   remove every session of this app (everyone is signed out)`;

const [command, ...rest] = process.argv.slice(2);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return answer.trim().toLowerCase() === "yes";
}

async function main(): Promise<number> {
  if (!command || command === "help" || command === "--help") {
    console.info(USAGE);
    return command ? 0 : 1;
  }
  const config = getConfig();
  if (config.session.mode === "cookie") {
    console.info(
      "SESSION_STORE=cookie: sessions live in the browsers' cookies; there is nothing on the server to list.",
    );
    return 0;
  }
  const store = getStore();
  const manager = createSessionMaintenance({ store });
  try {
    switch (command) {
      case "stats": {
        const { stats } = await manager.listAllSessions({ records: false });
        console.info(`store:    ${describeStore(config.store)}`);
        console.info(`live:     ${stats.live}`);
        console.info(
          `expired:  ${stats.expired}${stats.expired > 0 && store.kind === "fs" ? " (npm run sessions -- prune removes them)" : ""}`,
        );
        console.info(`corrupt:  ${stats.corrupt}`);
        console.info(`bytes:    ${stats.bytes}`);
        return 0;
      }
      case "list": {
        const { sessions } = await manager.listAllSessions();
        const organizers = createOrganizerRepository(store);
        const emails = new Map<string, string>();
        for (const id of new Set(sessions.map((s) => s.organizerId))) {
          emails.set(id, (await organizers.findById(id))?.email ?? `(deleted organizer ${id})`);
        }
        sessions.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
        console.info(["session ", "organizer", "created", "last seen", "expires", "kept"].join("\t"));
        for (const s of sessions) {
          console.info(
            [
              shortSessionId(s.id),
              emails.get(s.organizerId),
              iso(s.createdAt),
              iso(s.lastSeenAt),
              iso(Math.min(s.expiresAt, s.absoluteExpiresAt)),
              s.rememberMe ? "yes" : "no",
            ].join("\t"),
          );
        }
        console.info(`${sessions.length} live session(s)`);
        return 0;
      }
      case "prune": {
        const { checked, removed } = await manager.pruneExpired();
        console.info(`checked ${checked} session(s), removed ${removed} expired or unreadable`);
        return 0;
      }
      case "clear": {
        if (!rest.includes("--yes")) {
          const { stats } = await manager.listAllSessions({ records: false });
          const ok = await confirm(
            `Delete all ${stats.live + stats.expired + stats.corrupt} session(s) in ${describeStore(config.store)}? Everyone will be signed out. Type "yes": `,
          );
          if (!ok) {
            console.info("Nothing deleted. (Pass --yes to skip the question.)");
            return 1;
          }
        }
        const removed = await manager.clearAllSessions();
        console.info(`removed ${removed} session(s)`);
        return 0;
      }
      default:
        console.error(`Unknown command: ${command}\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(
    error instanceof ConfigError ? `[config] ${error.message}` : `[sessions] failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
