import { z } from "zod";
import { timingSafeEqual } from "node:crypto";
import type { Organizer, OrganizerRepository } from "../data/organizers";
import { normalizeEmail } from "../data/organizers";
import type { Clock } from "../session/clock";
import type { AppStore } from "../storage/types";
import { createOneTimeLinks } from "./one-time-links";

/**
 * The records behind the two mailed links of accounts, with no Next.js in them (unit-tested over every store):
 *
 * - sign-in links (`sign-in-links:<sha256>`): 15 minutes, single use, bound to the browser that asked (the hash
 *   of its nonce cookie, lib/auth/link-nonce-cookie.ts) and to the address they were mailed to;
 * - email verification links (`email-verifications:<sha256>`): 24 hours, single use, for one address of one
 *   organizer (a link for an address changed since verifies nothing).
 */

export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
export const VERIFICATION_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const signInPayload = z.object({
  organizerId: z.string().min(1).max(64),
  email: z.string().min(3).max(254),
  nonceHash: hex64,
  rememberMe: z.boolean(),
});
export type SignInLinkPayload = z.infer<typeof signInPayload>;

const verificationPayload = z.object({
  organizerId: z.string().min(1).max(64),
  email: z.string().min(3).max(254),
});
export type VerificationPayload = z.infer<typeof verificationPayload>;

export function createSignInLinks(options: { store: AppStore; clock?: Clock }) {
  return createOneTimeLinks<SignInLinkPayload>({
    store: options.store,
    namespace: "sign-in-links",
    ttlMs: SIGN_IN_LINK_TTL_MS,
    payload: signInPayload,
    clock: options.clock,
  });
}

export function createEmailVerifications(options: { store: AppStore; clock?: Clock }) {
  return createOneTimeLinks<VerificationPayload>({
    store: options.store,
    namespace: "email-verifications",
    ttlMs: VERIFICATION_LINK_TTL_MS,
    payload: verificationPayload,
    clock: options.clock,
  });
}

export type SignInLinks = ReturnType<typeof createSignInLinks>;
export type EmailVerifications = ReturnType<typeof createEmailVerifications>;

export type SignInRefusal = "invalid" | "used" | "expired" | "other-browser";

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Uses a sign-in link opened by a browser holding `nonceHash`. The browser is checked BEFORE the link is used
 * up: a forwarded link opened elsewhere (or a mail scanner following it) is refused and leaves the link working
 * for the browser that asked. The organizer must still exist with the address the link was mailed to.
 */
export async function redeemSignInLink(
  links: SignInLinks,
  organizers: Pick<OrganizerRepository, "findById">,
  token: string,
  nonceHash: string | null,
): Promise<{ ok: true; organizer: Organizer; rememberMe: boolean } | { ok: false; reason: SignInRefusal }> {
  const peeked = await links.peek(token);
  if (!peeked.ok) return peeked;
  if (nonceHash === null || !sameHash(peeked.record.nonceHash, nonceHash))
    return { ok: false, reason: "other-browser" };
  const taken = await links.redeem(token);
  if (!taken.ok) return taken;
  if (!sameHash(taken.record.nonceHash, nonceHash)) return { ok: false, reason: "other-browser" };
  const organizer = await organizers.findById(taken.record.organizerId);
  if (!organizer || normalizeEmail(organizer.email) !== normalizeEmail(taken.record.email)) {
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, organizer, rememberMe: taken.record.rememberMe };
}

export type VerifyOutcome = "verified" | "invalid" | "used" | "expired" | "changed";

/** Uses a verification link: the organizer's address is verified if it is still the one the link went to. */
export async function redeemVerificationLink(
  links: EmailVerifications,
  organizers: Pick<OrganizerRepository, "markEmailVerified">,
  token: string,
  now: number,
): Promise<VerifyOutcome> {
  const taken = await links.redeem(token);
  if (!taken.ok) return taken.reason;
  const verified = await organizers.markEmailVerified(taken.record.organizerId, taken.record.email, now);
  return verified ? "verified" : "changed";
}
