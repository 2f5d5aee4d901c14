import "server-only";
import { getOrganizerRepository } from "../data";
import type { Failure, Result } from "../errors";
import type { Organizer } from "../data/organizers";
import { sendMail } from "../mail";
import { endOrganizerSessions } from "../session";
import type { SignupInput } from "./account-schemas";
import { sendVerificationMail } from "./email-links";
import { authenticateOrganizer } from "./login";
import { BcryptWorkerError, hashPassword, verifyPassword } from "./password";
import { knowsAccount, type Device } from "./device";
import { getPasswordResets, getThrottle } from "./services";
import { throttleMessage, type Subject } from "./throttle";

/**
 * The account flows behind the pages: sign-up, log-in with throttling, profile and password changes, and
 * password reset. Server Actions parse input and call these; these know nothing of forms or cookies (the
 * action that signs someone in calls startSession itself).
 */

/**
 * Why an account flow said no. "throttled": refused by the throttle (not a wrong password), so the login page can
 * point to "Forgot password?". Every refusal carries a message for the form.
 */
export type AccountRefusal =
  | "throttled"
  | "invalid-credentials"
  | "password-check-failed"
  | "email-taken"
  | "wrong-password"
  | "no-account"
  | "changed-elsewhere"
  | "link-used";

type AccountResult<T> = Result<T, AccountRefusal>;

function refuse(reason: AccountRefusal, message: string, field?: string): Failure<AccountRefusal> {
  return field ? { ok: false, reason, message, field } : { ok: false, reason, message };
}

export const EMAIL_TAKEN_SIGNUP = "An account with this email address already exists. Log in, or reset its password.";
export const INVALID_CREDENTIALS = "Invalid email or password";
const WRONG_CURRENT_PASSWORD = "That is not your current password";
/** When the bcrypt worker thread died during the call (see lib/auth/bcrypt-pool.ts): rare, and worth a retry. */
export const PASSWORD_CHECK_FAILED =
  "Something went wrong on our side while processing the password. Please try again.";

/**
 * Runs a hash or compare; a bcrypt worker that died meanwhile (BcryptWorkerError) becomes `{ ok: false }`, so the
 * form shows a message instead of the error page. Other errors (the store being down) go on to the action.
 */
async function passwordWork<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof BcryptWorkerError) return { ok: false };
    throw error;
  }
}

/**
 * Log-in with the throttle (lib/auth/throttle.ts). A browser that signed in to this email before (`device`) is
 * judged on its own allowance, so failures from elsewhere cannot lock its owner out; any other browser on the
 * email's allowance and the address's. Only a password check that failed is counted, after it failed.
 */
export async function logInWithThrottle(
  email: string,
  password: string,
  address: string,
  device: Device | null = null,
): Promise<AccountResult<Organizer>> {
  const fromAddress: Subject = { kind: "address", value: address };
  const begun = knowsAccount(device, email)
    ? await getThrottle().beginLogin(
        [{ kind: "device", value: `${device!.id}:${email.trim().toLowerCase()}` }],
        [fromAddress],
      )
    : await getThrottle().beginLogin([{ kind: "email", value: email }, fromAddress]);
  if (!begun.allowed) return refuse("throttled", throttleMessage("login", begun));
  // A dead bcrypt worker gets the same generic answer as a wrong password, never a 500; it gave no verdict on
  // the password, so nothing is counted.
  const checked = await passwordWork(() => authenticateOrganizer(email, password));
  if (!checked.ok) return refuse("invalid-credentials", INVALID_CREDENTIALS);
  const organizer = checked.value;
  if (!organizer) {
    const refused = await begun.attempt.failed();
    return refused
      ? refuse("throttled", throttleMessage("login", refused))
      : refuse("invalid-credentials", INVALID_CREDENTIALS);
  }
  const refused = await begun.attempt.succeeded();
  if (refused) return refuse("throttled", throttleMessage("login", refused));
  return { ok: true, value: organizer };
}

/**
 * Every sign-up attempt counts (per email and per address): the answer for a taken email is the one thing
 * sign-up must reveal, so how often it can be asked is limited. The password is hashed before the email is
 * looked at, so a taken email answers no faster than a free one.
 */
export async function signUp(input: SignupInput, address: string): Promise<AccountResult<Organizer>> {
  const admitted = await getThrottle().admit("signup", [
    { kind: "email", value: input.email },
    { kind: "address", value: address },
  ]);
  if (!admitted.allowed) return refuse("throttled", throttleMessage("signup", admitted));
  const hashed = await passwordWork(() => hashPassword(input.password));
  if (!hashed.ok) return refuse("password-check-failed", PASSWORD_CHECK_FAILED);
  const passwordHash = hashed.value;
  const created = await getOrganizerRepository().create({
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    passwordHash,
  });
  if (!created.ok) return refuse("email-taken", EMAIL_TAKEN_SIGNUP, "email");
  return { ok: true, value: created.organizer };
}

/**
 * Checks the signed-in organizer's current password. Wrong answers count against an allowance of the
 * organizer's own (and the address's), so a stolen session cannot be used to guess the password without limit,
 * while failures of strangers at the login page never stop the owner from changing their password.
 */
async function confirmCurrentPassword(
  organizer: Organizer,
  password: string,
  address: string,
): Promise<AccountResult<true>> {
  const begun = await getThrottle().beginLogin(
    [{ kind: "organizer", value: organizer.id }],
    [{ kind: "address", value: address }],
  );
  if (!begun.allowed) return refuse("throttled", throttleMessage("login", begun), "currentPassword");
  const checked = await passwordWork(() => verifyPassword(password, organizer.passwordHash));
  if (!checked.ok) return refuse("password-check-failed", PASSWORD_CHECK_FAILED);
  if (!checked.value) {
    const refused = await begun.attempt.failed();
    return refused
      ? refuse("throttled", throttleMessage("login", refused), "currentPassword")
      : refuse("wrong-password", WRONG_CURRENT_PASSWORD, "currentPassword");
  }
  const refused = await begun.attempt.succeeded();
  if (refused) return refuse("throttled", throttleMessage("login", refused), "currentPassword");
  return { ok: true, value: true };
}

/** `origin`: where the verification link for a new address points (requestInfo's origin). */
export async function updateProfile(
  organizerId: string,
  input: { firstName: string; lastName: string; email: string; currentPassword: string },
  address: string,
  origin?: string,
): Promise<AccountResult<{ organizer: Organizer; emailChanged: boolean }>> {
  const organizers = getOrganizerRepository();
  const current = await organizers.findById(organizerId);
  if (!current) return refuse("no-account", "Your account no longer exists.");
  const emailChanged = current.email.toLowerCase() !== input.email.trim().toLowerCase();
  if (emailChanged) {
    if (!input.currentPassword) {
      return refuse("wrong-password", "Enter your current password to change your email address", "currentPassword");
    }
    const confirmed = await confirmCurrentPassword(current, input.currentPassword, address);
    if (!confirmed.ok) return confirmed;
    const moved = await organizers.changeEmail(organizerId, input.email);
    if (!moved.ok) {
      return moved.reason === "email-taken"
        ? refuse("email-taken", "This email address is already used by another account", "email")
        : refuse("no-account", "Your account no longer exists.");
    }
    // The previous address hears about it: if this was not its owner, they can act before it is too late.
    await sendMail({
      to: current.email,
      subject: "Your Holiday Party Planner email address was changed",
      text:
        `Hello ${current.firstName},\n\nThe email address of your Holiday Party Planner account was changed from ` +
        `${current.email} to ${moved.organizer.email}.\n\nIf you did not do this, reply to this message at once.\n`,
    }).catch((error: unknown) =>
      console.error(`[mail] could not send the email-change notice: ${(error as Error).message}`),
    );
    // The new address is unverified (changeEmail cleared it): it gets its own verification link.
    if (origin) {
      await sendVerificationMail(organizerId, origin).catch((error: unknown) =>
        console.error(`[mail] could not send the verification link: ${(error as Error).message}`),
      );
    }
  }
  const updated = await organizers.updateName(organizerId, input);
  if (!updated) return refuse("no-account", "Your account no longer exists.");
  return { ok: true, value: { organizer: updated, emailChanged } };
}

/**
 * Sets a new password after checking the current one. Writes only if the password is still the one just
 * checked, so two concurrent changes cannot both believe they won. The caller then reissues this browser's
 * session and ends the others (changePasswordAndSessions in the action).
 */
export async function changePassword(
  organizerId: string,
  input: { currentPassword: string; password: string },
  address: string,
): Promise<AccountResult<Organizer>> {
  const organizers = getOrganizerRepository();
  const current = await organizers.findById(organizerId);
  if (!current) return refuse("no-account", "Your account no longer exists.");
  const confirmed = await confirmCurrentPassword(current, input.currentPassword, address);
  if (!confirmed.ok) return confirmed;
  const hashed = await passwordWork(() => hashPassword(input.password));
  if (!hashed.ok) return refuse("password-check-failed", PASSWORD_CHECK_FAILED);
  const updated = await organizers.setPasswordHash(organizerId, hashed.value, {
    expectedHash: current.passwordHash,
  });
  if (!updated)
    return refuse(
      "changed-elsewhere",
      "Your password was changed elsewhere a moment ago. Reload the page and try again.",
    );
  return { ok: true, value: updated };
}

/** Ends every session of an organizer except one; returns how many ended. */
export async function endOtherSessions(
  organizerId: string,
  keepSessionId: string,
  reason: "organizer" | "password-change",
) {
  return endOrganizerSessions(organizerId, reason, { exceptSessionId: keepSessionId });
}

/**
 * Counts a reset request against the limits. Whether the email exists is decided later, off the response
 * path (sendResetMail, run after the response), so the answer and its timing are the same either way.
 */
export async function admitResetRequest(email: string, address: string): Promise<AccountResult<true>> {
  const admitted = await getThrottle().admit("reset", [
    { kind: "email", value: email },
    { kind: "address", value: address },
  ]);
  if (!admitted.allowed) return refuse("throttled", throttleMessage("reset", admitted));
  return { ok: true, value: true };
}

export async function sendResetMail(email: string, origin: string): Promise<void> {
  const organizer = await getOrganizerRepository().findByEmail(email);
  if (!organizer) return;
  const { token } = await getPasswordResets().issue(organizer);
  const link = `${origin}/organizer/reset-password/${token}`;
  await sendMail(
    {
      to: organizer.email,
      subject: "Reset your Holiday Party Planner password",
      text:
        `Hello ${organizer.firstName},\n\nSomeone (hopefully you) asked to reset the password of your Holiday Party ` +
        `Planner account. To choose a new password, open this link within 30 minutes:\n\n${link}\n\n` +
        `The link works once. If you did not ask for it, ignore this message: your password stays as it is.\n`,
    },
    { logLine: `password reset link for ${organizer.email}: ${link}` },
  );
}

export async function checkResetToken(token: string): Promise<boolean> {
  return (await getPasswordResets().peek(token)) !== null;
}

/** Uses a reset link: sets the password and ends every session of that organizer. */
export async function resetPassword(token: string, password: string): Promise<AccountResult<Organizer>> {
  const hashed = await passwordWork(() => hashPassword(password));
  if (!hashed.ok) return refuse("password-check-failed", PASSWORD_CHECK_FAILED);
  const organizer = await getPasswordResets().redeem(token, hashed.value);
  if (!organizer) {
    return refuse("link-used", "This reset link has expired or was already used. Ask for a new one.");
  }
  await endOrganizerSessions(organizer.id, "password-reset");
  return { ok: true, value: organizer };
}
