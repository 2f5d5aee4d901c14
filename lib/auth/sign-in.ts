import "server-only";
import type { Organizer } from "../data/organizers";
import { startSession } from "../session";
import { rememberDevice } from "./device-cookie";
import type { Device } from "./device";

/**
 * What every way of signing in ends with, so a password and a mailed link give exactly the same session: this
 * browser is remembered as one that signed in to the account (its own throttle allowance, lib/auth/device.ts),
 * the session it had is ended and a new one issued (new id: no fixation), "Keep me signed in" decides the
 * cookie's life, and the dashboard greets with the same flash.
 */
export async function completeSignIn(
  organizer: Organizer,
  options: { rememberMe: boolean; network: string | null; device: Device | null },
): Promise<void> {
  await rememberDevice(options.device, organizer.email);
  await startSession({
    organizerId: organizer.id,
    network: options.network,
    rememberMe: options.rememberMe,
    flash: `Welcome back, ${organizer.firstName}!`,
  });
}
