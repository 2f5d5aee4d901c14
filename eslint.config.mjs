// The layers, enforced. See docs/architecture.md for the picture; in short:
//   app/, proxy.ts  →  lib/<module>/index.ts (or lib/<module>/client.ts from a "use client" component)
//   lib modules     →  only the modules below them in LAYERS, so folders cannot import each other in a cycle
//   lib/storage     →  nothing of the app (only lib/errors and lib/config)
//   StoreUnavailableError / StoreBusyError / isStoreTrouble  →  from lib/errors only
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import local from "./eslint/no-scan-on-request-path.mjs";

/**
 * The lib modules from the bottom up. A module may import the ones on earlier lines, never one on its own line
 * or a later one: that is what keeps the folder graph free of cycles.
 */
export const LAYERS = [
  ["errors", "time", "forms", "tokens"],
  ["config"],
  ["storage"],
  ["session", "security"],
  ["data"],
  // Mail: the transport (outbox / SMTP) and the queue of party mail, whose jobs are written in data's commits.
  ["mail"],
  ["auth"],
  ["party"],
  // Scheduled work (the tick, its lease) runs the mail queue and the reminders.
  ["jobs"],
];

function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, index) => {
    const above = LAYERS.slice(index).flat();
    for (const module of layer) {
      const from = above.filter((other) => other !== module).map((other) => `./lib/${other}`);
      // lib/config was once a file (lib/config.ts); either spelling is covered.
      const targets = module === "config" ? ["./lib/config.ts", "./lib/config"] : [`./lib/${module}`];
      if (from.length === 0) continue;
      for (const target of targets) {
        zones.push({
          target,
          from: from.flatMap((f) => (f === "./lib/config" ? [f, "./lib/config.ts"] : [f])),
          message: `lib/${module} sits below these modules in LAYERS (eslint.config.mjs): import downwards only, or move the code.`,
        });
      }
    }
  });
  return zones;
}

const MODULES = LAYERS.flat();
const ENTRY_POINTS = MODULES.flatMap((m) => [`./${m}/index.ts`, `./${m}/client.ts`]).concat([
  "./config.ts",
  "./startup.ts",
]);

const STORE_ERRORS = ["StoreUnavailableError", "StoreBusyError", "isStoreTrouble"];

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "next-env.d.ts",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.mjs", "eslint/*.mjs", "scripts/*.mjs", "bench/support/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { "import-x": importX, local },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ alwaysTryTypes: true, project: "./tsconfig.json" })],
      // Without these, import-x cannot parse the TypeScript it follows and no-cycle silently reports nothing
      // (test/lint/layers-and-cycles.test.ts).
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
    },
    rules: {
      // With noUncheckedIndexedAccess on, `list[i]!` after a bounds check is this codebase's idiom.
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-confusing-void-expression": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // Validators check at run time what the types promise (values read from disk, Redis or a client), so a
      // condition the types call unnecessary is often the point.
      "@typescript-eslint/no-unnecessary-condition": "off",
      // Validators reject control characters on purpose.
      "no-control-regex": "off",
      // Stores and fakes implement async interfaces; some implementations need no await to do it.
      "@typescript-eslint/require-await": "off",
      // `async () => void (await client.sadd(...))` is how this codebase drops a result it does not need.
      "@typescript-eslint/no-meaningless-void-operator": "off",
      // Timers and event handlers run async work whose errors are caught inside.
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true, caughtErrors: "none" },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: layerZones() }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/storage", "**/storage/*", "@/lib/storage", "@/lib/storage/*"],
              importNames: STORE_ERRORS,
              message: "Store errors come from lib/errors.",
            },
          ],
        },
      ],
    },
  },
  {
    // app/ and proxy.ts see each lib module through its entry point only.
    files: ["app/**/*.{ts,tsx}", "proxy.ts"],
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: ["./app", "./proxy.ts"],
              from: "./lib",
              except: ENTRY_POINTS,
              message:
                "app/ and proxy.ts import a lib module through its entry point: @/lib/<module> (lib/<module>/index.ts).",
            },
          ],
        },
      ],
      "local/no-scan-on-request-path": ["error", { requestOnly: true }],
    },
  },
  {
    files: ["instrumentation.ts"],
    rules: { "local/no-scan-on-request-path": ["error", { requestOnly: true }] },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/storage/**"],
    rules: { "local/no-scan-on-request-path": "error" },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // Server Components render once per request, so Date.now() there is the request's time, not an
      // impurity. (Client components here never read the clock while rendering.)
      "react-hooks/purity": "off",
    },
  },
  {
    // node:test's describe/it return promises that the runner itself awaits.
    files: ["test/**/*.ts", "e2e/**/*.ts", "bench/**/*.ts", "support/**/*.ts"],
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/require-await": "off",
      // Tests, e2e and the bench poke at what the app stores and answers: JSON from Redis, files and HTTP is
      // untyped there on purpose, environment variables are deleted by name, and Playwright fixtures without
      // dependencies must be written `async ({}, use) => ...`.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-dynamic-delete": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/use-unknown-in-catch-callback-variable": "off",
      "@typescript-eslint/await-thenable": "off",
      "@typescript-eslint/no-deprecated": "off",
      "no-empty-pattern": "off",
      "no-useless-assignment": "off",
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
