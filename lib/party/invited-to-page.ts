import "server-only";
import { requireOrganizer } from "../auth/current";
import { getPartyData } from "../data";
import { loadInvitedTo, type InvitedToCard } from "./invited-to";

/**
 * The dashboard's "Events I'm invited to" section, for the signed-in organizer only (their own session decides
 * whose address is looked up; the organizer read is the request's shared, cached one).
 */
export async function requireInvitedTo(options: { now: number }): Promise<InvitedToCard[]> {
  const { organizer } = await requireOrganizer("/organizer");
  return loadInvitedTo(getPartyData(), organizer, options.now);
}
