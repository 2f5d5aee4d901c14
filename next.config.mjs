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
    // Next's default, kept on purpose (bench sections 6 and 9, quiet machine, 2026-12-02): after `next start`
    // opens its port it requires every route's modules in the background, on the thread that serves the first
    // requests, so the first signed-in dashboard takes 0.54-0.65 s (cold start 1.06 s, target 1.5 s); with it off
    // that was 0.30 s (0.62 s), but routes then loaded under traffic left the process 13-22% larger for good
    // (RSS after 100,000 requests 227-241 MB against 211 MB with the preload). Vercel never preloads.
    preloadEntriesOnStart: true,
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
