import { randomBytes } from "node:crypto";
import { startPrivateRedis, type PrivateRedis } from "../../support/redis";
import { spawnUpstashShim, type ShimProcess } from "../../support/upstash-shim";
import type { Backends } from "./servers";

/**
 * A private redis-server (never the shared 127.0.0.1:6379: counters like INFO commandstats must be ours alone),
 * and optionally the Upstash REST shim in front of it, as a process of its own so that the bench's load generator
 * does not share an event loop with it.
 */
export interface PrivateBackends extends Backends {
  redis: PrivateRedis;
  redisUrl: string;
  /** The REST shim's pid, when there is one: its CPU stands in for Upstash's own. */
  shimPid?: number;
  dispose(): Promise<void>;
}

export async function startBackends(options: { shim: boolean }): Promise<PrivateBackends> {
  const redis = await startPrivateRedis();
  let shim: ShimProcess | undefined;
  const token = randomBytes(16).toString("hex");
  try {
    if (options.shim) shim = await spawnUpstashShim({ redisUrl: redis.url, token });
  } catch (error) {
    await redis.dispose();
    throw error;
  }
  return {
    redis,
    redisUrl: redis.url,
    ...(shim ? { shim: { url: shim.url, token } } : {}),
    ...(shim?.pid !== undefined ? { shimPid: shim.pid } : {}),
    async dispose() {
      await shim?.stop();
      await redis.dispose();
    },
  };
}
