/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // ioredis opens its own sockets and bcryptjs is plain JS: load them from node_modules at runtime instead of
  // bundling them.
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
