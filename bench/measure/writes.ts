import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig } from "../../lib/config";
import { createSessionFlash } from "../../lib/session/flash";
import { createSessionManager, sessionKey, TOUCH_INTERVAL_MS } from "../../lib/session/manager";
import { sessionRecordSchema } from "../../lib/session/record";
import { createStore } from "../../lib/storage";
import { commandStats, redisClient, startPrivateRedis, type PrivateRedis } from "../../support/redis";
import { startBackends } from "../support/backends";
import { SectionBuilder, type Context } from "../support/context";
import { loadDashboard } from "../support/load";
import { table, type SectionResult } from "../support/report";
import { benchPrefix, startVariant, verifyDashboard } from "../support/servers";
import { countWrites, ManualClock } from "../support/sessions";
import { int } from "../support/stats";

export const TITLE = "Store writes per request: sliding renewal writes at most once per hour of session time";

const HOUR_MS = 60 * 60 * 1000;
const HTTP_CONNECTIONS = 4;

/** Redis's own count of changes to the dataset (nothing saves on a private server, so it only grows). */
async function redisChanges(url: string): Promise<number> {
  const client = redisClient(url);
  try {
    const info = await client.info("persistence");
    const value = /rdb_changes_since_last_save:(\d+)/.exec(info)?.[1];
    if (value === undefined) throw new Error("INFO persistence has no rdb_changes_since_last_save");
    return Number(value);
  } finally {
    client.disconnect();
  }
}

const BOOKKEEPING = new Set(["info", "config", "client", "select", "hello", "ping"]);
async function appCommands(url: string): Promise<Record<string, number>> {
  const stats = await commandStats(url);
  for (const name of BOOKKEEPING) delete stats[name];
  return stats;
}

export async function measureWrites(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(3, TITLE);
  const p = ctx.profile.writes;
  const rows: (string | number)[][] = [];

  // --- Over HTTP: real requests, counted by Redis itself ------------------------------------------------
  if (!ctx.http || ctx.redisMissing) {
    section.row(`redis over HTTP: writes over ${int(p.httpRequests)} requests of one session`, "—", "—", "NOT RUN");
    section.notes.push(`Not run over HTTP: ${ctx.http ? ctx.redisMissing : "--no-http was given."}`);
  } else {
    const backends = await startBackends({ shim: false });
    const server = await startVariant({ store: "redis", sessions: "store" }, backends);
    try {
      // Last seen two hours ago: the first request is due for its hourly renewal, and only the first.
      const { cookie, sessionId } = await server.signIn({ lastSeenAgoMs: 2 * HOUR_MS });
      const changes0 = await redisChanges(backends.redisUrl);
      const commands0 = await appCommands(backends.redisUrl);
      await verifyDashboard(server.url, cookie);
      // The first request (the check above) is alone, so exactly one request finds the renewal due; the rest
      // come over a few connections, as a browser's would.
      ctx.log(`[bench] 3: ${int(p.httpRequests)} dashboard requests from one session`);
      const load = await loadDashboard({
        url: server.url,
        cookie,
        connections: HTTP_CONNECTIONS,
        amount: p.httpRequests - 1,
      });
      const requests = load.requests + 1;
      const writes = (await redisChanges(backends.redisUrl)) - changes0;
      const commands1 = await appCommands(backends.redisUrl);
      const record = sessionRecordSchema.parse(await server.store.get(sessionKey(sessionId)));
      const renewed = Date.now() - record.lastSeenAt < HOUR_MS;
      const perRequest = Object.entries(commands1)
        .map(([name, calls]) => [name, calls - (commands0[name] ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => `${name.toUpperCase()} ${int(n)} (${(n / requests).toFixed(2)}/request)`)
        .join(", ");
      rows.push([
        `redis, over HTTP, the first request alone, then ${HTTP_CONNECTIONS} connections`,
        int(requests),
        "session last seen 2 h ago",
        int(writes),
        `lastSeenAt renewed: ${renewed ? "yes" : "no"}`,
      ]);
      section.judge(
        `redis over HTTP: writes over ${int(requests)} requests of one session`,
        `${int(writes)}${renewed ? " (the renewal of a session last seen 2 h ago)" : " (the renewal did not happen)"}`,
        "none or one",
        writes <= 1,
      );
      section.details.push(`Redis commands during the ${int(requests)} requests over HTTP: ${perRequest}.`);
      if (!renewed)
        section.notes.push(
          "The session's lastSeenAt did not move although it was 2 h old: sliding renewal did not run. Sessions would expire while in use.",
        );

      // Now a renewal falling due while many requests of the session are in flight: each may find it due.
      const burst = await server.signIn({ lastSeenAgoMs: 2 * HOUR_MS });
      const burstRequests = Math.max(p.burstConnections * 10, Math.floor(p.httpRequests / 10));
      const before = await redisChanges(backends.redisUrl);
      await loadDashboard({
        url: server.url,
        cookie: burst.cookie,
        connections: p.burstConnections,
        amount: burstRequests,
      });
      const burstWrites = (await redisChanges(backends.redisUrl)) - before;
      rows.push([
        `redis, over HTTP, ${p.burstConnections} connections at once`,
        int(burstRequests),
        "session last seen 2 h ago",
        int(burstWrites),
        "—",
      ]);
      section.judge(
        `redis over HTTP: the same with ${p.burstConnections} concurrent connections`,
        `${int(burstWrites)} write(s) over ${int(burstRequests)} requests`,
        "none or one (one app instance; each further instance may add one)",
        burstWrites <= 1,
      );
      if (burstWrites > 1) {
        section.notes.push(
          `With ${p.burstConnections} requests in flight when the renewal fell due, ${int(burstWrites)} of them each wrote the renewal. ` +
            "The session manager claims a due renewal per session in the process (lib/session/manager.ts, claimRenewal), so " +
            "more than one write from one server means that claim is not working.",
        );
      }
    } finally {
      await server.stop();
      await backends.dispose();
    }
  }

  // --- Simulated session time: hours of use in seconds, with the manager's injectable clock --------------
  for (const kind of ["fs", "redis"] as const) {
    if (kind === "redis" && ctx.redisMissing) {
      section.row(`redis simulated: writes over ${p.simulatedHours} h`, "—", "—", "NOT RUN");
      continue;
    }
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hpp-bench-writes-"));
    let redis: PrivateRedis | undefined;
    try {
      if (kind === "redis") redis = await startPrivateRedis();
      const config = parseConfig({
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        STORE_KEY_PREFIX: benchPrefix("w"),
        ...(redis ? { REDIS_URL: redis.url } : {}),
      });
      const inner = createStore(config);
      const counted = countWrites(inner);
      const clock = new ManualClock();
      const manager = createSessionManager({ store: counted.store, policy: config.session, clock });
      const flash = createSessionFlash({ store: counted.store, clock });
      const { token } = await manager.createSession({
        organizerId: "bench-organizer",
        rememberMe: true,
        userAgent: "hpp-bench",
      });
      const created = counted.total();
      const start = clock.now();
      const step = (p.simulatedHours * HOUR_MS) / p.simulatedRequests;
      ctx.log(`[bench] 3: ${kind}: ${int(p.simulatedRequests)} requests over ${p.simulatedHours} simulated hours`);
      for (let i = 1; i <= p.simulatedRequests; i++) {
        clock.current = start + Math.round(i * step);
        // What one dashboard request does: proxy.ts resolves and renews, the page resolves again and asks for a flash.
        const session = await manager.validateSessionToken(token);
        if (!session)
          throw new Error(`the simulated ${kind} session ended after ${((i * step) / HOUR_MS).toFixed(1)} h of use`);
        await manager.touchSession(session);
        const again = await manager.validateSessionToken(token);
        if (!again) throw new Error(`the simulated ${kind} session vanished within a request`);
        await flash.takeFlash(again.id);
      }
      const writes = counted.total() - created;
      const allowed = Math.ceil((p.simulatedHours * HOUR_MS) / TOUCH_INTERVAL_MS);
      const ops = Object.entries(counted.counts)
        .filter(([, n]) => n > 0)
        .map(([op, n]) => `${op} ${n}`)
        .join(", ");
      rows.push([
        `${kind}, in process, simulated clock`,
        int(p.simulatedRequests),
        `${p.simulatedHours} h of use (one request every ${(step / 1000).toFixed(0)} s)`,
        int(writes),
        `store calls incl. creation: ${ops}`,
      ]);
      section.judge(
        `${kind} simulated: writes over ${int(p.simulatedRequests)} requests spread over ${p.simulatedHours} h`,
        `${int(writes)} (${(writes / p.simulatedHours).toFixed(2)} per hour, ${(writes / p.simulatedRequests).toFixed(4)} per request)`,
        `≤ ${allowed} (one per hour), and > 0`,
        writes <= allowed && writes > 0,
      );
      await inner.close();
    } finally {
      await redis?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  section.details.unshift(
    "Over HTTP the count is Redis's own (`rdb_changes_since_last_save` of a private redis-server: only changes count, so a GETDEL " +
      "that finds no flash message is not a write); the session was last seen 2 h before the first request, so exactly one renewal " +
      "is due. In process, the session manager runs on a counting store wrapper with a hand-moved clock, doing per request what " +
      "proxy.ts and the page do (resolve, renew if due, resolve again, take the flash).",
    table(["Where", "Requests", "Session time", "Writes", "Detail"], rows),
  );
  return section.finish();
}
