// Adds an organizer straight into an fs DATA_DIR (there is no sign-up page yet): for specs that need an
// organizer without the demo data. Usage: DATA_DIR=... tsx create-organizer.ts email first last password
import { hashPassword } from "../../lib/auth/password";
import { createOrganizerRepository } from "../../lib/data/organizers";
import { createFsStore } from "../../lib/storage/fs-store";

const [email, firstName, lastName, password] = process.argv.slice(2);
if (!email || !firstName || !lastName || !password || !process.env.DATA_DIR) {
  console.error("usage: DATA_DIR=... create-organizer.ts email first last password");
  process.exit(2);
}
const store = createFsStore(process.env.DATA_DIR);
const result = await createOrganizerRepository(store).create({
  email,
  firstName,
  lastName,
  passwordHash: await hashPassword(password),
});
await store.close();
if (!result.ok) {
  console.error(`could not create ${email}: ${result.reason}`);
  process.exit(1);
}
