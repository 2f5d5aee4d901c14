// Child process for test/config.test.ts: waits for a common start time so that several processes call
// loadOrCreateDevSecret on the same directory at once, then prints the secret it got.
import { loadOrCreateDevSecret } from "../../lib/config";

const [dir, startAt] = process.argv.slice(2);
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
process.stdout.write(`SECRET=${loadOrCreateDevSecret(dir!)}\n`);
