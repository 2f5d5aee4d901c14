import assert from "node:assert/strict";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { clientAddressFrom } from "../../lib/auth/client-address";
import { installPeerAddressHook, PEER_ADDRESS_HEADER } from "../../lib/security/peer-address";

// Issue 13, item 5: with `next start` exposed directly, X-Forwarded-For is whatever the client sends. The hook
// stamps each request with its TCP peer's address before any handler sees it.

function get(port: number, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the peer address hook", () => {
  it("gives every request its socket's address, whatever X-Forwarded-For or the header itself says", async () => {
    installPeerAddressHook();
    installPeerAddressHook(); // idempotent: one stamp per request
    const server = createServer((req: IncomingMessage, res) => {
      const headers = new Headers(req.headers as Record<string, string>);
      res.end(JSON.stringify({ address: clientAddressFrom(headers, { kind: "socket" }), raw: req.headers[PEER_ADDRESS_HEADER] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const forgeries: Record<string, string>[] = [{}, { "x-forwarded-for": "203.0.113.7" }, { "x-forwarded-for": "garbage" }, { [PEER_ADDRESS_HEADER]: "198.51.100.1" }];
      for (const forged of forgeries) {
        assert.deepEqual(JSON.parse(await get(port, forged)), { address: "127.0.0.1", raw: "127.0.0.1" }, JSON.stringify(forged));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
