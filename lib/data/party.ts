import type { AppStore } from "../storage/types";
import type { ReaderOptions } from "./collection";
import { createPartyDb, type PartyDb } from "./db";
import { createCohostRepository } from "./repo-cohosts";
import { createEventRepository } from "./repo-events";
import { createHouseholdRepository } from "./repo-households";
import { createInvitationRepository } from "./repo-invitations";
import { createPotluckRepository } from "./repo-potluck";
import { createRsvpRepository } from "./repo-rsvps";
import type { LinkVault } from "./invitations";
import { createOrganizerRepository } from "./organizers";

/** Every repository of the party planner over one store. */
export function createPartyData(store: AppStore, vault: LinkVault, options: ReaderOptions = {}) {
  const db: PartyDb = createPartyDb(store, vault, options);
  return {
    db,
    organizers: createOrganizerRepository(store, options),
    events: createEventRepository(db),
    households: createHouseholdRepository(db),
    invitations: createInvitationRepository(db),
    rsvps: createRsvpRepository(db),
    potluck: createPotluckRepository(db),
    cohosts: createCohostRepository(db),
  };
}

export type PartyData = ReturnType<typeof createPartyData>;
