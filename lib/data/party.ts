import type { AppStore } from "../storage/types";
import { createEventRepository } from "./events";
import { createHouseholdRepository } from "./households";
import { createInvitationRepository, type LinkVault } from "./invitations";
import { createOrganizerRepository } from "./organizers";
import { createPotluckRepository } from "./potluck";
import { createRsvpRepository } from "./rsvps";

/** Every repository of the party planner over one store. */
export function createPartyData(store: AppStore, vault: LinkVault) {
  return {
    organizers: createOrganizerRepository(store),
    events: createEventRepository(store),
    households: createHouseholdRepository(store),
    invitations: createInvitationRepository(store, vault),
    rsvps: createRsvpRepository(store),
    potluck: createPotluckRepository(store),
  };
}

export type PartyData = ReturnType<typeof createPartyData>;
