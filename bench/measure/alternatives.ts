import { monitorEventLoopDelay } from "node:perf_hooks";
import { Redis as UpstashRedis } from "@upstash/redis";
import bcrypt from "bcryptjs";
import { sealData, unsealData } from "iron-session";
import { createBcryptPool } from "../../lib/auth/bcrypt-pool";
import { BCRYPT_COST } from "../../lib/auth/password";
import { parseSessionSecrets } from "../../lib/config";
import { createLinkVault } from "../../lib/data/link-vault";
import { openSessionHandoff, sealSessionHandoff } from "../../lib/session/handoff";
import type { SessionRecord } from "../../lib/session/record";
import { createUpstashClient, createUpstashRequester } from "../../lib/storage/upstash-http";
import { generateToken } from "../../lib/tokens";
import { findTestRedis } from "../../support/redis";
import { spawnUpstashShim } from "../../support/upstash-shim";
import { SectionBuilder, type Context } from "../support/context";
import type { SectionResult } from "../support/report";
import { median, ms } from "../support/stats";

export const TITLE = "Hand-written parts vs the library alternative (docs/decisions.md)";

const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const RECORD: SessionRecord = {
  v: 1,
  id: "a".repeat(64),
  organizerId: "organizerBENCH01",
  createdAt: 1_790_000_000_000,
  lastSeenAt: 1_790_000_000_000,
  expiresAt: 1_790_600_000_000,
  absoluteExpiresAt: 1_792_000_000_000,
  rememberMe: true,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
};

/** CPU microseconds per operation (user + system of this process), median of `rounds` rounds of `n`. */
async function cpuPerOp(n: number, op: () => Promise<unknown>, rounds = 5): Promise<number> {
  const perOp: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) await op();
    const used = process.cpuUsage(before);
    perOp.push((used.user + used.system) / n);
  }
  return median(perOp);
}

const us = (value: number) => `${value.toFixed(0)} µs`;

/** Longest event-loop stall and wall time while `work` runs (two cost-12 hashes). */
async function stallDuring(work: () => Promise<unknown>): Promise<{ stallMs: number; wallMs: number }> {
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  monitor.disable();
  return { stallMs: monitor.max / 1e6, wallMs };
}

export async function measureAlternatives(ctx: Context): Promise<SectionResult> {
  const section = new SectionBuilder(11, TITLE);
  const n = ctx.profile.mode === "tiny" ? 50 : 300;

  // --- bcrypt: the worker pool vs bcryptjs's own async hash on the main thread ------------------------------
  const mainThread = await stallDuring(() =>
    Promise.all([bcrypt.hash("a long password", BCRYPT_COST), bcrypt.hash("another password", BCRYPT_COST)]),
  );
  const pool = createBcryptPool({ size: 1 });
  try {
    await pool.hash("warm the worker", 4);
    const pooled = await stallDuring(() =>
      Promise.all([pool.hash("a long password", BCRYPT_COST), pool.hash("another password", BCRYPT_COST)]),
    );
    section.row(
      "two cost-12 hashes: longest event-loop stall, main thread (bcryptjs async) vs pool (1 worker)",
      `${ms(mainThread.stallMs)} vs ${ms(pooled.stallMs)} (wall ${ms(mainThread.wallMs)} vs ${ms(pooled.wallMs)})`,
      "(info)",
      "INFO",
    );
  } finally {
    await pool.close();
  }

  // --- The session handoff: HMAC'd header vs iron-session sealData/unsealData -----------------------------
  const secrets = { ...parseSessionSecrets(SECRET), source: "SESSION_SECRET" as const };
  const cookie = `Fe26.2*1*${"x".repeat(200)}`;
  const handoff = await cpuPerOp(n, async () => {
    const header = sealSessionHandoff(secrets, cookie, RECORD);
    if (!openSessionHandoff(secrets, header, cookie)) throw new Error("handoff did not open");
  });
  const iron = await cpuPerOp(n, async () => {
    const sealed = await sealData({ c: cookie, r: RECORD }, { password: secrets.seal, ttl: 30 });
    const opened = await unsealData<{ r?: unknown }>(sealed, { password: secrets.unseal, ttl: 30 });
    if (!opened.r) throw new Error("sealData did not open");
  });
  section.row(
    "session handoff per request (seal + open), CPU: hand-rolled HMAC vs iron-session sealData",
    `${us(handoff)} vs ${us(iron)}`,
    "(info)",
    "INFO",
  );

  // --- RSVP link vault: AES-256-GCM vs sealData --------------------------------------------------------------
  const vault = createLinkVault([SECRET]);
  const token = generateToken();
  const vaulted = await cpuPerOp(n, async () => {
    if (vault.open(vault.seal(token)) !== token) throw new Error("vault did not open");
  });
  const ironLink = await cpuPerOp(n, async () => {
    const sealed = await sealData({ t: token }, { password: secrets.seal, ttl: 0 });
    const opened = await unsealData<{ t?: string }>(sealed, { password: secrets.unseal, ttl: 0 });
    if (opened.t !== token) throw new Error("sealData did not open");
  });
  section.row(
    "RSVP link seal + open, CPU: link-vault (AES-GCM) vs iron-session sealData",
    `${us(vaulted)} vs ${us(ironLink)}`,
    "(info)",
    "INFO",
  );

  // --- Upstash: the keep-alive transport vs the stock @upstash/redis client (fetch) ------------------------
  const redis = await findTestRedis();
  if (!redis) {
    section.row("Upstash GET, CPU per command: upstash-http vs stock client", "—", "—", "NOT RUN");
    section.notes.push("No Redis on this machine: the Upstash comparison was not run.");
    return section.finish();
  }
  const shim = await spawnUpstashShim({ redisUrl: redis.url, token: "bench-token" });
  try {
    const ours = createUpstashClient(createUpstashRequester({ url: shim.url, token: "bench-token", timeoutMs: 5_000 }));
    const stock = new UpstashRedis({ url: shim.url, token: "bench-token", enableAutoPipelining: true });
    const key = `hpp-bench-alt:${process.pid}`;
    await ours.set(key, "value");
    const oursCpu = await cpuPerOp(n, () => ours.get(key));
    const stockCpu = await cpuPerOp(n, () => stock.get(key));
    await ours.del(key);
    section.row(
      "Upstash GET through the REST shim, client CPU per command: upstash-http vs stock @upstash/redis (fetch)",
      `${us(oursCpu)} vs ${us(stockCpu)}`,
      "(info)",
      "INFO",
    );
  } finally {
    await shim.stop();
  }
  section.notes.push(
    "In-process figures under whatever else the machine runs; see the load columns. What each buys is argued in " +
      "docs/decisions.md.",
  );
  return section.finish();
}
