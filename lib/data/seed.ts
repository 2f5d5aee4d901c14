import { hashPassword } from "../auth/password";
import type { AppStore } from "../storage/types";
import { createOrganizerRepository } from "./organizers";

export const DEMO_PASSWORD = "password123";

export const DEMO_ORGANIZERS = [
  { email: "john.smith@example.com", firstName: "John", lastName: "Smith" },
  { email: "jane.smith@example.com", firstName: "Jane", lastName: "Smith" },
] as const;

export interface SeedReport {
  created: string[];
  existing: string[];
}

/**
 * Writes the demo organizers into a store. Idempotent: what exists (by email) is left exactly as it is, so
 * re-seeding never resets a password or anything an organizer changed.
 */
export async function seedDemoData(store: AppStore): Promise<SeedReport> {
  const organizers = createOrganizerRepository(store);
  const report: SeedReport = { created: [], existing: [] };
  for (const demo of DEMO_ORGANIZERS) {
    if (await organizers.findByEmail(demo.email)) {
      report.existing.push(demo.email);
      continue;
    }
    const result = await organizers.create({ ...demo, passwordHash: await hashPassword(DEMO_PASSWORD) });
    (result.ok ? report.created : report.existing).push(demo.email);
  }
  return report;
}
