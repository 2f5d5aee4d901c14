import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createConnection, createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { Redis as UpstashRedis } from "@upstash/redis";
import { createUpstashStore, REDIS_TIMEOUT_MS } from "../../lib/storage/redis-store";
import { StoreUnavailableError } from "../../lib/errors";
import { createUpstashClient, createUpstashRequester } from "../../lib/storage/upstash-http";
import { deleteKeysWithPrefix, freePort, redisClient, redisForTests, uniquePrefix } from "../../support/redis";
import { settle } from "../support/redis-stores";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";

// The store's own keep-alive node:http requester under @upstash/redis: the protocol as the stock fetch-based
// client speaks it (checked against that client on the same data), and the failure semantics the store
// relies on (one deadline, one retry on a network error only, never a made-up result).
const redis = await redisForTests("test/storage/upstash-http.test.ts");

/** Behaviour bounds, not benchmarks: the deadline plus room for a loaded machine. */
const DEADLINE_MARGIN_MS = 600;

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  readonly url: string;
  readonly connections: number;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** A raw node:http server (no Redis behind it) for answers the shim never gives: hangs, resets, odd bodies. */
async function startServer(
  handle: (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => void,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = createHttpServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on("data", (chunk: Buffer) => chunks.push(chunk));
    raw.on("end", () => {
      const seen = {
        method: raw.method ?? "",
        url: raw.url ?? "",
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      handle(seen, response, raw);
    });
  });
  server.on("connection", (socket: Socket) => {
    connections += 1;
    socket.on("error", () => undefined);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function answerJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

describe("Upstash requester: protocol and failures (fake servers)", () => {
  const token = "fake-token";

  it("POSTs the JSON command with the stock client's headers, and decodes the base64 answer", async () => {
    const server = await startServer((req, res) =>
      answerJson(res, 200, req.url.endsWith("/pipeline") ? [{ result: b64("hé 🎄") }] : { result: b64("hé 🎄") }),
    );
    const requester = createUpstashRequester({ url: `${server.url}/base/`, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      assert.deepEqual(await requester.request({ body: ["get", "k"] }), { result: "hé 🎄", error: undefined });
      assert.deepEqual(await requester.request({ body: [["get", "k"]], path: ["pipeline"] }), [
        { result: "hé 🎄", error: undefined },
      ]);
      const [single, pipeline] = server.requests;
      assert.equal(single!.method, "POST");
      assert.equal(single!.url, "/base");
      assert.equal(pipeline!.url, "/base/pipeline");
      assert.equal(single!.headers.authorization, `Bearer ${token}`);
      assert.equal(single!.headers["content-type"], "application/json");
      assert.equal(single!.headers["upstash-encoding"], "base64");
      assert.equal(single!.body, JSON.stringify(["get", "k"]));
      assert.equal(Number(single!.headers["content-length"]), Buffer.byteLength(single!.body));
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("passes the read-your-writes sync token back, as the stock client does", async () => {
    let n = 0;
    const server = await startServer((_req, res) =>
      answerJson(res, 200, { result: "OK" }, { "upstash-sync-token": `sync-${++n}` }),
    );
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      await requester.request({ body: ["set", "k", "v"] });
      await requester.request({ body: ["get", "k"] });
      await requester.request({ body: ["get", "k"] });
      assert.equal(
        server.requests[0]!.headers["upstash-sync-token"],
        undefined,
        "nothing to send before the first answer",
      );
      assert.equal(server.requests[1]!.headers["upstash-sync-token"], "sync-1");
      assert.equal(server.requests[2]!.headers["upstash-sync-token"], "sync-2");
      assert.equal(requester.upstashSyncToken, "sync-3");
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("an error answer rejects with the server's error text, and is not retried", async () => {
    const server = await startServer((_req, res) => answerJson(res, 401, { error: "Unauthorized: wrong token" }));
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      await assert.rejects(requester.request({ body: ["get", "k"] }), /Unauthorized: wrong token.*401/);
      assert.equal(server.requests.length, 1);
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("an unparsable body rejects, whatever the status", async () => {
    const server = await startServer((req, res) => {
      if (req.body.includes("html")) {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<html>Bad gateway</html>");
      } else answerJson(res, 200, "{not json");
    });
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      await assert.rejects(requester.request({ body: ["get", "json"] }), /Unable to parse response body: \{not json/);
      await assert.rejects(requester.request({ body: ["get", "html"] }), /Unable to parse response body: <html>/);
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("a server that accepts and never answers: rejects at the deadline, the request destroyed, no retry", async () => {
    const closed: Promise<void>[] = [];
    const server = await startServer((_req, _res, raw) => {
      closed.push(new Promise((resolve) => raw.socket.once("close", () => resolve())));
    });
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      const result = await settle(() => requester.request({ body: ["get", "k"] }));
      assert.match(String(result.error), /timed out after 1000 ms/);
      assert.ok(result.ms >= REDIS_TIMEOUT_MS - 50, `gave up early, after ${result.ms} ms`);
      assert.ok(result.ms < REDIS_TIMEOUT_MS + DEADLINE_MARGIN_MS, `took ${result.ms} ms`);
      assert.equal(server.requests.length, 1, "no retry after the deadline");
      // The client hung up instead of leaving the connection to the server's mercy.
      await Promise.race([
        Promise.all(closed),
        new Promise((_, reject) => setTimeout(() => reject(new Error("the hung connection was not closed")), 1_000)),
      ]);
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("the store maps a hung endpoint to StoreUnavailableError within the deadline", async () => {
    const server = await startServer(() => undefined);
    const store = createUpstashStore(server.url, token, "hpptest-hung");
    try {
      const result = await settle(() => store.get("sessions:x"));
      assert.ok(result.error instanceof StoreUnavailableError, String(result.error));
      assert.match((result.error as Error).message, /Upstash Redis is unreachable: .*timed out/);
      assert.ok(result.ms < REDIS_TIMEOUT_MS + DEADLINE_MARGIN_MS, `took ${result.ms} ms`);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it("connection refused: one retry after ~100 ms, then rejects with the network error", async () => {
    const requester = createUpstashRequester({
      url: `http://127.0.0.1:${await freePort()}`,
      token,
      timeoutMs: REDIS_TIMEOUT_MS,
    });
    const result = await settle(() => requester.request({ body: ["get", "k"] }));
    assert.match(String(result.error), /ECONNREFUSED/);
    assert.ok(result.ms >= 95, `no pause before the retry (${result.ms} ms)`);
    assert.ok(result.ms < REDIS_TIMEOUT_MS, `took ${result.ms} ms`);
  });

  it("a connection reset before the answer is retried once: two attempts, then the error", async () => {
    let connections = 0;
    const resetter = createTcpServer((socket) => {
      connections += 1;
      socket.on("error", () => undefined);
      socket.once("data", () => socket.resetAndDestroy());
    });
    await new Promise<void>((resolve) => resetter.listen(0, "127.0.0.1", () => resolve()));
    const { port } = resetter.address() as AddressInfo;
    const requester = createUpstashRequester({ url: `http://127.0.0.1:${port}`, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      await assert.rejects(requester.request({ body: ["get", "k"] }), /ECONNRESET|socket hang up/);
      assert.equal(connections, 2);
    } finally {
      requester.close();
      await new Promise((resolve) => resetter.close(resolve));
    }
  });

  it("the retry recovers when the second attempt gets through (a stale keep-alive socket, say)", async () => {
    let first = true;
    const server = await startServer((_req, res, raw) => {
      if (first) {
        first = false;
        raw.socket.resetAndDestroy();
      } else answerJson(res, 200, { result: b64("fine") });
    });
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      assert.deepEqual(await requester.request({ body: ["get", "k"] }), { result: "fine", error: undefined });
      assert.equal(server.requests.length, 2);
    } finally {
      requester.close();
      await server.close();
    }
  });

  it("no retry that could only start after the deadline", async () => {
    const requester = createUpstashRequester({
      url: `http://127.0.0.1:${await freePort()}`,
      token,
      timeoutMs: 50,
      retryDelayMs: 100,
    });
    const result = await settle(() => requester.request({ body: ["get", "k"] }));
    assert.match(String(result.error), /ECONNREFUSED/);
    assert.ok(result.ms < 90, `waited for a retry past the deadline (${result.ms} ms)`);
  });

  it("a boolean or an object result is decoded as the stock client does (undefined, null), never invented", async () => {
    const answers: unknown[] = [
      { result: true },
      { result: { a: 1 } },
      { result: ["OK", ["OK", 1, null]] },
      { error: "ERR boom" },
    ];
    const server = await startServer((_req, res) => answerJson(res, 200, answers.shift()));
    const requester = createUpstashRequester({ url: server.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    try {
      assert.deepEqual(await requester.request({ body: ["x"] }), { result: undefined, error: undefined });
      assert.deepEqual(await requester.request({ body: ["x"] }), { result: null, error: undefined });
      // atob("OK") is "8": the stock client decodes a direct array element even when it is "OK".
      assert.deepEqual(await requester.request({ body: ["x"] }), { result: ["8", ["OK", 1, null]], error: undefined });
      assert.deepEqual(await requester.request({ body: ["x"] }), { result: undefined, error: "ERR boom" });
    } finally {
      requester.close();
      await server.close();
    }
  });
});

describe("Upstash requester through the REST shim", { skip: redis === null ? "no Redis available" : false }, () => {
  const token = randomBytes(16).toString("hex");
  const prefix = uniquePrefix("uphttp");
  let shim: UpstashShim;
  let requester: ReturnType<typeof createUpstashRequester>;
  let ours: UpstashRedis;
  let stock: UpstashRedis;
  const key = (name: string) => `${prefix}:${name}`;

  before(async () => {
    shim = await startUpstashShim({ redisUrl: redis!.url, token });
    requester = createUpstashRequester({ url: shim.url, token, timeoutMs: REDIS_TIMEOUT_MS });
    ours = createUpstashClient(requester);
    stock = new UpstashRedis({ url: shim.url, token, automaticDeserialization: false, enableTelemetry: false });
  });
  after(async () => {
    requester?.close();
    await shim?.close();
    await deleteKeysWithPrefix(redis!.url, prefix);
  });

  const tricky: Record<string, string> = {
    emoji: "🎄🎅🏽 party 🥂 — ünïcødé ✓ 中文 𝄞",
    quotes: `"double" 'single' \`back\` \\ backslash \\" escaped`,
    newlines: "line 1\nline 2\r\nline 3\ttab\u0000nul\u2028sep",
    json: '{"a":1,"b":[1,"two",null]}',
    numeric: "0042",
    ok: "OK",
    looksBase64: "SGVsbG8=",
    empty: "",
    loneSurrogate: "a\ud800b",
    big: "🎄 x ✓ ü ".repeat(10_000).slice(0, 100_000),
  };

  it("round-trips tricky strings through the store exactly", async () => {
    const store = createUpstashStore(shim.url, token, prefix);
    try {
      for (const [name, value] of Object.entries(tricky)) {
        await store.set(`rt:${name}`, value, { ttlSeconds: 60 });
        assert.equal(await store.get(`rt:${name}`), value, name);
        await store.set(`rt:obj-${name}`, { value, list: [value] });
        assert.deepEqual(await store.get(`rt:obj-${name}`), { value, list: [value] }, `object holding ${name}`);
      }
      assert.ok(Buffer.byteLength(JSON.stringify(tricky.big)) > 100_000);
      assert.equal(await store.get("rt:missing"), null);
    } finally {
      await store.close();
    }
  });

  it("hands back raw strings (no automatic JSON parsing), like the store's former client", async () => {
    await ours.set(key("raw-num"), "123");
    await ours.set(key("raw-json"), '{"a":1}');
    assert.equal(await ours.get(key("raw-num")), "123");
    assert.equal(await ours.get(key("raw-json")), '{"a":1}');
  });

  it("decodes every answer exactly as the stock fetch client does, invalid UTF-8 included", async () => {
    const native = redisClient(redis!.url);
    try {
      for (const [name, value] of Object.entries(tricky)) await native.set(key(`same:${name}`), value, "EX", 60);
      // Bytes that are not UTF-8: both clients must give the same replacement characters.
      await native.set(key("same:binary"), Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x62]), "EX", 60);
      await native.sadd(key("same:set"), "x", "0042", "🎄", "OK");
      const names = [...Object.keys(tricky), "binary"];
      for (const name of names)
        assert.equal(await ours.get(key(`same:${name}`)), await stock.get(key(`same:${name}`)), name);
      const keys = names.map((name) => key(`same:${name}`));
      assert.deepEqual(await ours.mget(...keys), await stock.mget(...keys));
      assert.deepEqual((await ours.smembers(key("same:set"))).sort(), (await stock.smembers(key("same:set"))).sort());
      assert.deepEqual(
        await ours.scan("0", { match: key("same:e*"), count: 1000 }),
        await stock.scan("0", { match: key("same:e*"), count: 1000 }),
      );
      const script = "return {redis.call('get', KEYS[1]), 7, 'OK', {'OK', 'nested'}}";
      assert.deepEqual(
        await ours.eval(script, [key("same:emoji")], []),
        await stock.eval(script, [key("same:emoji")], []),
      );
      assert.deepEqual(await ours.ttl(key("same:emoji")), await stock.ttl(key("same:emoji")));
    } finally {
      native.disconnect();
    }
  });

  it("runs pipelines and transactions, errors kept in place", async () => {
    const results = await ours
      .pipeline()
      .set(key("p"), "1")
      .incr(key("p"))
      .get(key("p"))
      .set(key("p-emoji"), tricky.emoji!)
      .get(key("p-emoji"))
      .exec();
    assert.deepEqual(results, ["OK", 2, "2", "OK", tricky.emoji]);

    const withError = await ours
      .pipeline()
      .set(key("p-str"), "abc")
      .incr(key("p-str"))
      .get(key("p-str"))
      .exec({ keepErrors: true });
    assert.deepEqual(withError[0], { result: "OK", error: undefined });
    assert.match(String(withError[1].error), /not an integer/);
    assert.deepEqual(withError[2], { result: "abc", error: undefined });
    await assert.rejects(ours.pipeline().incr(key("p-str")).exec(), /not an integer/);

    const multi = await ours.multi().set(key("m"), "a").append(key("m"), "ü🎄").get(key("m")).exec();
    assert.deepEqual(multi, ["OK", Buffer.byteLength("aü🎄"), "aü🎄"]);
  });

  it("sends commands of one tick as one /pipeline request (auto-pipelining, as before)", async () => {
    await ours.set(key("ap"), "v");
    const before = shim.requests["/pipeline"] ?? 0;
    const values = await Promise.all(Array.from({ length: 10 }, () => ours.get(key("ap"))));
    assert.deepEqual(values, Array(10).fill("v"));
    assert.equal((shim.requests["/pipeline"] ?? 0) - before, 1);
  });

  it("a Redis error answer rejects with its message", async () => {
    await ours.set(key("str"), "abc");
    await assert.rejects(ours.incr(key("str")), /not an integer/);
  });

  it("a wrong token: 401 rejects with the server's message, and the store maps it to StoreUnavailableError", async () => {
    const wrong = createUpstashRequester({ url: shim.url, token: "wrong-token", timeoutMs: REDIS_TIMEOUT_MS });
    const store = createUpstashStore(shim.url, "wrong-token", prefix);
    try {
      await assert.rejects(wrong.request({ body: ["get", key("x")] }), /Unauthorized.*HTTP 401/);
      const result = await settle(() => store.get("sessions:x"));
      assert.ok(result.error instanceof StoreUnavailableError, String(result.error));
      assert.match((result.error as Error).message, /Unauthorized/);
    } finally {
      wrong.close();
      await store.close();
    }
  });

  it("keeps connections alive: 50 sequential store commands over 1-2 TCP connections", async () => {
    // A TCP relay in front of the shim counts the connections the client opens.
    const { port: shimPort } = new URL(shim.url);
    let connections = 0;
    const relay = createTcpServer((socket) => {
      connections += 1;
      const upstream = createConnection(Number(shimPort), "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", () => resolve()));
    const { port } = relay.address() as AddressInfo;
    const store = createUpstashStore(`http://127.0.0.1:${port}`, token, prefix);
    try {
      for (let i = 0; i < 25; i++) {
        await store.set(`ka:k${i % 5}`, { i });
        assert.deepEqual(await store.get(`ka:k${i % 5}`), { i });
      }
      assert.ok(connections >= 1 && connections <= 2, `50 commands opened ${connections} connections`);
    } finally {
      await store.close();
      await new Promise((resolve) => {
        relay.close(resolve);
      });
    }
  });
});
