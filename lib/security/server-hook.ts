import http from "node:http";
import https from "node:https";
import { buildContentSecurityPolicy, generateNonce } from "./csp";
import { ALLOWED_METHODS, errorPageHtml, METHOD_NOT_ALLOWED } from "./error-page";
import STATIC_SECURITY_HEADERS from "./static-headers.json";

/**
 * What the app does with each raw Node request before Next.js sees it. Two things that cannot be done later:
 *
 * 1. TRACE, which fetch's Request refuses to represent, makes Next fail while it builds the request for
 *    proxy.ts ("'TRACE' HTTP method is unsupported"), a bare 500. It is answered here: 405 with Allow, the app's
 *    error page and its security headers. (Methods Node's parser does not know, like TRACK, get Node's own 400
 *    before any code runs; CONNECT is a 'connect' event that no one listens to, so Node closes the socket.)
 *
 * 2. The address of the TCP peer of each request, for the per-address login throttle when no proxy is trusted
 * (TRUSTED_PROXY_HOPS=0, the default outside Vercel).
 *
 * Why a hook: `next start` (Next 16.4, next/dist/server/base-server.js, handleRequestImpl) does
 *   req.headers['x-forwarded-for'] ??= originalRequest?.socket?.remoteAddress
 * i.e. it fills X-Forwarded-For from the socket ONLY when the client sent none, and keeps whatever a client
 * sent. Nothing else reaches the app: Server Actions and Route Handlers see headers, never the socket. So
 * with `next start` exposed directly, X-Forwarded-For is the client's own choice (rotate it, or send
 * "garbage"), and the socket address is gone by the time the app could ask for it.
 *
 * This hook runs when the server process starts (instrumentation.ts) and stamps every incoming request, at
 * the moment Node emits it and before Next sees it, with a header holding the socket's address, overwriting
 * anything a client sent under that name. The reader trusts the header only in a process where the hook is
 * installed. A request that arrives before the hook is installed (during start-up) has no trusted address
 * and falls into the shared "unknown" bucket, never into "no limit".
 */

export const PEER_ADDRESS_HEADER = "x-hpp-peer-address";

const holder = globalThis as typeof globalThis & { __hppPeerAddressHook?: boolean };

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/** Methods Next.js cannot even turn into a Request (fetch forbids them) that reach a request handler. */
const UNREPRESENTABLE_METHODS = new Set(["TRACE"]);

function refuseMethod(request: http.IncomingMessage, response: http.ServerResponse): void {
  const nonce = generateNonce();
  const headers: Record<string, string> = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "private, no-store",
    Allow: ALLOWED_METHODS.join(", "),
    "Content-Security-Policy": buildContentSecurityPolicy(nonce, { dev: false }),
  };
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  request.resume();
  response.writeHead(METHOD_NOT_ALLOWED.status, headers);
  response.end(errorPageHtml(METHOD_NOT_ALLOWED, nonce));
}

function stamp(Server: { prototype: { emit: Emit } }): void {
  const original = Server.prototype.emit;
  Server.prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage | undefined;
      if (request?.method && UNREPRESENTABLE_METHODS.has(request.method.toUpperCase())) {
        refuseMethod(request, args[1] as http.ServerResponse);
        return true;
      }
      if (request?.headers) request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return original.call(this, event, ...args);
  };
}

/** Installs the hook once per process (Node.js runtime only; instrumentation.ts). */
export function installServerHook(): void {
  if (holder.__hppPeerAddressHook) return;
  stamp(http.Server as unknown as { prototype: { emit: Emit } });
  stamp(https.Server as unknown as { prototype: { emit: Emit } });
  holder.__hppPeerAddressHook = true;
}

/** The socket address stamped on this request, or null (hook not installed in this process, or none). */
export function peerAddressFrom(headers: { get(name: string): string | null }): string | null {
  if (!holder.__hppPeerAddressHook) return null;
  return headers.get(PEER_ADDRESS_HEADER)?.trim() || null;
}
