import { randomBytes } from "node:crypto";
import type { Redis as UpstashRedis } from "@upstash/redis";
import type { Redis as IORedis } from "ioredis";
import { createStorage, defineDriver, type Storage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { maskUrl } from "../config";
import { redisLockKey } from "./lock-names";
import { KeyedMutex } from "./mutex";
import {
  COMMIT_SCRIPT,
  INCREMENT_COUNTER_SCRIPT,
  encodeCommit,
  pairsOf,
  READ_INDEX_SCRIPT,
  REFRESH_LOCK_SCRIPT,
  RELEASE_LOCK_SCRIPT,
  type LuaScript,
} from "./redis-scripts";
import { createUpstashClient, createUpstashRequester } from "./upstash-http";
import {
  assertValidCommit,
  assertValidKey,
  counterTtlMs,
  deserialize,
  forEachListedValue,
  serialize,
  type AppStore,
  type SetOptions,
} from "./types";
import { StoreBusyError, StoreUnavailableError } from "../errors";

/**
 * Redis-backed stores. Plain values go through unstorage's redis (ioredis, TCP) or upstash (@upstash/redis,
 * HTTP) driver under a key prefix; what unstorage lacks (SET NX/XX, GETDEL, sets, locks) goes to the same
 * driver's native client. Nothing here ever SCANs except listKeys and forEachValue, which only maintenance code calls.
 */

/** Both timeouts are explicit: with Redis down, a request fails in about a second instead of hanging. */
export const REDIS_TIMEOUT_MS = 1000;
/**
 * A lock's expiry. Short, so that a lock whose holder died (or one set by a command that reached Redis after
 * the client had given up on it) frees itself within seconds; the holder renews it every LOCK_REFRESH_MS
 * while its work runs, so a live holder keeps it however long it takes.
 */
export const LOCK_TTL_MS = 3_000;
const LOCK_REFRESH_MS = 1_000;
/** The waiter's patience: StoreBusyError after this long. */
export const LOCK_WAIT_MS = 10_000;
/** Keys per MGET in maintenance walks (a SCAN page holds about 1000): well under 1 MB per round trip. */
const MGET_BATCH = 500;

export interface RedisStoreOptions {
  /** The waiter's patience for locks (default LOCK_WAIT_MS); tests shorten it. */
  lockWaitMs?: number;
}

/** The handful of native commands we need, over either client. */
interface NativeRedis {
  setConditional(key: string, value: string, mode: "NX" | "XX", ttlSeconds?: number, ttlMs?: number): Promise<boolean>;
  getdel(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  sadd(key: string, member: string): Promise<void>;
  srem(key: string, member: string): Promise<void>;
  smembers(key: string): Promise<string[]>;
  /** EVALSHA, and EVAL when Redis does not know the script (NOSCRIPT). */
  runScript(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
  /** EVAL only: for a command that must work even if it reaches Redis late, with no chance of a retry. */
  evalScript(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
  /** One SCAN call: the next cursor ("0" when done) and this page's keys. */
  scanPage(cursor: string, match: string): Promise<[string, string[]]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const isNoScript = (error: unknown) => /NOSCRIPT/i.test((error as Error)?.message ?? "");

function toUnavailable(error: unknown, what: string): never {
  if (error instanceof StoreUnavailableError) throw error;
  throw new StoreUnavailableError(`${what} is unreachable: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

function createRedisBackedStore(options: {
  kind: "redis" | "upstash";
  description: string;
  storage: Storage;
  prefix: string;
  native: NativeRedis;
  lockWaitMs?: number;
}): AppStore {
  const { storage, prefix, native, kind } = options;
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
  const full = (key: string) => `${prefix}:${key}`;
  const localQueue = new KeyedMutex();
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      return toUnavailable(error, kind === "redis" ? "Redis" : "Upstash Redis");
    }
  };
  /** A namespace's keys (without the prefix), a SCAN page at a time. */
  async function* scanNamespace(namespace: string): AsyncGenerator<string[]> {
    let cursor = "0";
    do {
      const [next, page] = await guard(() => native.scanPage(cursor, `${prefix}:${namespace}:*`));
      cursor = next;
      if (page.length > 0) yield page.map((k) => k.slice(prefix.length + 1));
    } while (cursor !== "0");
  }
  const listKeys = async (namespace: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const page of scanNamespace(namespace)) keys.push(...page);
    return keys;
  };
  const ttlOf = (options?: SetOptions) =>
    options?.ttlSeconds !== undefined ? Math.max(1, Math.ceil(options.ttlSeconds)) : undefined;

  return {
    kind,
    description: options.description,
    async get(key) {
      assertValidKey(key);
      return guard(async () => deserialize(await storage.getItemRaw(key)));
    },
    async set(key, value, opts) {
      assertValidKey(key);
      const ttl = ttlOf(opts);
      return guard(() => storage.setItemRaw(key, serialize(value), ttl ? { ttl } : {}));
    },
    async replace(key, value, opts) {
      assertValidKey(key);
      return guard(() => native.setConditional(full(key), serialize(value), "XX", ttlOf(opts)));
    },
    async add(key, value, opts) {
      assertValidKey(key);
      return guard(() => native.setConditional(full(key), serialize(value), "NX", ttlOf(opts)));
    },
    async remove(key) {
      assertValidKey(key);
      return guard(() => storage.removeItem(key));
    },
    async take(key) {
      assertValidKey(key);
      return guard(async () => deserialize(await native.getdel(full(key))));
    },
    async incrementCounter(key, opts) {
      assertValidKey(key);
      const ttlMs = counterTtlMs(opts);
      return guard(async () => Number(await native.runScript(INCREMENT_COUNTER_SCRIPT, [full(key)], [String(ttlMs)])));
    },
    async getCounter(key) {
      assertValidKey(key);
      const raw: unknown = await guard(() => storage.getItemRaw(key));
      const count = Number(raw ?? 0);
      return Number.isSafeInteger(count) && count > 0 ? count : 0;
    },
    async setAdd(setKey, member) {
      assertValidKey(setKey);
      return guard(() => native.sadd(full(setKey), member));
    },
    async setRemove(setKey, member) {
      assertValidKey(setKey);
      return guard(() => native.srem(full(setKey), member));
    },
    async setMembers(setKey) {
      assertValidKey(setKey);
      return guard(() => native.smembers(full(setKey)));
    },
    async getMany(keys) {
      keys.forEach(assertValidKey);
      if (keys.length === 0) return [];
      return guard(async () => (await native.mget(keys.map(full))).map(deserialize));
    },
    async readIndex(setKey, namespace) {
      assertValidKey(setKey);
      assertValidKey(`${namespace}:x`);
      const flat = await guard(() => native.runScript(READ_INDEX_SCRIPT, [full(setKey)], [`${prefix}:${namespace}:`]));
      return pairsOf(flat).map(({ member, raw }) => ({ member, value: deserialize(raw) }));
    },
    async commit(request) {
      assertValidCommit(request);
      const encoded = encodeCommit(request, full);
      if (encoded.keys.length === 0) return { ok: true };
      const result = await guard(() => native.runScript(COMMIT_SCRIPT, encoded.keys, encoded.args));
      return encoded.decode(result);
    },
    async withLock(name, fn) {
      const lockKey = full(redisLockKey(name));
      // Waiters in this process queue locally and only the head polls Redis: fifty logins of one organizer
      // on one instance cost fifty acquisitions, not fifty pollers in lockstep.
      return localQueue.run(lockKey, async () => {
        const token = randomBytes(12).toString("hex");
        const deadline = Date.now() + lockWaitMs;
        let delay = 2;
        for (;;) {
          let acquired: boolean;
          try {
            acquired = await native.setConditional(lockKey, token, "NX", undefined, LOCK_TTL_MS);
          } catch (error) {
            // The SET may still reach Redis after the client gave up on it (a hung server that resumes) and
            // leave a lock nobody holds. A release by token sent now follows it on the same connection; it
            // is a full EVAL, as an EVALSHA answered NOSCRIPT that late would never be retried.
            void native.evalScript(RELEASE_LOCK_SCRIPT, [lockKey], [token]).catch(() => undefined);
            return toUnavailable(error, kind === "redis" ? "Redis" : "Upstash Redis");
          }
          if (acquired) break;
          if (Date.now() >= deadline) {
            throw new StoreBusyError(`The lock ${name} is still held by another request after ${lockWaitMs} ms`);
          }
          // Jitter keeps waiters on different instances from retrying in step.
          await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
          delay = Math.min(delay * 2, 40);
        }
        // Renewed while fn runs. If Redis is unreachable for longer than LOCK_TTL_MS meanwhile, the lock can
        // expire under a running holder: the price of a lock that frees itself when its holder dies.
        const refresher = setInterval(() => {
          void native.runScript(REFRESH_LOCK_SCRIPT, [lockKey], [token, String(LOCK_TTL_MS)]).catch(() => undefined);
        }, LOCK_REFRESH_MS);
        refresher.unref();
        try {
          return await fn();
        } finally {
          clearInterval(refresher);
          await native.runScript(RELEASE_LOCK_SCRIPT, [lockKey], [token]).catch(() => undefined);
        }
      });
    },
    listKeys,
    async forEachValue(namespace, visit, options = {}) {
      // The SCAN of listKeys, page by page (never the whole key list at once), and one MGET per MGET_BATCH
      // keys of a page instead of a GET round trip per key. The byte count is the stored string's. Like any
      // SCAN, a key can come up twice if Redis rehashes meanwhile.
      const readBatch = (batch: string[]) => guard(() => native.mget(batch.map(full)));
      let listed = 0;
      for await (const page of scanNamespace(namespace)) {
        listed += await forEachListedValue(page, readBatch, visit, {
          concurrency: options.concurrency,
          batchSize: MGET_BATCH,
        });
      }
      return listed;
    },
    ping() {
      return guard(() => native.ping());
    },
    async close() {
      await native.close().catch(() => undefined);
    },
  };
}

export function createRedisStore(url: string, prefix: string, options: RedisStoreOptions = {}): AppStore {
  const driver = redisDriver({
    url,
    base: prefix,
    connectTimeout: REDIS_TIMEOUT_MS,
    commandTimeout: REDIS_TIMEOUT_MS,
    // Fail queued commands after one reconnect attempt instead of the default 20, but keep reconnecting
    // in the background forever, so sessions work again as soon as Redis is back, without a restart.
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
    // unstorage hands its options to new Redis(url, options). Commands issued in the same tick (a page's
    // getMany, readIndex and session read) leave in one socket write, as one pipeline. They overlapped on the
    // connection before too (ioredis never waits for a reply to send the next command); the saving is the
    // per-command write: 22 concurrent GETs took 0.8 ms instead of 1.7 ms here.
    enableAutoPipelining: true,
  });
  const client = driver.getInstance!() as IORedis;
  let lastErrorLog = 0;
  client.on("error", (error: Error) => {
    // ioredis emits an error on every failed reconnect: log at most every 10 s instead of flooding.
    if (Date.now() - lastErrorLog > 10_000) {
      lastErrorLog = Date.now();
      console.error(`[store] Redis error (${maskUrl(url)}): ${error.message}`);
    }
  });
  const storage = createStorage({ driver });
  const native: NativeRedis = {
    async setConditional(key, value, mode, ttlSeconds, ttlMs) {
      const args: (string | number)[] = [key, value];
      if (ttlSeconds) args.push("EX", ttlSeconds);
      if (ttlMs) args.push("PX", ttlMs);
      args.push(mode);
      const result = await client.call("SET", ...args);
      return result === "OK";
    },
    getdel: (key) => client.getdel(key),
    mget: (keys) => client.mget(keys),
    sadd: async (key, member) => void (await client.sadd(key, member)),
    srem: async (key, member) => void (await client.srem(key, member)),
    smembers: (key) => client.smembers(key),
    async runScript(script, keys, args) {
      try {
        return await client.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return client.eval(script.source, keys.length, ...keys, ...args);
      }
    },
    evalScript: (script, keys, args) => client.eval(script.source, keys.length, ...keys, ...args),
    scanPage: (cursor, match) => client.scan(cursor, "MATCH", match, "COUNT", 1000),
    ping: async () => void (await client.ping()),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
  return createRedisBackedStore({
    kind: "redis",
    description: `redis (${maskUrl(url)}, prefix ${prefix}:)`,
    storage,
    prefix,
    native,
    lockWaitMs: options.lockWaitMs,
  });
}

/**
 * unstorage's upstash driver builds its own @upstash/redis client from its options and cannot be handed one,
 * so plain values and native commands would travel over two clients. These are the pieces of that driver the
 * store uses (same commands: GET, SET ... EX, UNLINK), over the one client the native commands use.
 */
const upstashClientDriver = defineDriver((opts: { client: UpstashRedis; base: string }) => {
  const { client, base } = opts;
  const full = (key: string) => `${base}:${key}`;
  return {
    name: "upstash-client",
    getInstance: () => client,
    async hasItem(key: string) {
      return Boolean(await client.exists(full(key)));
    },
    async getItem(key: string) {
      return await client.get<string>(full(key));
    },
    async setItem(key: string, value: string, tOptions?: { ttl?: number }) {
      const ttl = tOptions?.ttl;
      await client.set(full(key), value, ttl ? { ex: ttl } : undefined);
    },
    async removeItem(key: string) {
      await client.unlink(full(key));
    },
    getKeys(): string[] {
      // A SCAN of the whole keyspace: the store lists a namespace with its own paged SCAN (listKeys) instead.
      throw new Error("upstash-client driver: getKeys is not supported, use the store's listKeys");
    },
  };
});

export function createUpstashStore(
  url: string,
  token: string,
  prefix: string,
  options: RedisStoreOptions = {},
): AppStore {
  // Keep-alive node:http(s) instead of the stock client's fetch(): a fraction of the CPU per command. The
  // requester enforces what the stock client was configured for here: one REDIS_TIMEOUT_MS deadline for the
  // whole call, retry included, and one retry after 100 ms on a network error. A hung endpoint costs a request
  // one second, so organizer pages still answer their 503 within the promised 2 s.
  const requester = createUpstashRequester({ url, token, timeoutMs: REDIS_TIMEOUT_MS });
  // Raw strings (values are JSON we serialise ourselves), no telemetry, auto-pipelining as before.
  const client = createUpstashClient(requester);
  const storage = createStorage({ driver: upstashClientDriver({ client, base: prefix }) });
  const native: NativeRedis = {
    async setConditional(key, value, mode, ttlSeconds, ttlMs) {
      const base = mode === "NX" ? { nx: true as const } : { xx: true as const };
      const result = ttlSeconds
        ? await client.set(key, value, { ...base, ex: ttlSeconds })
        : ttlMs
          ? await client.set(key, value, { ...base, px: ttlMs })
          : await client.set(key, value, base);
      return result === "OK";
    },
    getdel: async (key) => {
      const value = await client.getdel<string>(key);
      return value ?? null;
    },
    mget: async (keys) => (await client.mget<(string | null)[]>(...keys)).map((value) => value ?? null),
    sadd: async (key, member) => void (await client.sadd(key, member)),
    srem: async (key, member) => void (await client.srem(key, member)),
    smembers: async (key) => (await client.smembers(key)).map(String),
    async runScript(script, keys, args) {
      try {
        return await client.evalsha(script.sha, keys, args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return client.eval(script.source, keys, args);
      }
    },
    evalScript: (script, keys, args) => client.eval(script.source, keys, args),
    async scanPage(cursor, match) {
      // Typed a string, but a cursor can come back as a JSON number over REST.
      const [next, page]: [unknown, string[]] = await client.scan(cursor, { match, count: 1000 });
      return [String(next), page];
    },
    ping: async () => void (await client.ping()),
    close: async () => requester.close(),
  };
  return createRedisBackedStore({
    kind: "upstash",
    description: `upstash (${url}, prefix ${prefix}:)`,
    storage,
    prefix,
    native,
    lockWaitMs: options.lockWaitMs,
  });
}
