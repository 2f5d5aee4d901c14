import { createHash } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import os from "node:os";

/**
 * Who a process is, well enough to tell later whether it is still running: the fs store's locks and temp
 * files carry it, so that what a killed process left behind can be recognised as dead at once instead of
 * after a long age limit.
 *
 * A pid alone is not enough: pids are reused. On Linux the process's start time (field 22 of
 * /proc/<pid>/stat, clock ticks since boot) together with the pid names one process for the life of the
 * machine, and the boot id tells one boot from the next. Another machine (or another pid namespace, a
 * container sharing the volume) cannot be checked at all: such owners are "unknown" and their leftovers
 * fall to an age limit. Elsewhere (macOS, Windows) a pid that no longer exists is dead; one that exists
 * might be a reused pid, so it is "unknown" too.
 */
export interface ProcessIdentity {
  host: string;
  /** /proc/sys/kernel/random/boot_id, or null where there is none. */
  boot: string | null;
  /** The pid namespace (/proc/self/ns/pid's link), or null. */
  pidns: string | null;
  pid: number;
  /** /proc/<pid>/stat field 22, or null where there is no /proc. */
  start: string | null;
}

export type Liveness = "alive" | "dead" | "unknown";

function readOrNull(read: () => string): string | null {
  try {
    return read().trim() || null;
  } catch {
    return null;
  }
}

/** State (field 3) and start time (field 22) of a process, or null when it does not exist. */
function procStat(pid: number): { state: string; start: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces and parentheses.
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = rest[0];
  const start = rest[19];
  return state && start ? { state, start } : null;
}

let self: ProcessIdentity | undefined;
let selfPid = 0;

export function selfIdentity(): ProcessIdentity {
  // Recomputed after a fork-like pid change (never in Node, but cheap to be right).
  if (!self || selfPid !== process.pid) {
    selfPid = process.pid;
    self = {
      host: os.hostname(),
      boot: readOrNull(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8")),
      pidns: readOrNull(() => readlinkSync("/proc/self/ns/pid")),
      pid: process.pid,
      start: procStat(process.pid)?.start ?? null,
    };
  }
  return self;
}

/** Whether the process an identity names is still running, as far as this process can tell. */
export function liveness(owner: ProcessIdentity): Liveness {
  const me = selfIdentity();
  if (owner.host !== me.host) return "unknown";
  if (owner.boot && me.boot && owner.boot !== me.boot) return "dead"; // the machine rebooted since
  if (owner.pidns !== me.pidns) return "unknown";
  if (owner.pid === me.pid && owner.start === me.start) return "alive";
  if (owner.start !== null && me.start !== null) {
    const stat = procStat(owner.pid);
    // A zombie has finished; it only waits for its parent to collect its exit status.
    if (!stat || stat.state === "Z" || stat.state === "X") return "dead";
    return stat.start === owner.start ? "alive" : "dead"; // a different start: the pid was reused
  }
  try {
    process.kill(owner.pid, 0);
    return "unknown"; // exists, but it may be another process with a reused pid
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "dead" : "unknown";
  }
}

/** A short hash of what a pid is relative to (machine, boot, pid namespace): equal tags can compare pids. */
function placeTag(identity: ProcessIdentity): string {
  return createHash("sha256")
    .update(`${identity.host}\n${identity.boot ?? ""}\n${identity.pidns ?? ""}`)
    .digest("hex")
    .slice(0, 8);
}

let tag: string | undefined;
let tagPid = 0;

/**
 * This process in a form that fits a file name: `<pid>-<start>-<place>`. Temp files carry it, so that a sweep
 * can tell a dead writer's leftovers from a live write in progress.
 */
export function processTag(): string {
  if (!tag || tagPid !== process.pid) {
    const me = selfIdentity();
    tagPid = process.pid;
    tag = `${me.pid}-${me.start ?? "x"}-${placeTag(me)}`;
  }
  return tag;
}

/**
 * The liveness of the process named by a tag from processTag(). An older temp name held only a pid (no start,
 * no place): it is judged by the pid alone. Anything unparseable is "unknown".
 */
export function tagLiveness(text: string): Liveness {
  const full = /^(\d+)-(\d+|x)-([0-9a-f]{8})$/.exec(text);
  if (full) {
    const me = selfIdentity();
    if (full[3] !== placeTag(me)) return "unknown";
    return liveness({ ...me, pid: Number(full[1]), start: full[2] === "x" ? null : full[2]! });
  }
  if (/^\d+$/.test(text)) {
    const me = selfIdentity();
    return liveness({ ...me, pid: Number(text), start: null });
  }
  return "unknown";
}
