/**
 * What client components may take from lib/data: constants and types only, nothing that reaches the store,
 * and no zod (the labels live in zod-free modules, so the browser bundle stays small). lib/data/index.ts is
 * server-only, so a "use client" form imports from here instead.
 */
export type { EventFormFields } from "./events";
export type { Person } from "./households";
export { CATEGORY_LABELS, POTLUCK_CATEGORIES } from "./potluck-labels";
export { DIETARY_LABELS, DIETARY_TAGS } from "./dietary-labels";
export {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_MAX_LENGTH,
  AUDIENCE_LABELS,
  COMMENT_MAX_LENGTH,
  DEFAULT_ANNOUNCEMENT_AUDIENCE,
} from "./message-labels";
export { MAX_PLUS_ONES } from "./plus-one-limits";
