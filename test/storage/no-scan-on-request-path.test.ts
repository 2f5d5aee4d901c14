import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

/**
 * On Redis, listKeys and forEachValue (like unstorage's getKeys) are a SCAN of the whole keyspace: fine for the
 * sessions CLI or an fs-only sweep, fatal on a request path as data grows. e2e/redis.spec.ts proves the login flow issues no
 * SCAN from Redis's own INFO commandstats; this check covers every page, action, route and lib module,
 * including ones added later:
 *   - app/, proxy.ts, instrumentation.ts: no keyspace listing at all.
 *   - lib/: only inside a function whose name says it is maintenance (prune..., sweep..., clearAll...,
 *     listAll..., maintenance..., ...Sweep...), found by walking out through the enclosing declarations.
 *   - lib/storage/ implements listKeys and is not checked.
 * Anything else that needs "all X of an organizer" keeps an index set instead (see organizer-sessions in
 * lib/session/manager.ts).
 */
const PROJECT = path.resolve(import.meta.dirname, "../..");
const FORBIDDEN = /\b(listKeys|forEachValue|getKeys|listAllSessions|pruneExpired|clearAllSessions)\s*\(|\.scan\s*\(/;
const MAINTENANCE_NAME = /^(prune|sweep|clearAll|listAll|maintenance)|Sweep/;

const DECLARATIONS = [
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/,
  /^\s*(?:static\s+|public\s+|private\s+)?(?:async\s+)?([\w$]+)\s*(?:<[^>]*>)?\([^)]*\)\s*(?::.+)?\{\s*$/,
  // A signature spread over several lines: `export async function name(` alone on its line.
  /^\s*(?:export\s+)?(?:async\s+)?(?:function\s+)?([\w$]+)\s*\($/,
  /^\s*([\w$]+)\s*:\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>)/,
];
const NOT_NAMES = new Set(["if", "for", "while", "switch", "catch", "return", "await", "with"]);

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function declaredName(line: string): string | null {
  for (const pattern of DECLARATIONS) {
    const name = pattern.exec(line)?.[1];
    if (name && !NOT_NAMES.has(name)) return name;
  }
  return null;
}

/** Names of the functions enclosing line `index`, innermost first (by indentation). */
export function enclosingFunctions(lines: string[], index: number): string[] {
  const names: string[] = [];
  let threshold = indentOf(lines[index]!);
  for (let i = index - 1; i >= 0 && threshold > 0; i--) {
    const line = lines[i]!;
    if (line.trim() === "" || indentOf(line) >= threshold) continue;
    // The closing line of a multi-line signature, `): Promise<...> {`: its opening line is further up at the
    // same indentation.
    threshold = /^\s*\)/.test(line) ? indentOf(line) + 1 : indentOf(line);
    const name = declaredName(line);
    if (name) names.push(name);
  }
  return names;
}

export function offendingLines(file: string, text: string): string[] {
  const lines = text.split("\n");
  const requestOnly = !file.startsWith("lib/");
  const offences: string[] = [];
  lines.forEach((line, i) => {
    if (!FORBIDDEN.test(line) || /^\s*(\/\/|\*)/.test(line)) return;
    // Declaring a maintenance function is not calling one.
    const declared = declaredName(line);
    if (declared && MAINTENANCE_NAME.test(declared) && !FORBIDDEN.test(line.replace(declared, ""))) return;
    if (!requestOnly && enclosingFunctions(lines, i).some((name) => MAINTENANCE_NAME.test(name))) return;
    offences.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return offences;
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
    const files = [...sourceFiles("app"), ...sourceFiles("lib").filter((f) => !f.startsWith("lib/storage/")), "proxy.ts", "instrumentation.ts"];
    assert.ok(files.includes("lib/session/manager.ts") && files.some((f) => f.startsWith("app/")), "the walk found the sources");
    const offences = files.flatMap((file) => offendingLines(file, readFileSync(path.join(PROJECT, file), "utf8")));
    assert.deepEqual(offences, [], "keyspace listing on a request path: keep an index set, or do it in a maintenance function / scripts/");
  });

  it("catches a listing in a request-path function, and only allows it in maintenance functions (not vacuous)", () => {
    const lib = [
      "export function createEvents(store: AppStore) {",
      "  return {",
      "    async listForOrganizer(id: string) {",
      "      const keys = await store.listKeys(`events`);",
      "    },",
      "    async pruneExpired(): Promise<number> {",
      "      for (const key of await store.listKeys(\"events\")) {",
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
    assert.deepEqual(offendingLines("lib/data/events.ts", lib), ["lib/data/events.ts:4: const keys = await store.listKeys(`events`);"]);
    assert.deepEqual(offendingLines("app/organizer/page.tsx", "  const all = await manager.listAllSessions();"), [
      "app/organizer/page.tsx:1: const all = await manager.listAllSessions();",
    ]);
    assert.ok(FORBIDDEN.test("await storage.getKeys('parties')"));
    assert.ok(FORBIDDEN.test("await store.forEachValue(\"sessions\", visit)"));
    assert.ok(FORBIDDEN.test("const [c, batch] = await client.scan(cursor)"));
    assert.ok(!FORBIDDEN.test("await store.setMembers(organizerEventsKey(id))"));
  });
});
