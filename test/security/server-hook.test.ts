import assert from "node:assert/strict";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { clientAddressFrom } from "../../lib/security/client-address";
import { installServerHook, PEER_ADDRESS_HEADER } from "../../lib/security/server-hook";

// Issue 13, item 5: with `next start` exposed directly, X-Forwarded-For is whatever the client sends. The hook
// stamps each request with its TCP peer's address before any handler sees it.

function send(
  port: number,
  headers: Record<string, string>,
  method = "GET",
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers, method }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the server hook", () => {
  it("gives every request its socket's address, whatever X-Forwarded-For or the header itself says", async () => {
    installServerHook();
    installServerHook(); // idempotent: one stamp per request
    let handled = 0;
    const server = createServer((req: IncomingMessage, res) => {
      handled += 1;
      const headers = new Headers(req.headers as Record<string, string>);
      res.end(
        JSON.stringify({
          address: clientAddressFrom(headers, { kind: "socket" }),
          raw: req.headers[PEER_ADDRESS_HEADER],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const forgeries: Record<string, string>[] = [
        {},
        { "x-forwarded-for": "203.0.113.7" },
        { "x-forwarded-for": "garbage" },
        { [PEER_ADDRESS_HEADER]: "198.51.100.1" },
      ];
      for (const forged of forgeries) {
        assert.deepEqual(
          JSON.parse((await send(port, forged)).body),
          { address: "127.0.0.1", raw: "127.0.0.1" },
          JSON.stringify(forged),
        );
      }
      // TRACE (which Next.js cannot turn into a Request and answers with a bare 500) never reaches the handler.
      for (const method of ["TRACE"]) {
        const refused = await send(port, {}, method);
        assert.equal(refused.status, 405, method);
        assert.equal(refused.headers.allow, "GET, HEAD, POST");
        assert.equal(refused.headers["x-content-type-options"], "nosniff");
        assert.match(String(refused.headers["content-security-policy"]), /frame-ancestors 'none'/);
        assert.match(refused.body, /<h1>Method not allowed<\/h1>/);
      }
      assert.equal(handled, 4, "only the four GETs reached the handler");
      // Methods Node's own parser does not know (TRACK) never become a request at all: Node answers 400 itself.
      assert.equal((await send(port, {}, "TRACK")).status, 400);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
