import { readFileSync } from "node:fs";

// One list for Next's responses (below) and for the few answers given before Next sees a request
// (lib/security/server-hook.ts).
const STATIC_SECURITY_HEADERS = JSON.parse(readFileSync(new URL("./lib/security/static-headers.json", import.meta.url), "utf8"));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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
