import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "../../site-header";
import { ForgotPasswordForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Forgot your password?</h1>
          <p className="muted">
            Enter the email address of your organizer account and we will send you a link to choose a new password.
          </p>
          <ForgotPasswordForm />
          <p className="form-links">
            <Link href="/organizer/login" prefetch={false}>
              Back to log in
            </Link>
          </p>
        </div>
      </main>
    </>
  );
}
