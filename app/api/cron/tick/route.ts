import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { tickNow } from "@/lib/jobs";
import { isStoreTrouble } from "@/lib/errors";

export const dynamic = "force-dynamic";

function authorized(request: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Runs the scheduled work that is due (reminders, then the mail queue). Vercel Cron calls it with
 * `Authorization: Bearer $CRON_SECRET`; anyone else gets 401. Safe to call twice or on two instances at once.
 */
export async function GET(request: Request) {
  if (!authorized(request, getConfig().cronSecret)) {
    return NextResponse.json({ error: "unauthorized" }, { status: 401, headers: { "Cache-Control": "no-store" } });
  }
  try {
    const report = await tickNow();
    return NextResponse.json({ status: "ok", ...report }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!isStoreTrouble(error)) throw error;
    console.error(`[jobs] tick: store trouble: ${(error as Error).message}`);
    return NextResponse.json(
      { status: "unavailable" },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "30" } },
    );
  }
}
