import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, promises as fsp, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, describe, it } from "node:test";
import {
  ConfigError,
  getSessionSecrets,
  loadOrCreateDevSecret,
  parseConfig,
  parseSessionSecrets,
  requireAppUrl,
  resetConfigForTests,
} from "../lib/config";
import { createSessionManager } from "../lib/session/manager";
import { createMemoryStore } from "../lib/storage/memory-store";
import { DAY_MS } from "./support/store-helpers";

const CWD = "/srv/app";
const SECRET = "config-test-secret-0123456789-abcdefghijklmnop";

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env, CWD);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe("parseConfig", () => {
  it("defaults to the fs store under .data, 7/30 days and hpp_session in development", () => {
    const config = parseConfig({}, CWD);
    assert.equal(config.isProduction, false);
    assert.deepEqual(config.store, { kind: "fs", dataDir: path.join(CWD, ".data") });
    assert.equal(config.dataDir, path.join(CWD, ".data"));
    assert.equal(config.keyPrefix, "hpp");
    assert.deepEqual(config.session, {
      mode: "store",
      maxAgeMs: 7 * DAY_MS,
      shortMaxAgeMs: DAY_MS,
      absoluteMaxAgeMs: 30 * DAY_MS,
      cookieName: "hpp_session",
      cookieSecure: false,
    });
  });

  it("treats empty variables as unset", () => {
    const config = parseConfig({ DATA_DIR: "", SESSION_MAX_AGE_DAYS: " ", REDIS_URL: "", SESSION_STORE: "" }, CWD);
    assert.equal(config.store.kind, "fs");
    assert.equal(config.session.maxAgeMs, 7 * DAY_MS);
    assert.equal(config.session.mode, "store");
  });

  it("uses a Secure __Host-hpp_session cookie in production", () => {
    const { session, isProduction } = parseConfig({ NODE_ENV: "production" }, CWD);
    assert.equal(isProduction, true);
    assert.equal(session.cookieName, "__Host-hpp_session");
    assert.equal(session.cookieSecure, true);
  });

  it("drops the __Host- prefix when SESSION_COOKIE_SECURE=false allows plain http in production", () => {
    const { session } = parseConfig({ NODE_ENV: "production", SESSION_COOKIE_SECURE: "false" }, CWD);
    assert.equal(session.cookieName, "hpp_session");
    assert.equal(session.cookieSecure, false);
    assert.equal(parseConfig({ SESSION_COOKIE_SECURE: "yes" }, CWD).session.cookieSecure, true);
  });

  it("resolves DATA_DIR against the project directory, and keeps an absolute one", () => {
    assert.equal(parseConfig({ DATA_DIR: "var/data" }, CWD).dataDir, path.join(CWD, "var/data"));
    assert.equal(parseConfig({ DATA_DIR: "/tmp/hpp-data" }, CWD).dataDir, "/tmp/hpp-data");
  });

  it("reads the lifetimes in days, the short idle limit never above the long one", () => {
    const config = parseConfig({ SESSION_MAX_AGE_DAYS: "14", SESSION_ABSOLUTE_MAX_AGE_DAYS: "60" }, CWD);
    assert.equal(config.session.maxAgeMs, 14 * DAY_MS);
    assert.equal(config.session.absoluteMaxAgeMs, 60 * DAY_MS);
    assert.equal(config.session.shortMaxAgeMs, DAY_MS);
    assert.equal(parseConfig({ SESSION_MAX_AGE_DAYS: "0.5" }, CWD).session.shortMaxAgeMs, DAY_MS / 2);
  });

  it("accepts fractional days and still gives whole-millisecond lifetimes that sessions can use", async () => {
    for (const days of ["0.7", "1.1", "2.5"]) {
      const { session: policy } = parseConfig(
        { SESSION_MAX_AGE_DAYS: days, SESSION_ABSOLUTE_MAX_AGE_DAYS: "30.7" },
        CWD,
      );
      for (const ms of [policy.maxAgeMs, policy.shortMaxAgeMs, policy.absoluteMaxAgeMs]) {
        assert.ok(Number.isInteger(ms), `${days} days gave ${ms} ms`);
      }
      assert.ok(Math.abs(policy.maxAgeMs - Number(days) * DAY_MS) < 1);
      // The stored record's times are integers by schema: a fractional lifetime would make every session
      // unreadable (and removed as corrupt) on its first read.
      const sessions = createSessionManager({ store: createMemoryStore(), policy });
      for (const rememberMe of [true, false]) {
        const { token } = await sessions.createSession({ organizerId: "organizerAAAA01", rememberMe });
        assert.ok(await sessions.validateSessionToken(token), `SESSION_MAX_AGE_DAYS=${days}, rememberMe=${rememberMe}`);
      }
    }
  });

  it("names a bad number", () => {
    for (const [name, value] of [
      ["SESSION_MAX_AGE_DAYS", "seven"],
      ["SESSION_MAX_AGE_DAYS", "-1"],
      ["SESSION_MAX_AGE_DAYS", "0"],
      ["SESSION_ABSOLUTE_MAX_AGE_DAYS", "30d"],
      ["SESSION_ABSOLUTE_MAX_AGE_DAYS", "Infinity"],
    ] as const) {
      const message = configError({ [name]: value });
      assert.match(message, new RegExp(name));
      assert.ok(message.includes(value), message);
    }
  });

  it("refuses an absolute limit shorter than the idle lifetime, naming both", () => {
    const message = configError({ SESSION_MAX_AGE_DAYS: "10", SESSION_ABSOLUTE_MAX_AGE_DAYS: "5" });
    assert.match(message, /SESSION_ABSOLUTE_MAX_AGE_DAYS/);
    assert.match(message, /SESSION_MAX_AGE_DAYS/);
  });

  it("names other invalid variables", () => {
    assert.match(configError({ SESSION_COOKIE_SECURE: "maybe" }), /SESSION_COOKIE_SECURE/);
    assert.match(configError({ SESSION_STORE: "redis" }), /SESSION_STORE/);
    assert.match(configError({ STORE_KEY_PREFIX: "has spaces" }), /STORE_KEY_PREFIX/);
    assert.equal(parseConfig({ SESSION_STORE: "cookie" }, CWD).session.mode, "cookie");
  });

  it("reads BCRYPT_WORKERS as a whole number of worker threads, unset meaning automatic", () => {
    assert.equal(parseConfig({}, CWD).bcryptWorkers, undefined);
    assert.equal(parseConfig({ BCRYPT_WORKERS: "" }, CWD).bcryptWorkers, undefined);
    assert.equal(parseConfig({ BCRYPT_WORKERS: "0" }, CWD).bcryptWorkers, 0);
    assert.equal(parseConfig({ BCRYPT_WORKERS: " 3 " }, CWD).bcryptWorkers, 3);
    for (const bad of ["-1", "1.5", "two", "65"]) {
      assert.match(configError({ BCRYPT_WORKERS: bad }), /BCRYPT_WORKERS must be a whole number from 0 to 64/);
    }
  });

  it("names the missing half of an Upstash or Vercel KV configuration", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ UPSTASH_REDIS_REST_URL: "https://eu1.upstash.io" }, "UPSTASH_REDIS_REST_TOKEN"],
      [{ UPSTASH_REDIS_REST_TOKEN: "tok" }, "UPSTASH_REDIS_REST_URL"],
      [{ KV_REST_API_URL: "https://kv.example" }, "KV_REST_API_TOKEN"],
      [{ KV_REST_API_TOKEN: "tok" }, "KV_REST_API_URL"],
      [{ KV_REST_API_TOKEN: "tok", REDIS_URL: "redis://localhost:6379" }, "KV_REST_API_URL"],
    ];
    for (const [env, missing] of cases) {
      const message = configError(env);
      assert.match(message, new RegExp(`${missing} is missing`), message);
    }
  });

  it("chooses Upstash over REDIS_URL, and the UPSTASH_ variables over the KV_ ones", () => {
    const both = parseConfig(
      {
        UPSTASH_REDIS_REST_URL: "https://eu1.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "tok",
        REDIS_URL: "rediss://x:y@host:6379",
      },
      CWD,
    );
    assert.deepEqual(both.store, {
      kind: "upstash",
      url: "https://eu1.upstash.io",
      token: "tok",
      source: "UPSTASH_REDIS_REST",
    });
    const vercel = parseConfig(
      {
        VERCEL: "1",
        KV_REST_API_URL: "https://kv.example",
        KV_REST_API_TOKEN: "kvtok",
        REDIS_URL: "rediss://x:y@host:6379",
      },
      CWD,
    );
    assert.deepEqual(vercel.store, {
      kind: "upstash",
      url: "https://kv.example",
      token: "kvtok",
      source: "KV_REST_API",
    });
    const all = parseConfig(
      {
        UPSTASH_REDIS_REST_URL: "https://a.example",
        UPSTASH_REDIS_REST_TOKEN: "a",
        KV_REST_API_URL: "https://b.example",
        KV_REST_API_TOKEN: "b",
      },
      CWD,
    );
    assert.equal(all.store.kind === "upstash" && all.store.source, "UPSTASH_REDIS_REST");
  });

  it("refuses an Upstash URL that is not http(s)", () => {
    assert.match(
      configError({ UPSTASH_REDIS_REST_URL: "redis://x", UPSTASH_REDIS_REST_TOKEN: "t" }),
      /UPSTASH_REDIS_REST_URL/,
    );
  });

  it("validates REDIS_URL without printing its password", () => {
    assert.deepEqual(parseConfig({ REDIS_URL: "redis://127.0.0.1:6379" }, CWD).store, {
      kind: "redis",
      url: "redis://127.0.0.1:6379",
    });
    assert.equal(parseConfig({ REDIS_URL: "rediss://default:pw@host:6380" }, CWD).store.kind, "redis");
    for (const bad of ["localhost:6379", "http://user:hunter2secret@host:6379", "redis:/oops"]) {
      const message = configError({ REDIS_URL: bad });
      assert.match(message, /REDIS_URL/);
      assert.ok(!message.includes("hunter2secret"), message);
    }
  });

  it("refuses to run on Vercel without Redis, and accepts it with", () => {
    const message = configError({ VERCEL: "1" });
    assert.match(message, /Vercel/);
    assert.match(message, /KV_REST_API_URL|UPSTASH_REDIS_REST_URL|REDIS_URL/);
    assert.equal(parseConfig({ VERCEL: "1", REDIS_URL: "redis://h:6379" }, CWD).store.kind, "redis");
  });
});

describe("APP_URL (issue 13, item 2: a reset link mailed on a forged Host)", () => {
  const appUrlError = (env: Record<string, string>) => {
    try {
      requireAppUrl(parseConfig(env, CWD));
    } catch (error) {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      return error.message;
    }
    return null;
  };

  it("is required in production, with a message naming APP_URL", () => {
    const message = appUrlError({ NODE_ENV: "production" });
    assert.ok(message, "production without APP_URL was accepted");
    assert.match(message, /^APP_URL is required in production/);
    assert.match(message, /https:\/\/parties\.example\.com/);
  });

  it("is the origin of APP_URL when set, and checked", () => {
    assert.equal(
      requireAppUrl(parseConfig({ NODE_ENV: "production", APP_URL: "https://parties.example.com/some/path" }, CWD)),
      "https://parties.example.com",
    );
    assert.match(
      configError({ NODE_ENV: "production", APP_URL: "parties.example.com" }),
      /APP_URL must be the site's http\(s\) origin/,
    );
    assert.match(configError({ APP_URL: "javascript:alert(1)" }), /APP_URL must be/);
  });

  it("comes from Vercel's own variables on Vercel: the production domain, or the branch URL of a preview", () => {
    const vercel = { NODE_ENV: "production", VERCEL: "1", REDIS_URL: "redis://h:6379" };
    assert.equal(
      requireAppUrl(
        parseConfig(
          {
            ...vercel,
            VERCEL_ENV: "production",
            VERCEL_PROJECT_PRODUCTION_URL: "parties.example.com",
            VERCEL_URL: "x-123.vercel.app",
          },
          CWD,
        ),
      ),
      "https://parties.example.com",
    );
    assert.equal(
      requireAppUrl(
        parseConfig(
          {
            ...vercel,
            VERCEL_ENV: "preview",
            VERCEL_PROJECT_PRODUCTION_URL: "parties.example.com",
            VERCEL_BRANCH_URL: "app-git-feature.vercel.app",
            VERCEL_URL: "x-123.vercel.app",
          },
          CWD,
        ),
      ),
      "https://app-git-feature.vercel.app",
    );
    assert.equal(
      requireAppUrl(parseConfig({ ...vercel, VERCEL_ENV: "preview", VERCEL_URL: "x-123.vercel.app" }, CWD)),
      "https://x-123.vercel.app",
    );
    assert.equal(
      requireAppUrl(
        parseConfig(
          { ...vercel, APP_URL: "https://own.example", VERCEL_PROJECT_PRODUCTION_URL: "parties.example.com" },
          CWD,
        ),
      ),
      "https://own.example",
    );
    // Those names mean nothing off Vercel: a stray VERCEL_URL is not an origin to trust.
    assert.ok(appUrlError({ NODE_ENV: "production", VERCEL_URL: "x-123.vercel.app" }));
  });

  it("may be left out in development (links then use the request's host)", () => {
    assert.equal(requireAppUrl(parseConfig({}, CWD)), undefined);
    assert.equal(requireAppUrl(parseConfig({ NODE_ENV: "development" }, CWD)), undefined);
  });
});

describe("TRUSTED_PROXY_HOPS", () => {
  it("defaults to the socket address, or Vercel's header on Vercel", () => {
    assert.deepEqual(parseConfig({}, CWD).clientAddress, { kind: "socket" });
    assert.deepEqual(parseConfig({ TRUSTED_PROXY_HOPS: "0" }, CWD).clientAddress, { kind: "socket" });
    assert.deepEqual(parseConfig({ VERCEL: "1", REDIS_URL: "redis://h:6379" }, CWD).clientAddress, { kind: "vercel" });
  });

  it("takes a number of proxies, and names a bad value", () => {
    assert.deepEqual(parseConfig({ TRUSTED_PROXY_HOPS: "2" }, CWD).clientAddress, { kind: "forwarded-for", hops: 2 });
    for (const bad of ["-1", "1.5", "eleven", "11"]) {
      assert.match(configError({ TRUSTED_PROXY_HOPS: bad }), /TRUSTED_PROXY_HOPS must be a whole number from 0 to 10/);
    }
  });
});

describe("session secrets", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfigForTests();
  });

  function setEnv(env: Record<string, string | undefined>): void {
    for (const key of [
      "SESSION_SECRET",
      "NODE_ENV",
      "REDIS_URL",
      "UPSTASH_REDIS_REST_URL",
      "UPSTASH_REDIS_REST_TOKEN",
      "KV_REST_API_URL",
      "KV_REST_API_TOKEN",
      "VERCEL",
    ]) {
      delete process.env[key];
    }
    for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
    resetConfigForTests();
  }

  it("refuses to start in production without SESSION_SECRET, naming it and how to make one", () => {
    setEnv({ NODE_ENV: "production" });
    assert.throws(getSessionSecrets, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /SESSION_SECRET is required in production/);
      assert.match(error.message, /randomBytes/);
      return true;
    });
  });

  it("takes SESSION_SECRET in production, several of them for rotation", () => {
    setEnv({ NODE_ENV: "production", SESSION_SECRET: `${SECRET},${SECRET.toUpperCase()}` });
    const secrets = getSessionSecrets();
    assert.equal(secrets.source, "SESSION_SECRET");
    assert.deepEqual(Object.values(secrets.seal), [SECRET]);
    assert.deepEqual(Object.values(secrets.unseal).sort(), [SECRET, SECRET.toUpperCase()].sort());
  });

  it("rejects a short secret, naming the variable and the entry", () => {
    setEnv({ NODE_ENV: "production", SESSION_SECRET: "too-short" });
    assert.throws(
      getSessionSecrets,
      (error: unknown) => error instanceof ConfigError && /SESSION_SECRET must be at least 32/.test(error.message),
    );
    assert.throws(() => parseSessionSecrets(`${SECRET},short`), /SESSION_SECRET \(entry 2\) must be at least 32/);
    assert.throws(() => parseSessionSecrets(" , "), ConfigError);
    assert.equal(Object.keys(parseSessionSecrets("x".repeat(32)).unseal).length, 1);
  });
});

describe("loadOrCreateDevSecret", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "hpp-unit-devsecret-"));
  let counter = 0;
  after(() => rmSync(root, { recursive: true, force: true }));
  const freshDir = async () => {
    const dir = path.join(root, `project-${++counter}`);
    await fsp.mkdir(dir);
    return dir;
  };
  const secretLines = (text: string) => text.split("\n").filter((line) => line.startsWith("SESSION_SECRET="));

  it("writes .env.local once and returns the same secret on later calls", async () => {
    const dir = await freshDir();
    const first = loadOrCreateDevSecret(dir);
    assert.ok(first.length >= 32);
    const written = await fsp.readFile(path.join(dir, ".env.local"), "utf8");
    assert.deepEqual(secretLines(written), [`SESSION_SECRET=${first}`]);
    // Not even touched afterwards: next dev watches .env.local and reloads every open page when its time
    // changes, so every start (npm run dev seeds first) must leave it alone.
    const backdated = new Date(Date.now() - 60_000);
    await fsp.utimes(path.join(dir, ".env.local"), backdated, backdated);
    const { mtimeMs } = await fsp.stat(path.join(dir, ".env.local"));
    assert.equal(loadOrCreateDevSecret(dir), first);
    assert.equal(loadOrCreateDevSecret(dir), first);
    assert.equal(await fsp.readFile(path.join(dir, ".env.local"), "utf8"), written, "not rewritten");
    assert.equal((await fsp.stat(path.join(dir, ".env.local"))).mtimeMs, mtimeMs, "not touched");
    assert.equal((await fsp.stat(path.join(dir, ".env.local"))).mode & 0o777, 0o600);
    assert.deepEqual((await fsp.readdir(dir)).sort(), [".env.local"], "no lock left behind");
  });

  it("keeps what .env.local already holds", async () => {
    const dir = await freshDir();
    const existing = "# mine\nFOO=bar\nexport OTHER='x y'";
    await fsp.writeFile(path.join(dir, ".env.local"), existing);
    const secret = loadOrCreateDevSecret(dir);
    const text = await fsp.readFile(path.join(dir, ".env.local"), "utf8");
    assert.ok(text.startsWith(`${existing}\n`), text);
    assert.deepEqual(secretLines(text), [`SESSION_SECRET=${secret}`]);
  });

  it("uses a secret already in .env.local (quoted or not) instead of making one", async () => {
    const dir = await freshDir();
    await fsp.writeFile(path.join(dir, ".env.local"), `FOO=1\nSESSION_SECRET="${SECRET}"\n`);
    assert.equal(loadOrCreateDevSecret(dir), SECRET);
    assert.equal(await fsp.readFile(path.join(dir, ".env.local"), "utf8"), `FOO=1\nSESSION_SECRET="${SECRET}"\n`);
  });

  it("gives four processes starting at once on a fresh clone one and the same secret", async () => {
    const dir = await freshDir();
    const child = path.join(import.meta.dirname, "support", "dev-secret-child.ts");
    const startAt = String(Date.now() + 2500);
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const proc = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", child, dir, startAt], {
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, SESSION_LOG: "off" },
        });
        let out = "";
        let err = "";
        proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
        proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
        proc.on("error", reject);
        proc.on("close", (code) => {
          const match = /^SECRET=(.+)$/m.exec(out);
          if (code === 0 && match) resolve(match[1]!);
          else reject(new Error(`child exited ${code}: ${out}${err}`));
        });
      });
    const secrets = await Promise.all([run(), run(), run(), run()]);
    assert.equal(new Set(secrets).size, 1, `got ${secrets.join(", ")}`);
    const text = await fsp.readFile(path.join(dir, ".env.local"), "utf8");
    assert.deepEqual(secretLines(text), [`SESSION_SECRET=${secrets[0]}`]);
  });
});
