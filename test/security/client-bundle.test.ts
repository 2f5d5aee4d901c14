import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

// Issue 19 (phones): zod (about 31 KB gzipped) reached the guest RSVP page's JavaScript because a client
// component imported labels from a module that also defines the schemas. This walks the import graph of every
// "use client" module (static imports, type-only ones left out, as the bundler leaves them out) and fails when
// it reaches zod, or a server-only module, which would not belong in the browser either.

const ROOT = process.cwd();
const FORBIDDEN = new Set(["zod", "server-only", "ioredis", "@upstash/redis", "unstorage", "iron-session", "bcryptjs"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The modules a file imports at run time: `import ... from "x"` and `export ... from "x"`, not `import type`. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
  for (const match of text.matchAll(pattern)) {
    if (match[2]) continue; // import type / export type
    found.push(match[3]!);
  }
  return found;
}

/** The path from `entry` to a forbidden package, or null. */
function forbiddenPath(entry: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      const local = specifier.startsWith(".") || specifier.startsWith("@/");
      if (!local) {
        const pkg = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
        if (FORBIDDEN.has(pkg) || specifier.startsWith("node:")) return [...trail, specifier];
        continue;
      }
      const resolved = resolveLocal(file, specifier);
      // A "use server" module reaches the browser as references to its actions, never as its code.
      if (!resolved || /^\s*["']use server["']/.test(readFileSync(resolved, "utf8"))) continue;
      const hit = walk(resolved, [...trail, path.relative(ROOT, resolved)]);
      if (hit) return hit;
    }
    return null;
  };
  return walk(entry, [path.relative(ROOT, entry)]);
}

test("no client component pulls zod or server-only code into the browser bundle", () => {
  const clientModules = sourceFiles(path.join(ROOT, "app")).filter((f) =>
    /^\s*["']use client["']/.test(readFileSync(f, "utf8")),
  );
  assert.ok(clientModules.length > 0, "found no client components to check");
  assert.ok(
    clientModules.some((f) => f.includes(`rsvp${path.sep}[token]`)),
    "the RSVP page's forms are among them",
  );
  const offenders = clientModules.map(forbiddenPath).filter((p): p is string[] => p !== null);
  assert.deepEqual(offenders, [], `client bundles reach: ${offenders.map((p) => p.join(" → ")).join("; ")}`);
});
