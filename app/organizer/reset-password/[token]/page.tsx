import type { Metadata } from "next";
import Link from "next/link";
import { checkResetToken } from "@/lib/auth";
import { SiteHeader } from "../../../site-header";
import { ResetPasswordForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = await checkResetToken(token);
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Choose a new password</h1>
          {valid ? (
            <>
              <p className="muted">Setting a new password signs you out everywhere, including this browser.</p>
              <ResetPasswordForm token={token} />
            </>
          ) : (
            <>
              <div className="alert error" role="alert">
                This reset link has expired or was already used.
              </div>
              <p>
                <Link href="/organizer/forgot-password" prefetch={false}>
                  Ask for a new link
                </Link>
              </p>
            </>
          )}
        </div>
      </main>
    </>
  );
}
