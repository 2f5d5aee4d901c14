import { readFileSync } from "node:fs";

// One list for Next's responses (below) and for the few answers given before Next sees a request
// (lib/security/server-hook.ts).
const STATIC_SECURITY_HEADERS = JSON.parse(
  readFileSync(new URL("./lib/security/static-headers.json", import.meta.url), "utf8"),
);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // next dev refuses its live-reload websocket (and other dev resources) to pages on any host but localhost;
  // http://127.0.0.1:3000 is the same machine, so allow it too. Dev only: `next start` ignores this.
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // Off: Turbopack's persistent `next dev` cache (.next/dev/cache, on by default since Next 16.1) is what sent
    // open tabs into an endless reload loop after a dev server restart (issue 15): with the cache restored, every
    // subscription to the shared runtime chunk list gets a Turbopack "restart" update at once, and since Next
    // 16.4 forwards such a first update to the browser (vercel/next.js#98385) plus "HMR hash mismatch" reloads
    // (#97966), each reload triggers the next. Without the cache a restart recompiles the routes it serves
    // (a few seconds each here) and an open tab reloads once. Revisit when Next fixes it upstream:
    // e2e/dev-reload.spec.ts fails when it comes back. Details in the README (Troubleshooting).
    turbopackFileSystemCacheForDev: false,
    // Off: after `next start` opens its port, Next requires every route's modules in the background (all ~50
    // routes here), on the same thread as the first requests, so the first dashboard waited for routes it does
    // not use (measured: first request 570-800 ms with it, 410-510 ms without; bench section 9). Each route now
    // loads on its first request, as it always does on Vercel (minimal mode never preloads).
    preloadEntriesOnStart: false,
  },
  // ioredis opens its own sockets: load it from node_modules at runtime instead of bundling it. bcryptjs must
  // stay there too: the bcrypt worker thread (lib/auth/bcrypt-pool.ts) imports it from node_modules by path at
  // run time, and being external keeps it in the output file tracing of every route that logs in.
  serverExternalPackages: ["ioredis", "bcryptjs", "nodemailer"],
  // Read at run time with fs (lib/auth/common-passwords.ts): traced deployments must carry the file.
  outputFileTracingIncludes: { "/**": ["./lib/auth/common-passwords.txt"] },
  // The Content-Security-Policy is set per response in proxy.ts (it carries a nonce); these are static.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: STATIC_SECURITY_HEADERS,
      },
    ];
  },
};

export default nextConfig;
