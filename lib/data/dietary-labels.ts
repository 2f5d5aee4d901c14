// No zod here: client components import these (see lib/data/dietary.ts).

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
