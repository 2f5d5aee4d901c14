/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // ioredis and @upstash/redis are Node clients with their own connection handling: load them from
  // node_modules at runtime instead of bundling them.
  serverExternalPackages: ["ioredis", "bcryptjs"],
};

export default nextConfig;
