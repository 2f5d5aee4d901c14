import { z } from "zod";
import { MAX_PASSWORD_BYTES } from "./password";

export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, { error: "Enter your email address" })
  .max(254, { error: "That email address is too long" })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

export const loginSchema = z.object({
  email: emailField,
  password: z
    .string({ error: "Enter your password" })
    .min(1, { error: "Enter your password" })
    .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, {
      error: `Passwords are at most ${MAX_PASSWORD_BYTES} bytes long`,
    }),
  rememberMe: z.boolean(),
  // Where to go afterwards (a hidden field). Never a reason to refuse the log-in: an over-long value, which
  // the form has no place to show an error for, is dropped, and safeNextPath checks whatever remains.
  next: z.string().max(2048).optional().catch(undefined),
});

/** Where to go after login: see lib/auth/paths.ts (proxy.ts uses it too, so it lives outside zod's module). */
export { safeNextPath } from "./paths";
