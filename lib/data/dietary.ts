import { z } from "zod";

/** Dietary restrictions offered as tags; anything else goes in the free-text note. */
export const DIETARY_TAGS = [
  "vegetarian",
  "vegan",
  "pescatarian",
  "gluten-free",
  "dairy-free",
  "nut-allergy",
  "shellfish-allergy",
  "egg-free",
  "halal",
  "kosher",
  "low-sodium",
  "diabetic",
] as const;

export type DietaryTag = (typeof DIETARY_TAGS)[number];

export const DIETARY_LABELS: Record<DietaryTag, string> = {
  vegetarian: "Vegetarian",
  vegan: "Vegan",
  pescatarian: "Pescatarian",
  "gluten-free": "Gluten-free",
  "dairy-free": "Dairy-free",
  "nut-allergy": "Nut allergy",
  "shellfish-allergy": "Shellfish allergy",
  "egg-free": "Egg-free",
  halal: "Halal",
  kosher: "Kosher",
  "low-sodium": "Low sodium",
  diabetic: "Diabetic",
};

export const dietaryTagSchema = z.enum(DIETARY_TAGS, { error: "Choose dietary restrictions from the list" });

/** A set of tags in a stable order, without repeats. */
export const dietaryTagsSchema = z
  .array(dietaryTagSchema)
  .max(50)
  .transform((tags) => DIETARY_TAGS.filter((t) => tags.includes(t)));

export const dietaryNotesSchema = z
  .string()
  .trim()
  .max(300, { error: "Keep dietary notes under 300 characters" });
