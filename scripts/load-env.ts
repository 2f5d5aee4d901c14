import nextEnv from "@next/env";

/** CLIs see the same environment as the app: .env, .env.local, .env.development/.production, in Next's order. */
export function loadAppEnv(): void {
  const dev = process.env.NODE_ENV !== "production";
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
}
