import { householdMatches } from "../data/households";
import type { InvitedHousehold } from "./summary";

/**
 * One page of an event's guest list. The page's HTML grows with what it shows, so it shows a bounded number of
 * households whatever the size of the party (the counts and the dietary summary still cover everyone).
 */

export const GUESTS_PER_PAGE = 50;

export interface GuestListPage {
  households: InvitedHousehold[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** Households matching the search (all of them without one). */
  matching: number;
  query: string;
}

/** `?page=` as typed: anything that is not a positive whole number is the first page. */
export function parsePage(value: string | string[] | undefined): number {
  const n = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

export function guestListPage(
  households: InvitedHousehold[],
  options: { page: number; query: string },
  size = GUESTS_PER_PAGE,
): GuestListPage {
  const query = options.query.trim().slice(0, 100);
  const matches = query
    ? households.filter((h) => householdMatches({ name: h.household.name, people: h.household.people }, query))
    : households;
  const pages = Math.max(1, Math.ceil(matches.length / size));
  const page = Math.min(Math.max(1, options.page), pages);
  return { households: matches.slice((page - 1) * size, page * size), page, pages, matching: matches.length, query };
}
