import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ESLint } from "eslint";

/**
 * `npm run lint` must keep catching what docs/architecture.md promises it catches: an import against LAYERS
 * and a cycle between files. Both rules answer nothing (rather than fail) when import-x cannot parse what it
 * follows — no-cycle was inert until the config named its TypeScript parser — so this lints real files with
 * the project's own config and expects the errors.
 */
const PROJECT = path.resolve(import.meta.dirname, "../..");
const probe = `lint-probe-${process.pid}`;
const cycleDir = path.join(PROJECT, "lib", "time", probe);
const layerFile = path.join(PROJECT, "lib", "storage", `${probe}.ts`);

after(() => {
  rmSync(cycleDir, { recursive: true, force: true });
  rmSync(layerFile, { force: true });
});

async function ruleIdsOf(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: PROJECT, cache: false });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`));
}

describe("the lint rules that keep the layers", () => {
  it("report a cycle between two files", { timeout: 120_000 }, async () => {
    mkdirSync(cycleDir, { recursive: true });
    writeFileSync(path.join(cycleDir, "a.ts"), 'import { b } from "./b";\n\nexport const a = (): number => b() + 1;\n');
    writeFileSync(
      path.join(cycleDir, "b.ts"),
      'import { a } from "./a";\n\nexport const b = (): number => (Date.now() < 0 ? a() : 0);\n',
    );
    const rules = await ruleIdsOf([path.join(cycleDir, "a.ts"), path.join(cycleDir, "b.ts")]);
    assert.deepEqual(rules, ["import-x/no-cycle", "import-x/no-cycle"]);
  });

  it("report lib/storage importing a module above it", { timeout: 120_000 }, async () => {
    writeFileSync(
      layerFile,
      'import { isId } from "../data";\n\nexport const probe = (id: string): boolean => isId(id);\n',
    );
    const rules = await ruleIdsOf([layerFile]);
    assert.ok(rules.includes("import-x/no-restricted-paths"), rules.join(", "));
  });
});
