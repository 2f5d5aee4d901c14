import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganizer } from "@/lib/auth";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const { organizer } = await requireOrganizer("/organizer/account");
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
      <section className="card section">
        <h2>Password</h2>
        <p className="muted">Changing your password keeps you signed in here and signs you out everywhere else.</p>
        <PasswordForm />
      </section>
    </>
  );
}
