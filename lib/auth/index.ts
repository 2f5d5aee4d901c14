/**
 * lib/auth: organizer accounts, sign-in with throttling, password reset, and who is signed in on this request.
 * The one entry point for app/ and proxy.ts (eslint.config.mjs enforces it).
 */
export {
  forgotPasswordSchema,
  passwordChangeSchema,
  profileSchema,
  resetPasswordSchema,
  signupSchema,
} from "./account-schemas";
export {
  admitResetRequest,
  changePassword,
  checkResetToken,
  endOtherSessions,
  logInWithThrottle,
  resetPassword,
  sendResetMail,
  signUp,
  updateProfile,
} from "./accounts";
export {
  requestSignInLink,
  requestVerificationLink,
  sendVerificationMail,
  SIGN_IN_REFUSALS,
  signInWithLink,
  verifyEmail,
  VERIFY_MESSAGES,
} from "./email-links";
export { completeSignIn } from "./sign-in";
export { getCurrentOrganizer, isSignedInOrStoreDown, requireOrganizer } from "./current";
export { currentDevice, rememberDevice } from "./device-cookie";
export { isPublicOrganizerPath, loginPathFor } from "./paths";
export { loginSchema, safeNextPath } from "./schemas";
