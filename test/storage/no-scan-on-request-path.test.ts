import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import local, { FORBIDDEN_CALLS } from "../../eslint/no-scan-on-request-path.mjs";

/**
 * On Redis, listKeys and forEachValue (like unstorage's getKeys) are a SCAN of the whole keyspace. The check is
 * the lint rule eslint/no-scan-on-request-path.mjs (run by `npm run lint` with the rest of the config); this
 * test runs that rule alone over the tree and over examples, so it cannot silently stop catching anything:
 *   - app/, proxy.ts, instrumentation.ts: no keyspace listing at all.
 *   - lib/: only inside a function whose name says it is maintenance.
 *   - lib/storage/ implements listKeys and is not checked.
 */
const PROJECT = path.resolve(import.meta.dirname, "../..");
const FORBIDDEN = new RegExp(`\\b(${FORBIDDEN_CALLS.source.slice(2, -2)})\\s*\\(`);

const linter = new Linter({ configType: "flat" });

export function offendingLines(file: string, text: string): string[] {
  const lines = text.split("\n");
  const requestOnly = !file.startsWith("lib/");
  const messages = linter.verify(
    text,
    [
      {
        files: ["**/*.{ts,tsx,js,mjs}"],
        linterOptions: { reportUnusedDisableDirectives: "off" },
        languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { local },
        rules: { "local/no-scan-on-request-path": ["error", { requestOnly }] },
      },
    ],
    file.endsWith(".tsx") ? "file.tsx" : "file.ts",
  );
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  // Only this rule runs here: other rules' disable comments ("rule not found") are not this test's business.
  return messages
    .filter((m) => m.ruleId === "local/no-scan-on-request-path")
    .map((m) => `${file}:${m.line}: ${lines[m.line - 1]!.trim()}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [rel] : [];
  });
}

describe("no keyspace listing (SCAN on Redis) on a request path", () => {
  it("holds for every page, action, route, proxy and lib module", () => {
    const files = [
      ...sourceFiles("app"),
      ...sourceFiles("lib").filter((f) => !f.startsWith("lib/storage/")),
      "proxy.ts",
      "instrumentation.ts",
    ];
    assert.ok(
      files.includes("lib/session/manager.ts") && files.some((f) => f.startsWith("app/")),
      "the walk found the sources",
    );
    const offences = files.flatMap((file) => offendingLines(file, readFileSync(path.join(PROJECT, file), "utf8")));
    assert.deepEqual(
      offences,
      [],
      "keyspace listing on a request path: keep an index set, or do it in a maintenance function / scripts/",
    );
  });

  it("catches a listing in a request-path function, and only allows it in maintenance functions (not vacuous)", () => {
    const lib = [
      "export function createEvents(store: AppStore) {",
      "  return {",
      "    async listForOrganizer(id: string) {",
      "      const keys = await store.listKeys(`events`);",
      "    },",
      "    async pruneExpired(): Promise<number> {",
      '      for (const key of await store.listKeys("events")) {',
      "        await store.remove(key);",
      "      }",
      "    },",
      "  };",
      "}",
      "function startSweep() {",
      "  const run = async () => {",
      "    await events.pruneExpired();",
      "  };",
      "}",
    ].join("\n");
    assert.deepEqual(offendingLines("lib/data/events.ts", lib), [
      "lib/data/events.ts:4: const keys = await store.listKeys(`events`);",
    ]);
    assert.deepEqual(offendingLines("app/organizer/page.tsx", "  const all = await manager.listAllSessions();"), [
      "app/organizer/page.tsx:1: const all = await manager.listAllSessions();",
    ]);
    assert.ok(FORBIDDEN.test("await storage.getKeys('parties')"));
    assert.ok(FORBIDDEN.test('await store.forEachValue("sessions", visit)'));
    assert.ok(FORBIDDEN.test("const [c, batch] = await client.scan(cursor)"));
    assert.ok(!FORBIDDEN.test("await store.setMembers(organizerEventsKey(id))"));
  });
});
