import "server-only";
import { getOrganizerRepository } from "../data";
import type { Organizer } from "../data/organizers";
import { verifyPassword } from "./password";

/**
 * Email and password to an organizer, or null. Unknown emails cost one bcrypt comparison just like known
 * ones, and the caller shows one message for both: no account enumeration by wording or timing.
 */
export async function authenticateOrganizer(email: string, password: string): Promise<Organizer | null> {
  const organizer = await getOrganizerRepository().findByEmail(email);
  const ok = await verifyPassword(password, organizer?.passwordHash ?? null);
  return ok ? organizer : null;
}
