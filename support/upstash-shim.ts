import { spawn } from "node:child_process";
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";

/**
 * A small server speaking Upstash's REST protocol in front of a real redis-server, so that the app's
 * @upstash/redis client is tested exactly as in production (HTTP, Bearer token, base64 response encoding,
 * auto-pipelining), only the network hop to Upstash is local. See the platform notes (docs).
 *
 *   POST /            ["set","k","v","ex",60]         -> {"result": ...} | 400 {"error": "..."}
 *   POST /pipeline    [["get","k"],["del","k"]]       -> [{"result": ...}, {"error": "..."}]
 *   POST /multi-exec  same shape, run in MULTI/EXEC   -> same shape
 *   Authorization: Bearer <token>, else 401. Upstash-Encoding: base64 -> every string in the result
 *   (recursively) is base64 of its UTF-8, except the status "OK"; integers and null stay as they are.
 *
 * In-process: `const shim = await startUpstashShim({ redisUrl, token })`, then `shim.url`, `shim.close()`.
 * CLI: `node --import tsx support/upstash-shim.ts --redis redis://127.0.0.1:6379 --token T [--port P]
 * [--host H] [--parent-pid PID]` prints `upstash-shim ready http://127.0.0.1:P` once it accepts requests;
 * spawnUpstashShim() does that for you.
 */

export interface UpstashShimOptions {
  redisUrl: string;
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface UpstashShim {
  readonly url: string;
  readonly port: number;
  /** Requests answered so far, per path ("/", "/pipeline", "/multi-exec"). */
  readonly requests: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

type Reply = { result: unknown } | { error: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function encodeResult(value: unknown): unknown {
  if (typeof value === "string") return value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map(encodeResult);
  return value;
}

function toArgs(command: unknown): [string, string[]] {
  if (!Array.isArray(command) || command.length === 0)
    throw new HttpError(400, "ERR command must be a non-empty array");
  const [name, ...rest] = command as unknown[];
  if (typeof name !== "string") throw new HttpError(400, "ERR command name must be a string");
  const args = rest.map((arg) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new HttpError(400, `ERR unsupported argument ${JSON.stringify(arg)}`);
  });
  return [name, args];
}

function isConnectionError(error: unknown): boolean {
  const message = (error as Error)?.message ?? "";
  return /Connection is closed|connect ECONNREFUSED|Command timed out|MaxRetriesPerRequest|Stream isn't writeable|ECONNRESET/i.test(
    message,
  );
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "ERR request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "ERR failed to parse request body as JSON");
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startUpstashShim(options: UpstashShimOptions): Promise<UpstashShim> {
  if (!options.token) throw new Error("upstash-shim: a token is required");
  const redis = new Redis(options.redisUrl, {
    // The shim must answer promptly when its Redis is gone, like a real Upstash endpoint would fail fast.
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(50 * times, 500),
  });
  redis.on("error", () => undefined); // reported per request instead
  const requests: Record<string, number> = {};

  const run = async (command: unknown): Promise<Reply> => {
    const [name, args] = toArgs(command);
    try {
      return { result: await redis.call(name, ...args) };
    } catch (error) {
      if (isConnectionError(error)) throw error;
      return { error: (error as Error).message };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://shim").pathname.replace(/\/+$/, "") || "/";
    if (request.method !== "POST") throw new HttpError(405, "ERR only POST is supported");
    if (!tokenMatches(request.headers.authorization, options.token)) throw new HttpError(401, "Unauthorized");
    if (path !== "/" && path !== "/pipeline" && path !== "/multi-exec")
      throw new HttpError(404, `ERR unknown path ${path}`);
    requests[path] = (requests[path] ?? 0) + 1;
    const body = await readBody(request);
    const base64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encode = (reply: Reply): Reply =>
      "result" in reply && base64 ? { result: encodeResult(reply.result) } : reply;

    let status = 200;
    let payload: unknown;
    if (path === "/") {
      const reply = await run(body);
      if ("error" in reply) status = 400;
      payload = encode(reply);
    } else {
      if (!Array.isArray(body) || body.length === 0)
        throw new HttpError(400, "ERR body must be a non-empty array of commands");
      if (path === "/pipeline") {
        const replies: Reply[] = [];
        // Sequential, as Redis itself runs a pipeline: later commands see earlier writes.
        for (const command of body) replies.push(await run(command));
        payload = replies.map(encode);
      } else {
        const commands = body.map(toArgs);
        const multi = redis.multi();
        for (const [name, args] of commands) multi.call(name, ...args);
        let results: [Error | null, unknown][] | null;
        try {
          results = await multi.exec();
        } catch (error) {
          if (isConnectionError(error)) throw error;
          throw new HttpError(400, (error as Error).message);
        }
        if (!results) throw new HttpError(400, "ERR transaction aborted");
        payload = results.map(([error, result]) => encode(error ? { error: error.message } : { result }));
      }
    }
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(payload));
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 503;
      const message =
        error instanceof HttpError ? error.message : `ERR redis unavailable: ${(error as Error)?.message}`;
      if (!response.headersSent) response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: message }));
    });
  });
  // Long keep-alive, as Upstash's own endpoint keeps connections open: undici (Node's fetch) subtracts a 1 s safety
  // margin from the server's "Keep-Alive: timeout=N" hint, so a 1 s timeout made every fetch open a new TCP
  // connection, a cost the real service does not have. close() ends idle sockets itself (closeAllConnections).
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

// --- As a separate process ---------------------------------------------------------------------------

export interface ShimProcess {
  readonly url: string;
  /** The shim's pid, for reading its CPU time. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Runs the shim as its own process through the CLI below: for callers whose event loop may block (a
 * spawnSync seed, a benchmark driver) while the app keeps talking to "Upstash".
 */
export async function spawnUpstashShim(options: UpstashShimOptions & { timeoutMs?: number }): Promise<ShimProcess> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      self,
      "--redis",
      options.redisUrl,
      "--token",
      options.token,
      "--port",
      String(options.port ?? 0),
      "--host",
      options.host ?? "127.0.0.1",
      "--parent-pid",
      String(process.pid),
    ],
    { stdio: ["ignore", "pipe", "pipe"], cwd: path.resolve(path.dirname(self), "..") },
  );
  // Not left running when the test process ends, however it ends (see --parent-pid for a SIGKILL).
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  child.once("exit", () => process.removeListener("exit", killChild));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`upstash-shim did not start:\n${output}`)),
      options.timeoutMs ?? 20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /upstash-shim ready (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`upstash-shim exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// --- CLI ---------------------------------------------------------------------------------------------

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
      token: { type: "string", default: process.env.UPSTASH_SHIM_TOKEN },
      "parent-pid": { type: "string" },
    },
  });
  if (!values.token) {
    console.error("usage: upstash-shim.ts --token T [--port P] [--host H] [--redis redis://...]");
    process.exit(2);
  }
  const shim = await startUpstashShim({
    redisUrl: values.redis,
    token: values.token,
    port: Number(values.port),
    host: values.host,
  });
  console.log(`upstash-shim ready ${shim.url}`);
  const shutdown = () => void shim.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  const parent = Number(values["parent-pid"]);
  if (parent > 0) {
    // Exit with the process that started us, even when it was killed without a chance to stop us.
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        shutdown();
      }
    }, 1_000).unref();
  }
}
