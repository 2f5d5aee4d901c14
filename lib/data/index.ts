import "server-only";
import { getStore } from "../storage";
import { createOrganizerRepository } from "./organizers";

export type { Organizer, PublicOrganizer } from "./organizers";

export function getOrganizerRepository() {
  return createOrganizerRepository(getStore());
}
