import "server-only";
import { getOrganizerRepository } from "../data";
import type { Result } from "../errors";
import { sendMail } from "../mail";
import { currentDevice } from "./device-cookie";
import { clearLinkNonce, currentLinkNonceHash, linkNonceHashForRequest } from "./link-nonce-cookie";
import { getEmailVerifications, getSignInLinks, getThrottle } from "./services";
import { completeSignIn } from "./sign-in";
import { redeemSignInLink, redeemVerificationLink, type SignInRefusal, type VerifyOutcome } from "./sign-in-links";
import { throttleMessage } from "./throttle";

/**
 * The account flows of mailed links: signing in by a link, and verifying an organizer's address.
 *
 * Their mails go straight to the transport (like password reset mails), not through the party mail queue:
 * a queued mail is a record in the store, and these carry a bearer token that must exist only as a hash there.
 * Whether an address has an account is decided after the response (the action runs `send` in next/server's
 * after()), so the answer and its timing are the same either way.
 */

/** Asking for a link is refused only by the throttle (the message says when to try again). */
type LinkRequest = Result<{ send: (origin: string) => Promise<void> }, "throttled">;

/**
 * "Email me a sign-in link": counted like a log-in (per address typed and per client address, whether or not
 * it has an account), and this browser gets the nonce the link will be bound to. `send` mails the link if the
 * address has an account, and does nothing otherwise.
 */
export async function requestSignInLink(email: string, rememberMe: boolean, address: string): Promise<LinkRequest> {
  const admitted = await getThrottle().admit("link", [
    { kind: "email", value: email },
    { kind: "address", value: address },
  ]);
  if (!admitted.allowed) return { ok: false, reason: "throttled", message: throttleMessage("link", admitted) };
  const nonceHash = await linkNonceHashForRequest();
  return { ok: true, value: { send: (origin) => sendSignInLinkMail(email, rememberMe, nonceHash, origin) } };
}

async function sendSignInLinkMail(email: string, rememberMe: boolean, nonceHash: string, origin: string) {
  const organizer = await getOrganizerRepository().findByEmail(email);
  if (!organizer) return;
  const { token } = await getSignInLinks().issue({
    organizerId: organizer.id,
    email: organizer.email,
    nonceHash,
    rememberMe,
  });
  const link = `${origin}/organizer/login/link/${token}`;
  await sendMail(
    {
      to: organizer.email,
      subject: "Your Holiday Party Planner sign-in link",
      text:
        `Hello ${organizer.firstName},\n\nTo sign in to Holiday Party Planner, open this link within 15 minutes, ` +
        `in the same browser where you asked for it:\n\n${link}\n\nThe link works once. If you did not ask for ` +
        `it, ignore this message: nobody can sign in with it from another browser.\n`,
    },
    { logLine: `sign-in link for ${organizer.email}: ${link}` },
  );
}

export const SIGN_IN_REFUSALS: Record<SignInRefusal, string> = {
  invalid: "This sign-in link is not valid. Ask for a new one below.",
  used: "This sign-in link was already used. Each link works once: ask for a new one below.",
  expired: "This sign-in link has expired: links work for 15 minutes. Ask for a new one below.",
  "other-browser":
    "This sign-in link was asked for in another browser, and only works there. Ask for a new one from this browser below.",
};

/** Opens a sign-in link in this browser: on success a new session exactly like a password log-in. */
export async function signInWithLink(
  token: string,
  network: string | null,
): Promise<{ ok: true } | { ok: false; reason: SignInRefusal }> {
  const redeemed = await redeemSignInLink(
    getSignInLinks(),
    getOrganizerRepository(),
    token,
    await currentLinkNonceHash(),
  );
  if (!redeemed.ok) return redeemed;
  await completeSignIn(redeemed.organizer, {
    rememberMe: redeemed.rememberMe,
    network,
    device: await currentDevice(),
  });
  await clearLinkNonce();
  return { ok: true };
}

/**
 * "Send verification link" on the account page: counted per organizer (and address). `send` mails a link to
 * the organizer's current address unless it is verified already.
 */
export async function requestVerificationLink(organizerId: string, address: string): Promise<LinkRequest> {
  const admitted = await getThrottle().admit("verify", [
    { kind: "organizer", value: organizerId },
    { kind: "address", value: address },
  ]);
  if (!admitted.allowed) return { ok: false, reason: "throttled", message: throttleMessage("verify", admitted) };
  return { ok: true, value: { send: (origin) => sendVerificationMail(organizerId, origin) } };
}

/** Mails a verification link to the organizer's current address (at sign-up, on an email change, on demand). */
export async function sendVerificationMail(organizerId: string, origin: string): Promise<void> {
  const organizer = await getOrganizerRepository().findById(organizerId);
  if (!organizer || organizer.emailVerifiedAt !== null) return;
  const { token } = await getEmailVerifications().issue({ organizerId: organizer.id, email: organizer.email });
  const link = `${origin}/organizer/verify-email/${token}`;
  await sendMail(
    {
      to: organizer.email,
      subject: "Confirm your Holiday Party Planner email address",
      text:
        `Hello ${organizer.firstName},\n\nTo confirm that ${organizer.email} is your address, open this link ` +
        `within 24 hours:\n\n${link}\n\nOnce it is confirmed, invitations sent to this address show on your ` +
        `dashboard. If you did not create an account, ignore this message.\n`,
    },
    { logLine: `email verification link for ${organizer.email}: ${link}` },
  );
}

export const VERIFY_MESSAGES: Record<VerifyOutcome, string> = {
  verified: "Your email address is verified.",
  invalid: "This verification link is not valid. Send yourself a new one below.",
  used: "This verification link was already used. If your address still shows as not verified, send a new one.",
  expired: "This verification link has expired: links work for 24 hours. Send yourself a new one below.",
  changed: "This verification link was for an address your account no longer uses. Send a new one below.",
};

export async function verifyEmail(token: string): Promise<VerifyOutcome> {
  return redeemVerificationLink(getEmailVerifications(), getOrganizerRepository(), token, Date.now());
}
