import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Holiday Party Planner", template: "%s · Holiday Party Planner" },
  description: "Plan holiday parties, invite households and follow the RSVPs.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// System fonts only: builds run offline, and next/font/google would download at build time.
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
