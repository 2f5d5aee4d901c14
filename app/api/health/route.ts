import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { getStore } from "@/lib/storage";

export const dynamic = "force-dynamic";

/**
 * Liveness and store reachability for load balancers and humans. Public on purpose: it reveals the kind of
 * store and whether it answers, never URLs, keys or user data.
 */
export async function GET() {
  const config = getConfig();
  const store = getStore();
  const started = Date.now();
  try {
    await store.ping();
    return NextResponse.json(
      { status: "ok", store: store.kind, sessions: config.session.mode, latencyMs: Date.now() - started },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    console.error(`[health] ${store.kind} store unreachable: ${reason}`);
    return NextResponse.json(
      {
        status: "unavailable",
        store: store.kind,
        sessions: config.session.mode,
        reason: `${store.kind} store unreachable`,
      },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } },
    );
  }
}
