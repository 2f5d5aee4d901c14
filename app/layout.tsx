import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";
import "./party.css";

export const metadata: Metadata = {
  title: { default: "Holiday Party Planner", template: "%s · Holiday Party Planner" },
  description: "Plan holiday parties, invite households and follow the RSVPs.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// System fonts only: builds run offline, and next/font/google would download at build time.
// Every page is rendered per request: the Content-Security-Policy nonce (proxy.ts) differs per response, and a
// page prerendered at build time would carry scripts without it, which the browser would then refuse to run.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
