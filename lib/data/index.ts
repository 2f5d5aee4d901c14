import "server-only";
import { getSessionSecrets } from "../config";
import { linkVaultFromSecrets } from "../party/link-vault";
import { getStore } from "../storage";
import { createOrganizerRepository } from "./organizers";
import { createPartyData, type PartyData } from "./party";

export type { Organizer, PublicOrganizer } from "./organizers";
export type { PartyData } from "./party";

export function getOrganizerRepository() {
  return createOrganizerRepository(getStore());
}

/** The party planner's repositories over the process-wide store; RSVP links sealed with the session secrets. */
export function getPartyData(): PartyData {
  return createPartyData(getStore(), linkVaultFromSecrets(getSessionSecrets()));
}
