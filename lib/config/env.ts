import "server-only";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./error";

/**
 * The environment, parsed once. Every variable the app reads is named here, so a wrong value fails with a
 * message naming it instead of surfacing later as a confusing runtime error.
 */

export type ClientAddressSource = { kind: "vercel" } | { kind: "socket" } | { kind: "forwarded-for"; hops: number };

export type StoreConfig =
  | { kind: "fs"; dataDir: string }
  | { kind: "redis"; url: string }
  | { kind: "upstash"; url: string; token: string; source: "UPSTASH_REDIS_REST" | "KV_REST_API" };

export interface SessionConfig {
  /** "store": the cookie holds a sealed token pointing at a server-side record. "cookie": stateless. */
  mode: "store" | "cookie";
  /** Idle lifetime of a "keep me signed in" session (sliding). */
  maxAgeMs: number;
  /** Idle lifetime of a browser-session (not "keep me signed in") session. */
  shortMaxAgeMs: number;
  /** Hard limit from creation, whatever the renewals. */
  absoluteMaxAgeMs: number;
  cookieName: string;
  cookieSecure: boolean;
}

export interface AppConfig {
  isProduction: boolean;
  dataDir: string;
  store: StoreConfig;
  /** Prefix of every key this app writes to Redis, so `sessions clear` never touches anything else. */
  keyPrefix: string;
  session: SessionConfig;
  mail: MailConfig;
  /** bcrypt worker threads (BCRYPT_WORKERS); undefined: decided by the core count; 0: hash on the main thread. */
  bcryptWorkers?: number;
  /** Where the client address for per-address throttling comes from (TRUSTED_PROXY_HOPS, Vercel). */
  clientAddress: ClientAddressSource;
  /** SESSION_LOG: one structured log line per session event (lib/session/events.ts) unless "off". */
  sessionLog: boolean;
  /** SESSION_SWEEP: the fs store's hourly sweep of expired sessions and auth records unless "off". */
  sessionSweep: boolean;
  /** SESSION_SECRET as given (comma-separated, newest first); parsed into keys by getSessionSecrets(). */
  sessionSecret?: string;
  /** CRON_SECRET: the bearer token GET /api/cron/tick requires (Vercel Cron sends it). Without it the route refuses everyone. */
  cronSecret?: string;
}

export interface MailConfig {
  /** smtp(s)://user:pass@host:port; unset: every mail is written to DATA_DIR/outbox as an .eml file. */
  smtpUrl?: string;
  from: string;
  /**
   * The site's public origin, for links in mail and RSVP links (APP_URL, or Vercel's own). Required in
   * production (requireAppUrl); only in development may a link fall back to the request's host.
   */
  appUrl?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const positiveNumber = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || parsed <= 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a positive number, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const booleanFlag = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      const v = value.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false, got "${value}"` });
      return z.NEVER;
    });

const workerCount = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 64) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from 0 to 64, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const proxyHops = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > 10) {
      ctx.addIssue({
        code: "custom",
        message: `TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, got "${value}"`,
      });
      return z.NEVER;
    }
    return parsed;
  });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  VERCEL: optionalString,
  DATA_DIR: optionalString,
  SESSION_STORE: z.enum(["auto", "cookie", ""], { error: 'SESSION_STORE must be "cookie" or left unset' }).optional(),
  SESSION_MAX_AGE_DAYS: positiveNumber("SESSION_MAX_AGE_DAYS", 7),
  SESSION_ABSOLUTE_MAX_AGE_DAYS: positiveNumber("SESSION_ABSOLUTE_MAX_AGE_DAYS", 30),
  SESSION_COOKIE_SECURE: booleanFlag("SESSION_COOKIE_SECURE"),
  /** Comma-separated, newest first (rotation); see secrets.ts. Required in production. */
  SESSION_SECRET: optionalString,
  /** "off": no session event log lines (the unit tests turn them off). */
  SESSION_LOG: optionalString,
  /** "off": no background sweep of expired records on the fs store (tests that count files). */
  SESSION_SWEEP: optionalString,
  STORE_KEY_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, { error: "STORE_KEY_PREFIX must be 1-32 letters, digits, _ or -" })
    .optional(),
  REDIS_URL: optionalString,
  UPSTASH_REDIS_REST_URL: optionalString,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  KV_REST_API_URL: optionalString,
  KV_REST_API_TOKEN: optionalString,
  // Accounts: mail and links in mail.
  SMTP_URL: optionalString,
  MAIL_FROM: optionalString,
  APP_URL: optionalString,
  VERCEL_PROJECT_PRODUCTION_URL: optionalString,
  VERCEL_ENV: optionalString,
  VERCEL_URL: optionalString,
  VERCEL_BRANCH_URL: optionalString,
  BCRYPT_WORKERS: workerCount("BCRYPT_WORKERS"),
  TRUSTED_PROXY_HOPS: proxyHops,
  CRON_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, {
    error: "CRON_SECRET must be at least 16 characters (openssl rand -hex 32)",
  }),
});

type Env = Record<string, string | undefined>;

function resolveStore(env: z.infer<typeof envSchema>, dataDir: string): StoreConfig {
  const pairs = [
    { source: "UPSTASH_REDIS_REST", url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN },
    { source: "KV_REST_API", url: env.KV_REST_API_URL, token: env.KV_REST_API_TOKEN },
  ] as const;
  for (const pair of pairs) {
    if (pair.url && !pair.token) {
      throw new ConfigError(`${pair.source}_URL is set but ${pair.source}_TOKEN is missing: set both, or neither.`);
    }
    if (pair.token && !pair.url) {
      throw new ConfigError(`${pair.source}_TOKEN is set but ${pair.source}_URL is missing: set both, or neither.`);
    }
  }
  for (const pair of pairs) {
    if (pair.url && pair.token) {
      if (!/^https?:\/\//.test(pair.url)) {
        throw new ConfigError(`${pair.source}_URL must be an http(s) URL, got "${pair.url}"`);
      }
      return { kind: "upstash", url: pair.url, token: pair.token, source: pair.source };
    }
  }
  if (env.REDIS_URL) {
    if (!/^rediss?:\/\//.test(env.REDIS_URL)) {
      throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${maskUrl(env.REDIS_URL)}"`);
    }
    return { kind: "redis", url: env.REDIS_URL };
  }
  if (env.VERCEL) {
    throw new ConfigError(
      "Running on Vercel without Redis: the disk there is read-only and not shared between instances. " +
        "Add the Upstash Redis integration (it sets KV_REST_API_URL and KV_REST_API_TOKEN), or set " +
        "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL.",
    );
  }
  return { kind: "fs", dataDir };
}

/**
 * On Vercel, the site's origin from Vercel's own system variables (never from a request): the production
 * domain for production deployments, the branch (or deployment) URL for previews.
 */
function vercelOrigin(env: z.infer<typeof envSchema>): string | undefined {
  if (!env.VERCEL) return undefined;
  const host =
    env.VERCEL_ENV && env.VERCEL_ENV !== "production"
      ? (env.VERCEL_BRANCH_URL ?? env.VERCEL_URL)
      : (env.VERCEL_PROJECT_PRODUCTION_URL ?? env.VERCEL_URL);
  return host ? `https://${host}` : undefined;
}

export const APP_URL_REQUIRED =
  "APP_URL is required in production: the site's public origin, like https://parties.example.com. Links in mail " +
  "(password reset) and RSVP links are built from it, never from a request's Host header, which a client can forge. " +
  "On Vercel it defaults to https://$VERCEL_PROJECT_PRODUCTION_URL.";

/**
 * The public origin for links that leave the site (mail, RSVP links). In production it is APP_URL (or Vercel's
 * own origin), and its absence is a ConfigError, raised at start-up like a missing SESSION_SECRET. In
 * development undefined: the caller may use the request's host there.
 */
export function requireAppUrl(config: Pick<AppConfig, "isProduction" | "mail"> = getConfig()): string | undefined {
  if (config.mail.appUrl) return config.mail.appUrl;
  if (config.isProduction) throw new ConfigError(APP_URL_REQUIRED);
  return undefined;
}

export const CRON_SECRET_MISSING =
  "CRON_SECRET is not set: GET /api/cron/tick (the bearer token Vercel Cron sends) answers 401 to every caller, " +
  "so on a serverless host nothing catches up on queued mail and reminders. Make one with: openssl rand -hex 32";

/**
 * What start-up says about the tick route's secret. Production needs it for Vercel Cron, but the public
 * contract starts a server with SESSION_SECRET and APP_URL alone: without it the route stays shut (401) and
 * `next start` still sends mail through its own minute tick, so a missing secret is a loud warning, not a stop.
 */
export function cronSecretWarning(config: Pick<AppConfig, "isProduction" | "cronSecret"> = getConfig()): string | null {
  return config.isProduction && !config.cronSecret ? CRON_SECRET_MISSING : null;
}

function resolveMail(env: z.infer<typeof envSchema>): MailConfig {
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${maskUrl(env.SMTP_URL)}"`);
  }
  let appUrl: string | undefined;
  const rawAppUrl = env.APP_URL ?? vercelOrigin(env);
  if (rawAppUrl) {
    try {
      const url = new URL(rawAppUrl);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
      appUrl = url.origin;
    } catch {
      throw new ConfigError(
        `APP_URL must be the site's http(s) origin, like https://parties.example.com, got "${rawAppUrl}"`,
      );
    }
  }
  const from = env.MAIL_FROM ?? "Holiday Party Planner <no-reply@localhost>";
  if (/[\r\n]/.test(from)) throw new ConfigError("MAIL_FROM must be a single line");
  return { smtpUrl: env.SMTP_URL, from, appUrl };
}

export function parseConfig(rawEnv: Env, cwd = process.cwd()): AppConfig {
  const result = envSchema.safeParse(rawEnv);
  if (!result.success) {
    const first = result.error.issues[0];
    const name = first?.path.join(".") ?? "environment";
    throw new ConfigError(`Invalid ${name}: ${first?.message ?? "invalid value"}`);
  }
  const env = result.data;
  const isProduction = env.NODE_ENV === "production";
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? ".data");
  const store = resolveStore(env, dataDir);
  const cookieSecure = env.SESSION_COOKIE_SECURE ?? isProduction;
  // Rounded: fractional days (0.7 * DAY_MS = 60479999.99999999) would give records with non-integer times,
  // which the record schema rejects, so every session would be dropped as corrupt on its first read.
  const maxAgeMs = Math.round(env.SESSION_MAX_AGE_DAYS * DAY_MS);
  const absoluteMaxAgeMs = Math.round(env.SESSION_ABSOLUTE_MAX_AGE_DAYS * DAY_MS);
  if (absoluteMaxAgeMs < maxAgeMs) {
    throw new ConfigError(
      `SESSION_ABSOLUTE_MAX_AGE_DAYS (${env.SESSION_ABSOLUTE_MAX_AGE_DAYS}) must be at least SESSION_MAX_AGE_DAYS (${env.SESSION_MAX_AGE_DAYS})`,
    );
  }
  const mail = resolveMail(env);
  return {
    isProduction,
    dataDir,
    mail,
    store,
    keyPrefix: env.STORE_KEY_PREFIX ?? "hpp",
    bcryptWorkers: env.BCRYPT_WORKERS,
    cronSecret: env.CRON_SECRET,
    sessionLog: env.SESSION_LOG !== "off",
    sessionSweep: env.SESSION_SWEEP !== "off",
    sessionSecret: env.SESSION_SECRET,
    // On Vercel the platform's header is the client address (Vercel overwrites it); elsewhere the socket
    // address unless proxies in front are declared (lib/security/client-address.ts).
    clientAddress: env.VERCEL
      ? { kind: "vercel" }
      : env.TRUSTED_PROXY_HOPS
        ? { kind: "forwarded-for", hops: env.TRUSTED_PROXY_HOPS }
        : { kind: "socket" },
    session: {
      mode: env.SESSION_STORE === "cookie" ? "cookie" : "store",
      maxAgeMs,
      shortMaxAgeMs: Math.min(DAY_MS, maxAgeMs),
      absoluteMaxAgeMs,
      // Browsers only accept the __Host- prefix on Secure cookies with Path=/ and no Domain, which is
      // exactly what we set; it stops a sibling subdomain from planting a session cookie.
      cookieName: cookieSecure && isProduction ? "__Host-hpp_session" : "hpp_session",
      cookieSecure,
    },
  };
}

let cachedConfig: AppConfig | undefined;

export function getConfig(): AppConfig {
  cachedConfig ??= parseConfig(process.env);
  return cachedConfig;
}

/** For tests and CLIs that switch environments inside one process (index.ts resetConfigForTests). */
export function resetParsedConfigForTests(): void {
  cachedConfig = undefined;
}

export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    if (parsed.username && parsed.password === "") parsed.username = "****";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export function describeStore(store: StoreConfig): string {
  switch (store.kind) {
    case "fs":
      return `fs (${store.dataDir})`;
    case "redis":
      return `redis (${maskUrl(store.url)})`;
    case "upstash":
      return `upstash (${store.url}, from ${store.source}_URL)`;
  }
}
