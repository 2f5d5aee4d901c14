import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../storage/fs-store";

/** Writes one .eml file into DATA_DIR/outbox (atomically: a reader never sees half a mail). */
export async function writeToOutbox(dataDir: string, eml: string, now = new Date()): Promise<string> {
  const dir = path.join(dataDir, "outbox");
  await fsp.mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const file = path.join(dir, `${stamp}-${randomBytes(4).toString("hex")}.eml`);
  await writeFileAtomic(file, eml);
  return file;
}
