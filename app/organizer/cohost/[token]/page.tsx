import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCurrentOrganizer } from "@/lib/auth";
import { openCohostInvite } from "@/lib/party";
import { SiteHeader } from "../../../site-header";
import { SubmitButton } from "../../../ui/submit-button";
import { LogoutButton } from "../../logout-button";
import { acceptCohostInviteAction } from "./actions";

export const metadata: Metadata = { title: "Co-host invitation", referrer: "no-referrer" };

const PROBLEMS: Record<string, string> = {
  expired: "This invitation has expired. Ask the event's owner to invite you again.",
  "wrong-address": "This invitation is for another address than the one you are signed in with.",
  full: "The event already has as many co-hosts as it can.",
  busy: "The planner was busy and nothing was changed. Please try again in a moment.",
  unavailable: "We couldn't reach our data service, so nothing was changed. Please try again in a minute.",
};

/**
 * The page a co-host invitation's mailed link opens. Public (proxy.ts lets it through), so that someone who
 * is not signed in learns how to accept: log in, or create an account with the invited address, and come back
 * here. Nothing changes on a GET: accepting is the button's POST.
 */
export default async function CohostInvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const [invite, signedIn] = await Promise.all([openCohostInvite(token), getCurrentOrganizer()]);
  if (!invite) notFound();
  const here = `/organizer/cohost/${encodeURIComponent(token)}`;
  const problem = typeof query.problem === "string" && Object.hasOwn(PROBLEMS, query.problem) ? query.problem : null;
  const sameAddress = signedIn !== null && signedIn.organizer.email.toLowerCase() === invite.email;
  return (
    <>
      <SiteHeader>{signedIn ? <LogoutButton /> : null}</SiteHeader>
      <main>
        <div className="card narrow" data-testid="cohost-accept">
          <h1>Co-host “{invite.eventTitle}”</h1>
          {problem ? (
            <div className="alert error" role="alert">
              {PROBLEMS[problem]}
            </div>
          ) : null}
          <p>
            You were invited, as <strong>{invite.email}</strong>, to co-host this event: edit it and manage its guests,
            invitations and potluck with its owner.
          </p>
          {invite.expired ? (
            <p className="alert error" role="alert">
              {PROBLEMS.expired}
            </p>
          ) : !signedIn ? (
            <p>
              <Link className="button" href={`/organizer/login?next=${encodeURIComponent(here)}`} prefetch={false}>
                Log in to accept
              </Link>{" "}
              <Link
                className="button secondary"
                href={`/organizer/signup?email=${encodeURIComponent(invite.email)}&next=${encodeURIComponent(here)}`}
                prefetch={false}
              >
                Create an account with {invite.email}
              </Link>
            </p>
          ) : sameAddress ? (
            <form action={acceptCohostInviteAction}>
              <input type="hidden" name="token" value={token} />
              <SubmitButton>Accept and open the event</SubmitButton>
            </form>
          ) : (
            <p className="alert info" role="status">
              You are signed in as {signedIn.organizer.email}. This invitation is for {invite.email}: log out, then log
              in (or create an account) with that address to accept it.
            </p>
          )}
        </div>
      </main>
    </>
  );
}
