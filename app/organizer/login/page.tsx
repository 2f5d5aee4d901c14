import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { isSignedInOrStoreDown, safeNextPath, SIGN_IN_REFUSALS } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { SiteHeader } from "../../site-header";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Organizer log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const rawNext = typeof params.next === "string" ? params.next : undefined;
  const next = rawNext ? safeNextPath(rawNext) : undefined;
  if (await isSignedInOrStoreDown()) redirect(next ?? "/organizer");
  // A refused sign-in link (app/organizer/login/link/[token]) says why here, above the form to ask again.
  const linkRefusal =
    typeof params.link === "string" && Object.hasOwn(SIGN_IN_REFUSALS, params.link)
      ? SIGN_IN_REFUSALS[params.link as keyof typeof SIGN_IN_REFUSALS]
      : null;

  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Organizer log in</h1>
          {params.signedOut === "1" ? (
            <div className="alert success" role="status">
              You have been logged out.
            </div>
          ) : null}
          {params.expired === "1" ? (
            <div className="alert info" role="status">
              Your session has ended. Please log in again.
            </div>
          ) : null}
          {params.reset === "1" ? (
            <div className="alert success" role="status">
              Your password has been changed and every session was signed out. Log in with your new password.
            </div>
          ) : null}
          {linkRefusal ? (
            <div className="alert error" role="alert" data-testid="link-refused">
              {linkRefusal}
            </div>
          ) : null}
          <LoginForm next={next} />
          <p className="form-links">
            <Link href="/organizer/forgot-password" prefetch={false}>
              Forgot password?
            </Link>
            <span>
              New here?{" "}
              <Link href="/organizer/signup" prefetch={false}>
                Create an account
              </Link>
            </span>
          </p>
          {getConfig().isProduction ? null : (
            <p className="muted small-print">
              Trying it out? Use the demo organizer <strong>john.smith@example.com</strong> with password{" "}
              <strong>password123</strong>.
            </p>
          )}
        </div>
      </main>
    </>
  );
}
