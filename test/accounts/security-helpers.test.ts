import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { toEml } from "../../lib/mail/message";
import { writeToOutbox } from "../../lib/mail/outbox";
import { buildContentSecurityPolicy } from "../../lib/security/csp";
import { isSameOriginRequest, publicOrigin } from "../../lib/security/origin";
import { rejectCrossOrigin } from "../support/origin";
import { describeSessionTimes, relativeTime } from "../../app/organizer/(signed-in)/account/sessions/describe";
import { describeUserAgent } from "../../app/organizer/(signed-in)/account/sessions/user-agent";

const headers = (h: Record<string, string>) => new Headers(h);

describe("Origin checks for state-changing Route Handlers", () => {
  it("lets same-origin and safe requests through", () => {
    assert.equal(
      isSameOriginRequest("POST", headers({ host: "parties.example", origin: "https://parties.example" })),
      true,
    );
    assert.equal(
      isSameOriginRequest("GET", headers({ host: "parties.example", origin: "https://evil.example" })),
      true,
    );
    assert.equal(
      isSameOriginRequest(
        "DELETE",
        headers({ host: "internal:3000", "x-forwarded-host": "parties.example", origin: "https://parties.example" }),
      ),
      true,
    );
    // No Origin and no Sec-Fetch-Site: not a browser, so no ambient cookies to abuse (curl, cron jobs).
    assert.equal(isSameOriginRequest("POST", headers({ host: "parties.example" })), true);
  });

  it("refuses other origins, opaque origins and cross-site fetches without Origin", async () => {
    assert.equal(
      isSameOriginRequest("POST", headers({ host: "parties.example", origin: "https://evil.example" })),
      false,
    );
    assert.equal(isSameOriginRequest("PUT", headers({ host: "parties.example", origin: "null" })), false);
    assert.equal(
      isSameOriginRequest(
        "PATCH",
        headers({ host: "parties.example", origin: "https://parties.example.evil.example" }),
      ),
      false,
    );
    assert.equal(
      isSameOriginRequest("POST", headers({ host: "parties.example", "sec-fetch-site": "cross-site" })),
      false,
    );
    const refused = rejectCrossOrigin(
      new Request("http://parties.example/api/x", { method: "POST", headers: { origin: "https://evil.example" } }),
    );
    assert.equal(refused?.status, 403);
    assert.equal(
      rejectCrossOrigin(
        new Request("http://parties.example/api/x", { method: "POST", headers: { origin: "http://parties.example" } }),
      ),
      null,
    );
  });

  it("builds mail links from APP_URL when set, never from a forged Host then", () => {
    const dev = (appUrl?: string) => ({ isProduction: false, mail: { from: "x", appUrl } });
    const prod = (appUrl?: string) => ({ isProduction: true, mail: { from: "x", appUrl } });
    assert.equal(
      publicOrigin(prod("https://parties.example"), headers({ host: "evil.example" })),
      "https://parties.example",
    );
    assert.equal(
      publicOrigin(
        prod("https://parties.example"),
        headers({ host: "evil.example", "x-forwarded-host": "evil.example" }),
      ),
      "https://parties.example",
    );
    assert.equal(
      publicOrigin(dev("https://parties.example"), headers({ host: "evil.example" })),
      "https://parties.example",
    );
    // Only development falls back to the request's host.
    assert.equal(publicOrigin(dev(), headers({ host: "localhost:3000" })), "http://localhost:3000");
    assert.equal(
      publicOrigin(dev(), headers({ host: "a.example", "x-forwarded-proto": "https" })),
      "https://a.example",
    );
    // Production never builds a link from request headers: without APP_URL it refuses, naming it.
    assert.throws(() => publicOrigin(prod(), headers({ host: "evil.example" })), /APP_URL is required in production/);
    assert.throws(
      () => publicOrigin(prod(), headers({ "x-forwarded-host": "evil.example" })),
      /APP_URL is required in production/,
    );
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only with the nonce, forbids framing, plugins and foreign form targets", () => {
    const csp = buildContentSecurityPolicy("abc123==", { dev: false });
    const directives = new Map(csp.split("; ").map((d) => [d.split(" ")[0], d] as const));
    assert.equal(directives.get("script-src"), "script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    assert.equal(directives.get("frame-ancestors"), "frame-ancestors 'none'");
    assert.equal(directives.get("object-src"), "object-src 'none'");
    assert.equal(directives.get("form-action"), "form-action 'self'");
    assert.equal(directives.get("base-uri"), "base-uri 'none'");
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(directives.get("script-src")!, /unsafe-inline/);
    assert.match(buildContentSecurityPolicy("n", { dev: true }), /'unsafe-eval'/);
  });
});

describe("session descriptions", () => {
  it("names browsers and systems in words", () => {
    const cases: Array<[string, string]> = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Chrome on Windows",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Edge on Windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Safari on macOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Safari on iPhone",
      ],
      ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"],
      [
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        "Samsung Internet on Android",
      ],
      [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
        "Chrome (headless) on Linux",
      ],
      ["curl/8.5.0", "Command-line client"],
      ["", "Unknown browser"],
    ];
    for (const [ua, label] of cases) assert.equal(describeUserAgent(ua).label, label, ua);
  });

  it("says when, roughly, and never claims more precision than the hourly last-seen write", () => {
    const now = Date.UTC(2026, 11, 24, 18);
    assert.equal(relativeTime(now - 10_000, now), "just now");
    assert.equal(relativeTime(now - 5 * 60_000, now), "5 minutes ago");
    assert.equal(relativeTime(now - 3 * 3_600_000, now), "3 hours ago");
    assert.equal(relativeTime(now - 30 * 3_600_000, now), "yesterday");
    assert.equal(relativeTime(Date.UTC(2026, 10, 2), now), "on 2 Nov 2026");
    assert.equal(
      describeSessionTimes({ createdAt: now - 7_200_000, lastSeenAt: now - 600_000 }, now, false).lastActive,
      "within the last hour",
    );
    assert.equal(describeSessionTimes({ createdAt: now, lastSeenAt: now }, now, true).lastActive, "now");
  });
});

describe("mail to the outbox", () => {
  it("writes a complete .eml file, encoding a non-ASCII subject", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hpp-outbox-"));
    try {
      const eml = toEml(
        { to: "ada@example.com", subject: "Réinitialiser", text: "Line one\nhttp://x/organizer/reset-password/abc\n" },
        "Planner <no-reply@planner.example>",
      );
      const file = await writeToOutbox(dir, eml);
      assert.deepEqual(readdirSync(path.join(dir, "outbox")), [path.basename(file)]);
      const written = readFileSync(file, "utf8");
      assert.match(
        written,
        /^From: Planner <no-reply@planner\.example>\r\nTo: ada@example\.com\r\nSubject: =\?UTF-8\?B\?/,
      );
      assert.match(written, /Message-ID: <[0-9a-f]+@planner\.example>/);
      assert.match(written, /\r\n\r\nLine one\r\nhttp:\/\/x\/organizer\/reset-password\/abc\r\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses header injection", () => {
    assert.throws(
      () => toEml({ to: "a@example.com\r\nBcc: all@example.com", subject: "Hi", text: "x" }, "f@example.com"),
      /single line/,
    );
    assert.throws(
      () => toEml({ to: "a@example.com", subject: "Hi\nBcc: x", text: "x" }, "f@example.com"),
      /single line/,
    );
  });
});
