// No zod here: client components import this (see lib/data/client.ts).

/** The most extra guests ("plus-ones") an organizer may allow one invited household. */
export const MAX_PLUS_ONES = 10;
