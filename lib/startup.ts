import "server-only";
import { ConfigError, cronSecretWarning, getConfig, getSessionSecrets, requireAppUrl } from "./config";
import { ensureDataVersion, DataVersionError } from "./data/data-version";
import { getStore } from "./storage";
import type { AppStore } from "./storage/types";

function describeClientAddress(source: ReturnType<typeof getConfig>["clientAddress"]): string {
  if (source.kind === "vercel") return "Vercel's header";
  if (source.kind === "socket") return "the socket (TRUSTED_PROXY_HOPS=0)";
  return `X-Forwarded-For, ${source.hops} trusted prox${source.hops === 1 ? "y" : "ies"}`;
}

export async function checkEnvironmentAtStartup(): Promise<void> {
  try {
    const config = getConfig();
    const secrets = getSessionSecrets();
    const appUrl = requireAppUrl(config);
    const cronWarning = cronSecretWarning(config);
    if (cronWarning) console.warn(`[config] ${cronWarning}`);
    const store = getStore();
    console.info(
      `[startup] store: ${store.description}; sessions: ${config.session.mode}` +
        `; secret: ${secrets.source === "generated" ? "development secret from .env.local" : `SESSION_SECRET (${Object.keys(secrets.unseal).length} key(s))`}` +
        `; cookie: ${config.session.cookieName}${config.session.cookieSecure ? " (Secure)" : ""}` +
        `; links: ${appUrl ?? "the request's host (development)"}` +
        `; client address: ${describeClientAddress(config.clientAddress)}`,
    );
    if (store.kind !== "fs") {
      // Reported, not fatal: the store may come up after the app, and requests answer 503 until it does.
      await store
        .ping()
        .catch((error: unknown) =>
          console.error(`[startup] ${store.kind} store not reachable yet: ${(error as Error).message}`),
        );
    }
    await prepareData(store);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n[config] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Brings the party data to this app's version before the first request (a store written by older code is
 * migrated once, with a log line). A store written by a newer version stops the server. When the store cannot
 * be reached, the server starts anyway: the repositories check again on first use, and answer 503 until then.
 */
async function prepareData(store: AppStore): Promise<void> {
  try {
    await ensureDataVersion(store);
  } catch (error) {
    if (error instanceof DataVersionError) {
      console.error(`\n[data] ${error.message}\n`);
      process.exit(1);
    }
    console.error(
      `[data] could not check the party data version (${(error as Error).message}); it is checked again on first use. ` +
        "To migrate by hand: npm run data -- migrate",
    );
  }
}
