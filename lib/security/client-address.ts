import { isIP } from "node:net";
import type { ClientAddressSource } from "../config";
import { peerAddressFrom } from "./server-hook";

export type { ClientAddressSource };

/** The per-address bucket of every request whose client address could not be read: one bucket, never no limit. */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client address used for per-address throttling, from the one source that a client cannot choose:
 *
 * - on Vercel: the platform's own header (`x-vercel-forwarded-for`, then `x-real-ip`), which Vercel sets
 *   itself, overwriting anything the client sent;
 * - with TRUSTED_PROXY_HOPS=0 (the default elsewhere: `next start` faces the clients): the TCP peer's address,
 *   stamped on each request by lib/security/server-hook.ts. X-Forwarded-For is ignored: `next start` passes
 *   a client's own value through unchanged;
 * - with TRUSTED_PROXY_HOPS=N (N proxies in front, each appending the address it saw): the N-th
 *   X-Forwarded-For entry from the right, i.e. what the outermost trusted proxy saw. Entries further left
 *   were written by the client and are ignored.
 *
 * Null when that source is missing or unparseable; callers then use one shared "unknown" bucket, never "no
 * limit". IPv6 addresses count per /64: one subscriber usually gets a whole /64 and could rotate through it.
 */

interface HeaderSource {
  get(name: string): string | null;
}

export function clientAddressFrom(headers: HeaderSource, source: ClientAddressSource): string | null {
  return normalizeAddress(rawClientAddress(headers, source) ?? "");
}

function rawClientAddress(headers: HeaderSource, source: ClientAddressSource): string | null {
  switch (source.kind) {
    case "vercel":
      return (
        firstEntry(headers.get("x-vercel-forwarded-for")) ??
        headers.get("x-real-ip")?.trim() ??
        firstEntry(headers.get("x-forwarded-for"))
      );
    case "socket":
      return peerAddressFrom(headers);
    case "forwarded-for": {
      const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim());
      if (entries.length === 1 && entries[0] === "") return null;
      return entries.length >= source.hops ? entries[entries.length - source.hops]! : null;
    }
  }
}

function firstEntry(value: string | null): string | null {
  return value?.split(",")[0]?.trim() || null;
}

export function normalizeAddress(raw: string): string | null {
  let address = raw.trim();
  // Some proxies add the port: "203.0.113.9:51234", "[2001:db8::1]:51234".
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address) ?? /^\[([^\]]+)\]:\d+$/.exec(address);
  if (withPort) address = withPort[1]!;
  address = address.replace(/^\[|\]$/g, "");
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

/**
 * The network a normalized address belongs to, for people to tell two sessions of the same browser apart
 * ("Chrome on Mac · from 203.0.113.x"): the /24 of an IPv4 address, the /64 of an IPv6 one. Null for the
 * shared "unknown" bucket.
 */
export function networkHint(address: string): string | null {
  if (/^127\./.test(address) || address === "0:0:0:0::/64") return "this computer";
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]!}.x`;
  return address.endsWith("::/64") ? address : null;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split("::") as [string, string | undefined];
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  return [...headParts, ...Array.from({ length: missing }, () => "0"), ...tailParts].map((part) =>
    part.replace(/^0+(?=.)/, ""),
  );
}
