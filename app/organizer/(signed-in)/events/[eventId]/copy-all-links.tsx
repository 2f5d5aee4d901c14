"use client";

import { useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * "Copy all links": every household's name and RSVP link, fetched from links.txt and put on the clipboard,
 * ready to paste. Without JavaScript (or without clipboard permission) the same text opens as a page.
 */
export function CopyAllLinks({ href }: { href: string }) {
  // false in the server render and during hydration, true once React runs in the browser.
  const ready = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [status, setStatus] = useState("");

  async function copy() {
    try {
      const response = await fetch(href, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const text = await response.text();
      await navigator.clipboard.writeText(text);
      const count = text.split("\n").filter(Boolean).length;
      setStatus(`Copied ${count} ${count === 1 ? "link" : "links"}`);
    } catch {
      setStatus("Could not copy: open all links as text and copy them from there");
    }
  }

  return (
    <div className="actions copy-all">
      {ready ? (
        <button type="button" className="button secondary small" onClick={copy}>
          Copy all links
        </button>
      ) : null}
      <a href={href} className="small" target="_blank" rel="noopener">
        All links as text
      </a>
      <span className="copy-status" role="status">
        {status}
      </span>
    </div>
  );
}
