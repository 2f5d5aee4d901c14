"use client";

import { useRef, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * The RSVP link in a read-only field (select and copy it by hand, with JavaScript off too) plus a Copy
 * button that appears once JavaScript runs.
 */
export function CopyLink({ url, label }: { url: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  // false in the server render and during hydration, true once React runs in the browser.
  const ready = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      // No clipboard permission (or an insecure origin): the text is selected, Ctrl+C does the rest.
      setCopied("no");
    }
  }

  return (
    <div className="copy-link">
      <input
        ref={input}
        type="text"
        readOnly
        value={url}
        aria-label={label}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="rsvp-link"
      />
      {ready ? (
        <button type="button" className="button secondary small" onClick={copy}>
          Copy link
        </button>
      ) : null}
      <span className="copy-status" role="status">
        {copied === "yes" ? "Copied" : copied === "no" ? "Press Ctrl+C to copy" : ""}
      </span>
    </div>
  );
}
