import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis as UpstashRedis } from "@upstash/redis";
import { deleteKeysWithPrefix, redisForTests, uniquePrefix } from "../../support/redis";
import { startUpstashShim, type UpstashShim } from "../../support/upstash-shim";

// The shim stands in for Upstash in every Upstash test, so its protocol must be right: checked here with raw
// HTTP (what @upstash/redis sends) and with the client in both response encodings.
const redis = await redisForTests("test/storage/upstash-shim.test.ts");

describe("Upstash REST shim", { skip: redis === null ? "no Redis available" : false }, () => {
  const token = "shim-test-token";
  const prefix = uniquePrefix("shim");
  let shim: UpstashShim;
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${shim.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  before(async () => {
    shim = await startUpstashShim({ redisUrl: redis!.url, token });
  });
  after(async () => {
    await shim?.close();
    await deleteKeysWithPrefix(redis!.url, prefix);
  });

  it("refuses a missing or wrong token with 401 and anything but POST with 405", async () => {
    const none = await fetch(shim.url, { method: "POST", body: '["ping"]' });
    assert.equal(none.status, 401);
    assert.equal((await post("/", ["ping"], { Authorization: "Bearer nope" })).status, 401);
    assert.equal((await fetch(shim.url, { headers: { Authorization: `Bearer ${token}` } })).status, 405);
  });

  it("runs one command at /, numbers as strings, plain results without the encoding header", async () => {
    assert.deepEqual(await post("/", ["set", `${prefix}:a`, "héllo", "ex", 60]), {
      status: 200,
      body: { result: "OK" },
    });
    assert.deepEqual(await post("/", ["get", `${prefix}:a`]), { status: 200, body: { result: "héllo" } });
    const ttl = (await post("/", ["ttl", `${prefix}:a`])).body as { result: number };
    assert.ok(ttl.result > 55 && ttl.result <= 60);
    assert.deepEqual(await post("/", ["get", `${prefix}:missing`]), { status: 200, body: { result: null } });
    const bad = await post("/", ["nosuchcommand"]);
    assert.equal(bad.status, 400);
    assert.match((bad.body as { error: string }).error, /unknown command/i);
  });

  it("base64-encodes every string in the result, recursively, except OK; numbers and null stay", async () => {
    const enc = { "Upstash-Encoding": "base64" };
    assert.deepEqual((await post("/", ["set", `${prefix}:b`, "v1"], enc)).body, { result: "OK" });
    assert.deepEqual((await post("/", ["get", `${prefix}:b`], enc)).body, { result: b64("v1") });
    assert.deepEqual((await post("/", ["incr", `${prefix}:n`], enc)).body, { result: 1 });
    assert.deepEqual((await post("/", ["get", `${prefix}:none`], enc)).body, { result: null });
    // The shared Redis may hold any number of other keys: walk every page. Each cursor comes back encoded too.
    const found: string[] = [];
    let cursor = "0";
    do {
      const scan = (await post("/", ["scan", cursor, "match", `${prefix}:b`, "count", 1000], enc)).body as {
        result: [string, string[]];
      };
      const decoded = Buffer.from(scan.result[0], "base64").toString("utf8");
      assert.match(decoded, /^\d+$/, "the cursor too");
      assert.equal(scan.result[0], b64(decoded));
      found.push(...scan.result[1]);
      cursor = decoded;
    } while (cursor !== "0");
    assert.deepEqual(found, [b64(`${prefix}:b`)]);
  });

  it("answers a pipeline entry by entry, errors in place, later commands seeing earlier writes", async () => {
    const result = await post("/pipeline", [
      ["set", `${prefix}:p`, "1"],
      ["incr", `${prefix}:p`],
      ["nosuch"],
      ["get", `${prefix}:p`],
    ]);
    assert.equal(result.status, 200);
    const entries = result.body as Array<{ result?: unknown; error?: string }>;
    assert.deepEqual(entries[0], { result: "OK" });
    assert.deepEqual(entries[1], { result: 2 });
    assert.match(entries[2]!.error!, /unknown command/i);
    assert.deepEqual(entries[3], { result: "2" });
  });

  it("runs /multi-exec as one transaction", async () => {
    const result = await post("/multi-exec", [
      ["set", `${prefix}:m`, "a"],
      ["append", `${prefix}:m`, "b"],
      ["get", `${prefix}:m`],
    ]);
    assert.deepEqual(result, { status: 200, body: [{ result: "OK" }, { result: 2 }, { result: "ab" }] });
  });

  for (const responseEncoding of [true, false]) {
    it(`works with @upstash/redis ${responseEncoding ? "with" : "without"} base64 responses`, async () => {
      const client = new UpstashRedis({
        url: shim.url,
        token,
        responseEncoding: responseEncoding ? "base64" : false,
        automaticDeserialization: false,
        enableTelemetry: false,
      });
      const key = `${prefix}:client-${responseEncoding}`;
      assert.equal(await client.set(key, "ünïcødé ✓", { ex: 30, nx: true }), "OK");
      assert.equal(await client.set(key, "other", { nx: true }), null);
      assert.equal(await client.get(key), "ünïcødé ✓");
      assert.equal(await client.sadd(`${key}:set`, "x", "0042"), 2);
      assert.deepEqual((await client.smembers(`${key}:set`)).sort(), ["0042", "x"]);
      assert.equal(await client.eval("return redis.call('get', KEYS[1])", [key], []), "ünïcødé ✓");
      assert.equal(await client.getdel(key), "ünïcødé ✓");
      assert.equal(await client.get(key), null);
    });
  }
});
