/**
 * What client components may take from lib/data: constants and types only, nothing that reaches the store.
 * lib/data/index.ts is server-only, so a "use client" form imports from here instead.
 */
export type { EventFormFields } from "./events";
export type { Person } from "./households";
export { CATEGORY_LABELS, POTLUCK_CATEGORIES } from "./potluck";
