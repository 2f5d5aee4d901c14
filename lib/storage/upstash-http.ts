import http from "node:http";
import https from "node:https";
import {
  errors,
  Redis as UpstashRedis,
  type Requester,
  type UpstashRequest,
  type UpstashResponse,
} from "@upstash/redis";

/**
 * The transport under @upstash/redis for the Upstash store. The stock client sends every command with the
 * global fetch(), which costs about 1 ms of CPU per call in Node (more inside Next, which wraps fetch); a
 * keep-alive node:http(s) request costs a fraction of that, and a signed-in page makes several commands.
 *
 * It speaks the protocol the stock HttpClient speaks (node_modules/@upstash/redis, class HttpClient): POST the
 * JSON command to `[url, ...path].join("/")`, Bearer token, `Upstash-Encoding: base64` with the results decoded
 * the same way, the read-your-writes sync token passed along. Failures are what the store relies on: one
 * deadline for the whole call, retry included; one retry after a short pause on a network error only; an
 * error answer, an unparsable body or the deadline always reject (never a made-up result).
 */

export interface UpstashRequesterOptions {
  /** The REST URL (https://... in production; the test shim is http://). */
  url: string;
  token: string;
  /** The deadline for a whole call, the retry and the pause before it included. */
  timeoutMs: number;
  /** The pause before the one retry after a network error. */
  retryDelayMs?: number;
}

export interface UpstashHttpRequester extends Requester {
  readYourWrites: boolean;
  upstashSyncToken: string;
  /** Drops the idle keep-alive connections. Later requests still work, on new connections. */
  close(): void;
}

const DEFAULT_RETRY_DELAY_MS = 100;

/** A failure before any answer arrived (refused, reset, a stale keep-alive socket): the only kind retried. */
class NetworkError extends Error {}
class DeadlineError extends Error {}

interface RawAnswer {
  status: number;
  syncToken: string;
  text: string;
}

// Non-fatal, like the stock client's: invalid UTF-8 becomes U+FFFD instead of failing the command.
const utf8 = new TextDecoder();

/**
 * atob()'s "forgiving base64" acceptance check, so that exactly the strings the stock client decodes are
 * decoded (anything else it hands back unchanged); Buffer's own decoder accepts anything and never says no.
 */
function isForgivingBase64(value: string): boolean {
  let s = /[\t\n\f\r ]/.test(value) ? value.replace(/[\t\n\f\r ]/g, "") : value;
  if (s.length % 4 === 0) s = s.endsWith("==") ? s.slice(0, -2) : s.endsWith("=") ? s.slice(0, -1) : s;
  return s.length % 4 !== 1 && /^[A-Za-z0-9+/]*$/.test(s);
}

function base64ToUtf8(value: string): string {
  if (!isForgivingBase64(value)) return value;
  return utf8.decode(Buffer.from(value, "base64"));
}

/**
 * The stock client's decode(), rule for rule, quirks included: "OK" is left alone at the top level and in
 * nested arrays but not as a direct array element, any other object becomes null, a boolean becomes undefined.
 */
function decodeResult(raw: unknown): unknown {
  switch (typeof raw) {
    case "undefined":
    case "number":
      return raw;
    case "string":
      return raw === "OK" ? raw : base64ToUtf8(raw);
    case "object":
      if (!Array.isArray(raw)) return null;
      return raw.map((v: unknown) =>
        typeof v === "string" ? base64ToUtf8(v) : Array.isArray(v) ? v.map(decodeResult) : v,
      );
    default:
      return undefined;
  }
}

function describeCommand(body: unknown): string {
  // The command's name(s) only: its arguments are user data and session keys, which must not reach the logs.
  const name = (command: unknown) => (Array.isArray(command) ? String(command[0]) : "?");
  if (!Array.isArray(body)) return "?";
  return Array.isArray(body[0]) ? body.map(name).join(",") : name(body);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new errors.UpstashJSONParseError(text, { cause: error });
  }
}

export function createUpstashRequester(options: UpstashRequesterOptions): UpstashHttpRequester {
  const base = new URL(options.url);
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new errors.UrlError(options.url);
  }
  const secure = base.protocol === "https:";
  const send = secure ? https.request : http.request;
  // LIFO (the default) hands out the most recently used socket, the one least likely to have been closed by the
  // server for idling; a socket it closed anyway fails before any answer, which the one retry covers.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const hostname = base.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = base.port ? Number(base.port) : undefined;
  const basePath = base.pathname.replace(/\/$/, "");
  const origin = base.origin;
  const authorization = `Bearer ${options.token}`;
  const timeoutMs = options.timeoutMs;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;

  function attempt(
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: string,
    budgetMs: number,
  ): Promise<RawAnswer> {
    return new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      let answered = false;
      const timer = setTimeout(() => {
        finish(new DeadlineError(`Upstash request to ${origin} timed out after ${timeoutMs} ms`));
        // Frees the socket instead of leaving a hung connection in the agent's pool.
        request.destroy();
      }, budgetMs);
      const finish = (error: Error | null, answer?: RawAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(answer!);
      };
      const request = send({ agent, hostname, port, path, method: "POST", headers }, (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const token = response.headers["upstash-sync-token"];
          finish(null, {
            status: response.statusCode ?? 0,
            syncToken: (Array.isArray(token) ? token[0] : token) ?? "",
            text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"),
          });
        });
        response.on("error", (error) =>
          finish(new Error(`Upstash answer from ${origin} broke off: ${error.message}`, { cause: error })),
        );
        response.on("close", () => {
          if (!response.complete) finish(new Error(`Upstash answer from ${origin} broke off`));
        });
      });
      request.on("error", (error) => {
        finish(
          answered
            ? new Error(`Upstash answer from ${origin} broke off: ${error.message}`, { cause: error })
            : new NetworkError(`Upstash request to ${origin} failed: ${error.message}`, { cause: error }),
        );
      });
      request.end(body);
    });
  }

  const requester: UpstashHttpRequester = {
    readYourWrites: true,
    upstashSyncToken: "",
    async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      if (req.isStreaming || req.onMessage) {
        // Only SUBSCRIBE/MONITOR-style commands stream; the store never uses them.
        throw new errors.UpstashError("Streaming commands are not supported by this Upstash requester");
      }
      const deadline = Date.now() + timeoutMs;
      const body = JSON.stringify(req.body);
      const path = req.path?.length ? `${basePath}/${req.path.join("/")}` : basePath || "/";
      const headers: http.OutgoingHttpHeaders = {
        "Content-Type": "application/json",
        Authorization: authorization,
        "Upstash-Encoding": "base64",
        "Content-Length": Buffer.byteLength(body),
      };
      if (requester.readYourWrites && requester.upstashSyncToken)
        headers["upstash-sync-token"] = requester.upstashSyncToken;
      for (const [name, value] of Object.entries(req.headers ?? {})) {
        if (value !== undefined && value !== null) headers[name] = value;
      }

      let answer: RawAnswer;
      try {
        answer = await attempt(path, headers, body, timeoutMs);
      } catch (error) {
        // One retry, and only when it can still start before the deadline.
        if (!(error instanceof NetworkError) || Date.now() + retryDelayMs >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        answer = await attempt(path, headers, body, Math.max(1, deadline - Date.now()));
      }

      if (answer.status < 200 || answer.status >= 300) {
        const parsed = parseBody(answer.text) as { error?: unknown } | null;
        const message = typeof parsed?.error === "string" ? parsed.error : answer.text.slice(0, 200);
        throw new errors.UpstashError(`${message} (HTTP ${answer.status}, command: ${describeCommand(req.body)})`);
      }
      const parsed = parseBody(answer.text);
      if (requester.readYourWrites) requester.upstashSyncToken = answer.syncToken;
      if (Array.isArray(parsed)) {
        // A pipeline's answer: the library's Pipeline expects the array in place of the single response.
        const entries = parsed.map((entry: { result?: unknown; error?: string } | null) => ({
          result: decodeResult(entry?.result),
          error: entry?.error,
        }));
        return entries as unknown as UpstashResponse<TResult>;
      }
      const single = parsed as { result?: unknown; error?: string } | null;
      return { result: decodeResult(single?.result) as TResult, error: single?.error };
    },
    close() {
      agent.destroy();
    },
  };
  return requester;
}

/**
 * Given a Requester, @upstash/redis's Node constructor skips all its options (automaticDeserialization
 * included) and its auto-pipelining. The store needs what the config constructor gave it before, so they are
 * set here, where the library keeps them: its commands read `opts` when they run, not when the client is built.
 */
class RequesterRedis extends UpstashRedis {
  constructor(requester: Requester) {
    super(requester);
    // Values are JSON we serialise ourselves: the client must hand back the raw string.
    this.opts = { automaticDeserialization: false };
    this.enableTelemetry = false;
  }

  /**
   * Commands issued in the same tick travel as one /pipeline request, as with the stock client: a page's
   * concurrent reads cost one round trip and one socket. It costs no measurable CPU for a lone command.
   */
  withAutoPipelining(): UpstashRedis {
    // autoPipeline() is @upstash/redis's own proxy over this instance, so it is one of ours in all but name.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    return this.autoPipeline();
  }
}

/** An @upstash/redis client whose every command goes through `requester`. */
export function createUpstashClient(requester: Requester): UpstashRedis {
  return new RequesterRedis(requester).withAutoPipelining();
}
