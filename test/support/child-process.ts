import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const CHILD = path.join(import.meta.dirname, "store-crash-child.ts");
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface CrashChild {
  readonly process: ChildProcess;
  /** Everything it printed on stdout so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in its stdout; rejects if it exits or times out first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** kill -9, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Starts test/support/store-crash-child.ts in a mode (see there). */
export function spawnCrashChild(args: string[]): CrashChild {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", CHILD, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SESSION_LOG: "off" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never left running if the test process ends first.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.removeListener("exit", killOnExit));
  return {
    process: child,
    output: () => stdout,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = () => {
          cleanup();
          reject(
            new Error(`child exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${stdout}\n${stderr}`),
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`child did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout.off("data", check);
          child.off("exit", onExit);
        };
        child.stdout.on("data", check);
        child.once("exit", onExit);
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
