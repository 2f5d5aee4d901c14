import { commandStats } from "../../test/support/redis";
import { startBackends } from "../support/backends";
import { SectionBuilder, type Context } from "../support/context";
import { loadDashboard, type LoadResult } from "../support/load";
import type { SectionResult } from "../support/report";
import { table } from "../support/report";
import { startVariant, STORE_KINDS, variantName, verifyDashboard, type BenchServer, type StoreKind, type Variant } from "../support/servers";
import { median, ms, ratio } from "../support/stats";

export const TITLE = "Per-request cost: the signed-in dashboard under `next start`, each store against cookie mode";
const TARGET = 0.95;

/** Redis commands that are the bench's own bookkeeping, not the app's. */
const BOOKKEEPING = new Set(["info", "config", "client", "select", "hello", "ping"]);

async function redisCommands(url: string): Promise<Record<string, number>> {
  const stats = await commandStats(url);
  for (const name of BOOKKEEPING) delete stats[name];
  return stats;
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const d = calls - (before[name] ?? 0);
    if (d > 0) out[name] = d;
  }
  return out;
}

export async function measureThroughput(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(1, TITLE);
  const p = ctx.profile.throughput;
  // Each store with server-side sessions, next to the same store in cookie mode (it then holds only the
  // organizer): the difference between the two is exactly what the session layer costs per request.
  const variants: Variant[] = STORE_KINDS.flatMap((store) => [
    { store, sessions: "store" as const },
    { store, sessions: "cookie" as const },
  ]);
  const backends = await startBackends({ shim: true });
  const servers: BenchServer[] = [];
  try {
    const cookies = new Map<BenchServer, string>();
    for (const variant of variants) {
      ctx.log(`[bench] 1: starting next start for ${variantName(variant)}`);
      const server = await startVariant(variant, backends);
      servers.push(server);
      const { cookie } = await server.signIn();
      await verifyDashboard(server.url, cookie);
      cookies.set(server, cookie);
    }
    const run = (server: BenchServer, durationSec: number) =>
      loadDashboard({ url: server.url, cookie: cookies.get(server)!, connections: p.connections, durationSec });

    ctx.log(`[bench] 1: warm-up, ${p.warmupSec} s per server`);
    for (const server of servers) await run(server, p.warmupSec);

    const results = new Map<BenchServer, LoadResult[]>(servers.map((s) => [s, []]));
    const commands = new Map<BenchServer, { requests: number; calls: Record<string, number> }>();
    for (let round = 0; round < p.rounds; round++) {
      // Rotated each round, so that no variant always runs first (or right after the slowest one).
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const server of order) {
        ctx.log(`[bench] 1: round ${round + 1}/${p.rounds}, ${variantName(server.variant)}, ${p.durationSec} s`);
        const before = await redisCommands(backends.redisUrl);
        const result = await run(server, p.durationSec);
        const after = await redisCommands(backends.redisUrl);
        results.get(server)!.push(result);
        const seen = commands.get(server) ?? { requests: 0, calls: {} };
        seen.requests += result.requests;
        for (const [name, calls] of Object.entries(diff(after, before))) seen.calls[name] = (seen.calls[name] ?? 0) + calls;
        commands.set(server, seen);
      }
    }

    const find = (store: StoreKind, sessions: Variant["sessions"]) =>
      servers.find((s) => s.variant.store === store && s.variant.sessions === sessions)!;
    const perRound: (string | number)[][] = [];
    for (let round = 0; round < p.rounds; round++) {
      for (const server of servers) {
        const r = results.get(server)![round]!;
        const floor = results.get(find(server.variant.store, "cookie"))![round]!;
        perRound.push([
          round + 1,
          variantName(server.variant),
          r.requests,
          r.rps.toFixed(1),
          ms(r.p50),
          ms(r.p99),
          server.variant.sessions === "store" ? ratio(r.rps / floor.rps) : "—",
        ]);
      }
    }
    section.details.push(
      `${p.connections} keep-alive connections, ${p.warmupSec} s warm-up per server, then ${p.rounds} round(s) of ${p.durationSec} s per server, ` +
        "the order rotated each round. Every response was checked to be the dashboard with the organizer's name (a redirect to the " +
        "login page fails the run). Ratio = requests per second of the store divided by cookie mode on the same store, in the same round.",
    );
    section.details.push(table(["Round", "Variant", "Requests", "Req/s", "p50", "p99", "Ratio to cookie mode"], perRound));

    const floorFs = find("fs", "cookie");
    const summary: (string | number)[][] = [];
    for (const store of STORE_KINDS) {
      const withSessions = find(store, "store");
      const floor = find(store, "cookie");
      const mine = results.get(withSessions)!;
      const theirs = results.get(floor)!;
      const ratios = mine.map((r, i) => r.rps / theirs[i]!.rps);
      const ratioFs = mine.map((r, i) => r.rps / results.get(floorFs)![i]!.rps);
      const m = median(ratios);
      const spread = p.rounds > 1 ? ` (rounds: ${ratios.map(ratio).join(", ")})` : "";
      const pass = section.judge(
        `${store}: throughput vs cookie mode on ${store}`,
        `${ratio(m)}${spread}; ${median(mine.map((r) => r.rps)).toFixed(0)} vs ${median(theirs.map((r) => r.rps)).toFixed(0)} req/s`,
        `≥ ${TARGET}`,
        m >= TARGET,
      );
      if (store !== "fs") {
        section.row(`${store}: throughput vs cookie mode on fs`, `${ratio(median(ratioFs))}`, "(the issue's literal floor; info)", "INFO");
      }
      const calls = commands.get(withSessions);
      const floorCalls = commands.get(floor);
      const perRequest = (c: { requests: number; calls: Record<string, number> } | undefined) =>
        c && Object.keys(c.calls).length > 0
          ? Object.entries(c.calls)
              .sort((a, b) => b[1] - a[1])
              .map(([name, n]) => `${name.toUpperCase()} ${(n / c.requests).toFixed(2)}`)
              .join(", ")
          : "none";
      summary.push([
        store,
        median(mine.map((r) => r.rps)).toFixed(1),
        ms(median(mine.map((r) => r.p50))),
        ms(median(mine.map((r) => r.p99))),
        median(theirs.map((r) => r.rps)).toFixed(1),
        ms(median(theirs.map((r) => r.p50))),
        ms(median(theirs.map((r) => r.p99))),
        store === "fs" ? "(files)" : perRequest(calls),
        store === "fs" ? "(files)" : perRequest(floorCalls),
      ]);
      if (!pass) {
        section.notes.push(
          `**MISS (${store})**: ${ratio(m)} of cookie mode, ${((TARGET - m) * 100).toFixed(1)} points under the 0.95 target. ` +
            `Per dashboard request the session layer adds its own store reads to the page (proxy.ts resolves the session, then the layout/page ` +
            `resolve it again: see the Redis commands per request in the table above). Fixes, cheapest first: resolve the session once per request ` +
            `(proxy.ts passing the verified record to the render, or a process-local cache of a few seconds keyed by the token hash, ` +
            `invalidated on logout in the same process); make the flash read conditional on a flag in the session record instead of a ` +
            `GETDEL on every render.`,
        );
      }
    }
    section.details.push(
      table(
        ["Store", "Req/s (sessions)", "p50", "p99", "Req/s (cookie mode)", "p50", "p99", "Redis commands per request (sessions)", "(cookie mode)"],
        summary,
      ),
    );
    section.notes.push(
      "All processes share the machine: next-server (one per variant, only one under load at a time), autocannon in the bench process, " +
        "redis-server, and for upstash the REST shim (a fourth process standing in for Upstash, whose CPU is ours here and Upstash's in production).",
    );
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    await backends.dispose();
  }
  return section.finish();
}
