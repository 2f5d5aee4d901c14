import { existsSync } from "node:fs";
import path from "node:path";
import { loadAppEnv } from "./load-env";

loadAppEnv();

const { ConfigError, describeStore, getConfig } = await import("../lib/config");
const { getStore } = await import("../lib/storage");
const { checkData } = await import("../lib/data/check");
const { DATA_VERSION, DataVersionError, describeReport, ensureDataVersion, readDataVersion } =
  await import("../lib/data/data-version");

const USAGE = `Usage: npm run data -- <command>

  check     report every inconsistency in the party data; exits 1 if there is any
  repair    fix what is safe to fix (and say what), report the rest; exits 1 if anything is left
  migrate   bring the party data to version ${DATA_VERSION} (the app also does this when it starts)
  version   print the data version of the store`;

const [command] = process.argv.slice(2);

async function main(): Promise<number> {
  if (!command || command === "help" || command === "--help") {
    console.info(USAGE);
    return command ? 0 : 1;
  }
  const config = getConfig();
  const store = getStore();
  try {
    switch (command) {
      case "version": {
        console.info(`store: ${describeStore(config.store)}`);
        console.info(`data version: ${await readDataVersion(store)} (this app: ${DATA_VERSION})`);
        return 0;
      }
      case "migrate": {
        console.info(`store: ${describeStore(config.store)}`);
        const { from, report } = await ensureDataVersion(store, { log: (line) => console.info(line) });
        if (!report) console.info(`[data] already at version ${from}: nothing to do`);
        else console.info(`[data] done: ${describeReport(report)}`);
        return 0;
      }
      case "check":
      case "repair": {
        const repair = command === "repair";
        console.info(`store: ${describeStore(config.store)}`);
        // An fs store finishes an unfinished commit (its journal) when it is first opened, so look before.
        const journal = config.store.kind === "fs" ? path.join(config.store.dataDir, "_journal", "commit.json") : null;
        const unfinished = journal !== null && existsSync(journal);
        const storeProblems = async () =>
          unfinished
            ? [
                {
                  kind: "store" as const,
                  key: journal,
                  message:
                    "an unfinished commit (a process died in the middle of one): opening the store for this check finished it",
                },
              ]
            : [];
        const result = await checkData(store, {
          repair,
          storeProblems,
          onProblem: (p) => console.info(`${p.kind.padEnd(21)} ${p.key}: ${p.message}`),
          onRepair: (what) => console.info(`  repaired: ${what}`),
        });
        console.info(
          `checked ${result.records} record(s): ${result.problems} problem(s)${repair ? `, ${result.repaired} repair(s)` : ""}`,
        );
        if (!repair) return result.problems === 0 ? 0 : 1;
        if (result.problems === 0) return 0;
        // What is left after the repairs, checked from scratch.
        const after = await checkData(store, {
          onProblem: (p) => console.info(`left: ${p.kind.padEnd(21)} ${p.key}: ${p.message}`),
        });
        console.info(after.problems === 0 ? "clean now" : `${after.problems} problem(s) left for a person to look at`);
        return after.problems === 0 ? 0 : 1;
      }
      default:
        console.error(`Unknown command: ${command}\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataVersionError) {
    console.error(`[data] ${error.message}`);
  } else {
    console.error(`[data] failed: ${(error as Error).message}`);
  }
  process.exitCode = 2;
}
