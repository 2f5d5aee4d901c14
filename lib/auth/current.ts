import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getOrganizerRepository } from "../data";
import { loginPathFor } from "./paths";
import { toPublicOrganizer, type PublicOrganizer } from "../data/organizers";
import { getCurrentSession, type SessionRecord } from "../session";
import { isStoreTrouble } from "../errors";

export interface SignedIn {
  organizer: PublicOrganizer;
  session: SessionRecord;
}

/** The signed-in organizer of this request, or null (no session, or its organizer no longer exists). */
export const getCurrentOrganizer = cache(async (): Promise<SignedIn | null> => {
  const session = await getCurrentSession();
  if (!session) return null;
  const organizer = await getOrganizerRepository().findById(session.organizerId);
  return organizer ? { organizer: toPublicOrganizer(organizer), session } : null;
});

export { loginPathFor };

/**
 * For public pages (log-in, sign-up) that send a signed-in visitor on: with the store unreachable the
 * visitor counts as signed out, so the form still renders and its action explains the outage.
 */
export async function isSignedInOrStoreDown(): Promise<boolean> {
  try {
    return (await getCurrentOrganizer()) !== null;
  } catch (error) {
    if (isStoreTrouble(error)) return false;
    throw error;
  }
}

/**
 * For every organizer page, Server Action and Route Handler: the signed-in organizer, or a redirect to the
 * login page that brings the user back to `returnTo`. Each caller checks for itself; the layout is not a
 * security boundary (Server Actions are POSTs that never render it).
 */
export async function requireOrganizer(returnTo = "/organizer"): Promise<SignedIn> {
  const signedIn = await getCurrentOrganizer();
  if (!signedIn) redirect(loginPathFor(returnTo));
  return signedIn;
}
