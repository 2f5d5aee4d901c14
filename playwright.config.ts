import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser (`playwright install` needs the internet).
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // Every spec starts its own app servers (some restart them); one worker keeps ports, CPU and the single
  // allowed `next dev` per folder predictable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 90_000,
  // Generous: logins hash with bcrypt (cost 12) in a low-priority worker, slow on a busy 2-core machine.
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
