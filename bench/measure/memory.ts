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

export async function measureMemory(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(6, TITLE);
  const p = ctx.profile.memory;
  const backends = await startBackends({ shim: false });
  const server = await startVariant({ store: "redis", sessions: "store" }, backends);
  try {
    const organizer = await createOrganizerRepository(server.store).findByEmail(ORGANIZER.email);
    if (!organizer) throw new Error("the bench organizer is missing");
    ctx.log(`[bench] 6: ${int(p.sessions)} sessions, ${int(p.total)} requests rotating over them`);
    const { live } = await populate(server.store, server.config.session, { live: p.sessions, expired: 0, firstIndex: 0, organizerId: organizer.id });
    const cookies = await Promise.all(
      live.map(async (s) => `${server.config.session.cookieName}=${await sealSessionCookie({ t: s.token }, SECRETS, server.config.session)}`),
    );
    await verifyDashboard(server.url, cookies[0]!);
    let next = 0;
    const cookie = () => cookies[next++ % cookies.length]!;

    const startRss = rssBytes(server.pid);
    const series: { requests: number; rss: number; rps: number; p99: number }[] = [];
    let done = 0;
    while (done < p.total) {
      const amount = Math.min(p.first, p.total - done);
      const load = await loadDashboard({ url: server.url, cookie, connections: p.connections, amount });
      done += load.requests;
      series.push({ requests: done, rss: rssBytes(server.pid), rps: load.rps, p99: load.p99 });
      ctx.log(`[bench] 6: ${int(done)} requests, RSS ${mb(series[series.length - 1]!.rss)}`);
    }
    const first = series[0]!;
    const last = series[series.length - 1]!;
    const growth = last.rss / first.rss - 1;
    section.details.push(
      `A fresh next-server on Redis; ${int(p.sessions)} sessions of the bench organizer, the requests cycling through them ` +
        `(${p.connections} connections, each response checked). RSS of the next-server process read from /proc after each ` +
        `${int(p.first)} requests; at start it was ${mb(startRss)}.`,
    );
    section.details.push(
      table(
        ["Requests so far", "RSS", "vs after the first " + int(p.first), "Req/s in this chunk", "p99 in this chunk"],
        series.map((s) => [int(s.requests), mb(s.rss), delta(s.rss, first.rss), s.rps.toFixed(0), ms(s.p99)]),
      ),
    );
    const pass = section.judge(
      `RSS after ${int(last.requests)} requests vs after the first ${int(first.requests)}`,
      `${delta(last.rss, first.rss)} (${mb(first.rss)} → ${mb(last.rss)})`,
      `within ±${GROWTH_TARGET * 100}%`,
      Math.abs(growth) <= GROWTH_TARGET,
    );
    // A leak grows at a steady rate; a heap settling to its working size grows early and then flattens.
    const mid = series[Math.floor((series.length - 1) / 2)]!;
    const halves = `from ${int(first.requests)} to ${int(mid.requests)} requests: ${delta(mid.rss, first.rss)}; from ${int(mid.requests)} to ${int(last.requests)}: ${delta(last.rss, mid.rss)}`;
    section.details.push(`Growth by half of the run: ${halves}.`);
    if (!pass) {
      section.notes.push(
        `**MISS (memory)**: RSS changed ${delta(last.rss, first.rss)}, ${((Math.abs(growth) - GROWTH_TARGET) * 100).toFixed(1)} points ` +
          `beyond the 10% bound (${halves}). Growth that continues in the second half at the rate of the first is what a leak looks ` +
          "like; growth that flattens is V8's heap settling at its working size. Next step: heap snapshots of next-server early and " +
          "late in such a run (node --heapsnapshot-signal=SIGUSR2), compared by retained size.",
      );
    }
  } finally {
    await server.stop();
    await backends.dispose();
  }
  return section.finish();
}
