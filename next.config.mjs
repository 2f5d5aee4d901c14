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
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
