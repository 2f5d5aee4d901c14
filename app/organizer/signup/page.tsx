import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { isSignedInOrStoreDown, safeNextPath } from "@/lib/auth";
import { SiteHeader } from "../../site-header";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an organizer account" };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? safeNextPath(params.next) : undefined;
  // Prefilled only (the form validates it like any typed address); from a co-host invitation's page.
  const email = typeof params.email === "string" ? params.email.slice(0, 254) : undefined;
  if (await isSignedInOrStoreDown()) redirect(next ?? "/organizer");
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Create an organizer account</h1>
          <SignupForm email={email} next={next} />
          <p className="form-links">
            <span>
              Already have an account?{" "}
              <Link href="/organizer/login" prefetch={false}>
                Log in
              </Link>
            </span>
          </p>
        </div>
      </main>
    </>
  );
}
