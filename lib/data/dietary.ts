import { z } from "zod";

// The tags and their labels live in a module without zod, so that client components (the forms) can import
// them without pulling the schemas into the browser bundle.
export { DIETARY_LABELS, DIETARY_TAGS, type DietaryTag } from "./dietary-labels";
import { DIETARY_TAGS } from "./dietary-labels";

export const dietaryTagSchema = z.enum(DIETARY_TAGS, { error: "Choose dietary restrictions from the list" });

/** A set of tags in a stable order, without repeats. */
export const dietaryTagsSchema = z
  .array(dietaryTagSchema)
  .max(50)
  .transform((tags) => DIETARY_TAGS.filter((t) => tags.includes(t)));

export const dietaryNotesSchema = z.string().trim().max(300, { error: "Keep dietary notes under 300 characters" });
