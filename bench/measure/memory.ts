import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { sealSessionCookie } from "../../lib/session/cookie";
import { startBackends } from "../support/backends";
import { SectionBuilder, type Context } from "../support/context";
import { loadDashboard } from "../support/load";
import { table, type SectionResult } from "../support/report";
import { ORGANIZER, rssBytes, SECRETS, startVariant, verifyDashboard } from "../support/servers";
import { populate } from "../support/sessions";
import { delta, int, mb, ms } from "../support/stats";

export const TITLE = "Memory over time: the server's RSS after many signed-in requests over many sessions";
const GROWTH_TARGET = 0.1;
const GC_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "support", "gc-preload.mjs");

interface AfterGc {
  rss: number;
  heapUsed: number;
  external: number;
}

/**
 * Asks the server (through gc-preload.mjs) for a full garbage collection and returns its memory right after:
 * RSS from /proc, heap and external memory from the process's own report.
 */
async function memoryAfterFullGc(pid: number, file: string, seq: number): Promise<AfterGc> {
  process.kill(pid, "SIGUSR2");
  const target = `${file}.${pid}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(target)) continue;
    const report = JSON.parse(readFileSync(target, "utf8")) as { seq: number; heapUsed: number; external: number };
    if (report.seq >= seq) return { rss: rssBytes(pid), heapUsed: report.heapUsed, external: report.external };
  }
  throw new Error(`next-server (pid ${pid}) did not report its memory after a full GC within 15 s`);
}

export async function measureMemory(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(6, TITLE);
  const p = ctx.profile.memory;
  const backends = await startBackends({ shim: false });
  const gcFile = path.join(tmpdir(), `hpp-bench-gc-${process.pid}`);
  const server = await startVariant({ store: "redis", sessions: "store" }, backends, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${GC_PRELOAD}`.trim(),
    BENCH_GC_FILE: gcFile,
  });
  try {
    const organizer = await createOrganizerRepository(server.store).findByEmail(ORGANIZER.email);
    if (!organizer) throw new Error("the bench organizer is missing");
    ctx.log(`[bench] 6: ${int(p.sessions)} sessions, ${int(p.total)} requests rotating over them`);
    const { live } = await populate(server.store, server.config.session, {
      live: p.sessions,
      expired: 0,
      firstIndex: 0,
      organizerId: organizer.id,
    });
    const cookies = await Promise.all(
      live.map(
        async (s) =>
          `${server.config.session.cookieName}=${await sealSessionCookie({ t: s.token }, SECRETS, server.config.session)}`,
      ),
    );
    await verifyDashboard(server.url, cookies[0]!);
    let next = 0;
    const cookie = () => cookies[next++ % cookies.length]!;

    const startRss = rssBytes(server.pid);
    const series: { requests: number; rawRss: number; gc: AfterGc; rps: number; p99: number }[] = [];
    let done = 0;
    while (done < p.total) {
      const amount = Math.min(p.first, p.total - done);
      const load = await loadDashboard({ url: server.url, cookie, connections: p.connections, amount });
      done += load.requests;
      const rawRss = rssBytes(server.pid);
      const gc = await memoryAfterFullGc(server.pid, gcFile, series.length + 1);
      series.push({ requests: done, rawRss, gc, rps: load.rps, p99: load.p99 });
      ctx.log(
        `[bench] 6: ${int(done)} requests, RSS ${mb(rawRss)}, after a full GC ${mb(gc.rss)} (heap ${mb(gc.heapUsed)})`,
      );
    }
    const first = series[0]!;
    const last = series[series.length - 1]!;
    const growth = last.gc.rss / first.gc.rss - 1;
    section.details.push(
      `A fresh next-server on Redis; ${int(p.sessions)} sessions of the bench organizer, the requests cycling through them ` +
        `(${p.connections} connections, each response checked). After each ${int(p.first)} requests the load stops and the ` +
        "bench reads the next-server's RSS from /proc twice: as it is, and after a full garbage collection that the bench " +
        "asks the server for (bench/support/gc-preload.mjs, loaded into this server only, runs V8's gc() on SIGUSR2). The " +
        "target is judged on the second: RSS read at an arbitrary moment also counts garbage not yet collected, so it " +
        "mostly tells how long ago V8 last collected (compare the column of RSS as found), while what a leak leaves " +
        `behind survives a full collection. At start the RSS was ${mb(startRss)}.`,
    );
    section.details.push(
      table(
        [
          "Requests so far",
          "RSS after a full GC",
          "vs after the first " + int(p.first),
          "JS heap used after GC",
          "External memory after GC",
          "RSS as found (before the GC)",
          "Req/s in this chunk",
          "p99 in this chunk",
        ],
        series.map((s) => [
          int(s.requests),
          mb(s.gc.rss),
          delta(s.gc.rss, first.gc.rss),
          mb(s.gc.heapUsed),
          mb(s.gc.external),
          mb(s.rawRss),
          s.rps.toFixed(0),
          ms(s.p99),
        ]),
      ),
    );
    const pass = section.judge(
      `RSS after ${int(last.requests)} requests vs after the first ${int(first.requests)} (each after a full GC)`,
      `${delta(last.gc.rss, first.gc.rss)} (${mb(first.gc.rss)} → ${mb(last.gc.rss)}); JS heap ${delta(last.gc.heapUsed, first.gc.heapUsed)}; ` +
        `as found, before the GC: ${delta(last.rawRss, first.rawRss)} (${mb(first.rawRss)} → ${mb(last.rawRss)})`,
      `within ±${GROWTH_TARGET * 100}%`,
      Math.abs(growth) <= GROWTH_TARGET,
    );
    // A leak grows at a steady rate; a heap settling to its working size grows early and then flattens.
    const mid = series[Math.floor((series.length - 1) / 2)]!;
    const halves =
      `from ${int(first.requests)} to ${int(mid.requests)} requests: ${delta(mid.gc.rss, first.gc.rss)} ` +
      `(JS heap ${delta(mid.gc.heapUsed, first.gc.heapUsed)}); from ${int(mid.requests)} to ${int(last.requests)}: ` +
      `${delta(last.gc.rss, mid.gc.rss)} (JS heap ${delta(last.gc.heapUsed, mid.gc.heapUsed)})`;
    section.details.push(`Growth by half of the run, after a full GC: ${halves}.`);
    if (!pass) {
      section.notes.push(
        `**MISS (memory)**: RSS after a full GC changed ${delta(last.gc.rss, first.gc.rss)}, ` +
          `${((Math.abs(growth) - GROWTH_TARGET) * 100).toFixed(1)} points beyond the 10% bound (${halves}). Growth that ` +
          "continues in the second half at the rate of the first is what a leak looks like; growth that flattens is the " +
          "process settling at its working size. Next step: heap snapshots of next-server early and late in such a run " +
          "(node --heapsnapshot-signal), compared by retained size.",
      );
    }
  } finally {
    rmSync(`${gcFile}.${server.pid}`, { force: true });
    await server.stop();
    await backends.dispose();
  }
  return section.finish();
}
