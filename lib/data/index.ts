import "server-only";
import { getSessionSecrets } from "../config";
import { linkVaultFromSecrets } from "./link-vault";
import { getStore } from "../storage";
import { StoreUnavailableError } from "../errors";
import { dataReady, DataVersionError } from "./data-version";
import { createOrganizerRepository } from "./organizers";
import { createPartyData, type PartyData } from "./party";

export type { Organizer, PublicOrganizer } from "./organizers";
export type { PartyData } from "./party";
export { DIETARY_LABELS, DIETARY_TAGS } from "./dietary";
export {
  answersCloseAt,
  EVENT_CHANGED_MESSAGE,
  EVENT_STATUSES,
  eventInputSchema,
  eventToFormFields,
  isPast,
  type EventFormFields,
  type EventStatus,
  type PartyEvent,
} from "./events";
export { householdInputSchema, personInputSchema, personName, type Person } from "./households";
export { CATEGORY_LABELS, claimInputSchema, POTLUCK_CATEGORIES, potluckItemInputSchema } from "./potluck";
export { guestAnswersInputSchema, hostAnswerInputSchema, RESPONSE_LABELS } from "./rsvps";

/**
 * Every read of the app's repositories first makes sure this process has seen the store at the current data
 * version (one read, once; a migration if the store is older, normally done at start already). A store of a
 * newer version is refused with a 503 and a log line rather than misread.
 */
async function ready(): Promise<void> {
  try {
    await dataReady(getStore());
  } catch (error) {
    if (error instanceof DataVersionError) {
      console.error(`[data] ${error.message}`);
      throw new StoreUnavailableError(error.message, { cause: error });
    }
    throw error;
  }
}

export function getOrganizerRepository() {
  return createOrganizerRepository(getStore(), { ready });
}

/** The party planner's repositories over the process-wide store; RSVP links sealed with the session secrets. */
export function getPartyData(): PartyData {
  return createPartyData(getStore(), linkVaultFromSecrets(getSessionSecrets()), { ready });
}
export type { EventInput } from "./events";
export type { Invitation } from "./invitations";
export { plusOnesAllowedInputSchema } from "./invitations";
export { MAX_PLUS_ONES } from "./people";
export { isId } from "./records";
export { nextYearFormFields } from "./events";
export { organizerName } from "./organizers";
export { pastDateWarnings } from "./events";
export { announcementInputSchema, commentInputSchema } from "./messages";
export { cohostInviteInputSchema, cohostInviteState, type CohostInvite, type CohostInviteState } from "./cohosts";
export { eventRole, type Cohost, type EventRole } from "./events";
