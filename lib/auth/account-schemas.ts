import { z } from "zod";
import { TOKEN_PATTERN } from "../tokens";
import { isCommonPassword } from "./common-passwords";
import { MAX_PASSWORD_BYTES } from "./password";
import { emailField } from "./schemas";

export const MIN_PASSWORD_LENGTH = 10;

/** Rules for a password being chosen (sign-up, change, reset). Checking an existing one uses loginSchema's. */
export const newPasswordField = z
  .string({ error: "Choose a password" })
  .min(1, { error: "Choose a password" })
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters` })
  .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, {
    error: `Use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters, fewer with accents or emoji)`,
    abort: true,
  })
  .refine((p) => !isCommonPassword(p), {
    error: "This is one of the most common passwords, which attackers try first. Choose another.",
  });

const nameField = (label: string) =>
  z
    .string({ error: `Enter your ${label}` })
    .trim()
    .min(1, { error: `Enter your ${label}` })
    .max(100, { error: `Your ${label} can be at most 100 characters` })
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), {
      error: `Your ${label} contains characters that are not allowed`,
    });

/** A last name is optional: many people go by one name. */
const optionalNameField = (label: string) =>
  z
    .string()
    .trim()
    .max(100, { error: `Your ${label} can be at most 100 characters` })
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), {
      error: `Your ${label} contains characters that are not allowed`,
    });

const currentPasswordField = z
  .string({ error: "Enter your current password" })
  .min(1, { error: "Enter your current password" })
  .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, { error: "That is not your current password" });

/** Adds "the two passwords differ" to the confirmation field, where the person will look. */
function confirmMatches(value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords do not match" });
  }
}

export const signupSchema = z
  .object({
    firstName: nameField("first name"),
    lastName: optionalNameField("last name"),
    email: emailField,
    password: newPasswordField,
    confirmPassword: z.string({ error: "Repeat the password" }).min(1, { error: "Repeat the password" }),
  })
  .superRefine(confirmMatches);

export type SignupInput = z.infer<typeof signupSchema>;

/** Name and email together; the current password is only required when the email changes (checked later). */
export const profileSchema = z.object({
  firstName: nameField("first name"),
  lastName: optionalNameField("last name"),
  email: emailField,
  currentPassword: z
    .string()
    .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, { error: "That is not your current password" }),
});

export const passwordChangeSchema = z
  .object({
    currentPassword: currentPasswordField,
    password: newPasswordField,
    confirmPassword: z.string({ error: "Repeat the new password" }).min(1, { error: "Repeat the new password" }),
  })
  .superRefine(confirmMatches);

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    token: z.string().regex(TOKEN_PATTERN, { error: "This reset link is not valid" }),
    password: newPasswordField,
    confirmPassword: z.string({ error: "Repeat the new password" }).min(1, { error: "Repeat the new password" }),
  })
  .superRefine(confirmMatches);
