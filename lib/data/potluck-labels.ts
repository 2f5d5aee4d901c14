// No zod and no store here: client components import these (see lib/data/potluck.ts).

export const POTLUCK_CATEGORIES = [
  "appetizer",
  "main",
  "side",
  "salad",
  "bread",
  "dessert",
  "drinks",
  "supplies",
  "other",
] as const;
export type PotluckCategory = (typeof POTLUCK_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<PotluckCategory, string> = {
  appetizer: "Appetizer",
  main: "Main dish",
  side: "Side dish",
  salad: "Salad",
  bread: "Bread",
  dessert: "Dessert",
  drinks: "Drinks",
  supplies: "Supplies",
  other: "Other",
};
