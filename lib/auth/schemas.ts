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
  next: z.string().max(2048).optional(),
});

export type LoginInput = z.infer<typeof loginSchema>;

/**
 * Where to go after login: only a path on this site. Anything absolute, protocol-relative (`//evil.com`),
 * backslash tricks (`/\evil.com`) or with control characters falls back to the dashboard.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/organizer"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(next)) return fallback;
  try {
    const base = "http://internal.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    if (url.pathname.startsWith("/organizer/login")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
