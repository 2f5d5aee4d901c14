export interface LoginFormState {
  formError?: string;
  /** The throttle refused the attempt: the message offers a password reset. */
  lockedOut?: boolean;
  fieldErrors?: { email?: string; password?: string };
  /** "Email me a sign-in link" was accepted: the same words whether or not the address has an account. */
  linkSent?: string;
  /** Echoed back so a failed attempt does not wipe what was typed (never the password). */
  values?: { email: string; rememberMe: boolean };
}

export const initialLoginState: LoginFormState = {};
