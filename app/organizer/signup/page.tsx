import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { isSignedInOrStoreDown } from "@/lib/auth";
import { SiteHeader } from "../../site-header";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an organizer account" };

export default async function SignupPage() {
  if (await isSignedInOrStoreDown()) redirect("/organizer");
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Create an organizer account</h1>
          <SignupForm />
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
