/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // ioredis opens its own sockets and bcryptjs is plain JS: load them from node_modules at runtime instead of
  // bundling them.
  serverExternalPackages: ["ioredis", "bcryptjs", "nodemailer"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
