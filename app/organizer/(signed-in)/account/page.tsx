import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganizer, VERIFY_MESSAGES } from "@/lib/auth";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { organizer } = await requireOrganizer("/organizer/account");
  // Where a verification link (app/organizer/verify-email/[token]) landed.
  const { verify } = await searchParams;
  const verifyMessage =
    typeof verify === "string" && Object.hasOwn(VERIFY_MESSAGES, verify)
      ? VERIFY_MESSAGES[verify as keyof typeof VERIFY_MESSAGES]
      : null;
  const verified = organizer.emailVerifiedAt !== null;
  return (
    <>
      <h1>Your account</h1>
      <p>
        <Link href="/organizer/account/sessions">Your sessions</Link>
        <span className="muted"> · see where you are signed in and sign out other devices</span>
      </p>
      <section className="card section">
        <h2>Name and email</h2>
        <ProfileForm
          initialValues={{ firstName: organizer.firstName, lastName: organizer.lastName, email: organizer.email }}
        />
      </section>
      <section className="card section" aria-labelledby="email-verification">
        <h2 id="email-verification">Email verification</h2>
        {verifyMessage ? (
          <div className={`alert ${verify === "verified" ? "success" : "error"}`} role="status">
            {verifyMessage}
          </div>
        ) : null}
        <p data-testid="email-status">
          {organizer.email}: <strong>{verified ? "Verified" : "Not verified"}</strong>
        </p>
        {verified ? (
          <p className="muted">Invitations sent to this address show on your dashboard.</p>
        ) : (
          <>
            <p className="muted">
              Confirm your address with a link we mail to it, so invitations sent to it show on your dashboard.
            </p>
            <VerifyEmailForm />
          </>
        )}
      </section>
      <section className="card section">
        <h2>Password</h2>
        <p className="muted">Changing your password keeps you signed in here and signs you out everywhere else.</p>
        <PasswordForm />
      </section>
    </>
  );
}
