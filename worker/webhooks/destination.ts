/**
 * Whether a webhook URL points into a private network: the machine itself, link-local addresses
 * (169.254.169.254 answers cloud metadata), RFC 1918 and carrier-grade NAT ranges, unique-local
 * IPv6, and names that only resolve inside a network. Outside local development such URLs are
 * refused, so a key holder cannot make the server call its own neighbours.
 * Names are checked as written; a public name that resolves to a private address is the network's
 * to stop (Workers cannot reach private addresses; a self-hosted server's egress rules should not).
 */
export function isPrivateDestination(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host)) return true;
  const v4 = ipv4(host) ?? mappedIpv4(host);
  if (v4) return privateIpv4(v4);
  if (host.includes(":")) return privateIpv6(host);
  return false;
}

function ipv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** `::ffff:10.0.0.1`, which URL writes as `::ffff:a00:1`. */
function mappedIpv4(host: string): number[] | null {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!match) return ipv4(host.replace(/^::ffff:/, ""));
  const [hi, lo] = [parseInt(match[1]!, 16), parseInt(match[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function privateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a! >= 224 ||
    (a === 100 && b! >= 64 && b! <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

function privateIpv6(host: string): boolean {
  if (host === "::" || host === "::1") return true;
  const first = parseInt(host.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
