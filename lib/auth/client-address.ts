import { isIP } from "node:net";

/**
 * The client address used for per-address throttling: the right-most X-Forwarded-For entry, i.e. the address
 * the nearest proxy saw. Vercel and the usual reverse proxies (nginx's $proxy_add_x_forwarded_for, cloud load
 * balancers) append or overwrite that entry, so a client cannot choose it. `next start` without a proxy only
 * fills the header when the client sent none: there a client can pick its own address, and only the
 * per-email limit holds (docs/security.md says so).
 *
 * IPv6 addresses count per /64: one subscriber usually gets a whole /64 and could rotate through it.
 */
export function clientAddressFrom(headers: { get(name: string): string | null }): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const candidate = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1) ?? headers.get("x-real-ip")?.trim();
  if (!candidate) return null;
  return normalizeAddress(candidate);
}

export function normalizeAddress(raw: string): string | null {
  let address = raw.replace(/^\[|\]$/g, "");
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split("::") as [string, string | undefined];
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  return [...headParts, ...Array.from({ length: missing }, () => "0"), ...tailParts].map((part) => part.replace(/^0+(?=.)/, ""));
}
