import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { LinkVault } from "./invitations";

/**
 * Seals RSVP tokens with AES-256-GCM under a key derived from the session secret(s), so the organizer's page
 * can show a link again while the store holds only its hash and this ciphertext. The first secret seals,
 * every secret opens: rotating SESSION_SECRET keeps links visible as long as the old secret stays listed.
 */
const VERSION = "v1";

interface VaultKey {
  id: string;
  key: Buffer;
}

function deriveKey(secret: string): VaultKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "holiday-party-planner", "rsvp-link-v1", 32));
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

export function createLinkVault(secrets: string[]): LinkVault {
  const keys = [...new Set(secrets)].map(deriveKey);
  const sealing = keys[0];
  if (!sealing) throw new Error("createLinkVault needs at least one secret");
  return {
    seal(token) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", sealing.key, iv);
      const ciphertext = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        sealing.id,
        iv.toString("base64url"),
        ciphertext.toString("base64url"),
        tag.toString("base64url"),
      ].join(".");
    },
    open(sealed) {
      const [version, id, iv, ciphertext, tag] = sealed.split(".");
      if (version !== VERSION || !iv || !ciphertext || !tag) return null;
      const key = keys.find((k) => k.id === id);
      if (!key) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        return null;
      }
    },
  };
}

/** The vault over the configured session secrets: the newest seals, all of them open. */
export function linkVaultFromSecrets(secrets: {
  seal: Record<number, string>;
  unseal: Record<number, string>;
}): LinkVault {
  return createLinkVault([...Object.values(secrets.seal), ...Object.values(secrets.unseal)]);
}
