import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface Address {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** An address range: the network's bytes (host bits zero) and the prefix length. */
export interface Cidr extends Address {
  prefix: number;
  /** Canonical text: `203.0.113.0/24`, `2001:db8::/48`. */
  text: string;
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** Parses an IPv4 or IPv6 address (IPv4-mapped IPv6 counts as IPv4); null for anything else. */
export function parseAddress(raw: string): Address | null {
  const text = raw.trim();
  if (isIPv4(text)) return { family: 4, bytes: ipv4Bytes(text) };
  if (!isIPv6(text) || text.includes('%')) return null;
  let head = text;
  let tailBytes: number[] = [];
  // A trailing dotted quad (::ffff:192.0.2.1) is the last 32 bits.
  const quad = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    tailBytes = [...ipv4Bytes(quad[1]!)];
    head = `${text.slice(0, quad.index)}:0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const groups = (part: string | null | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const leftGroups = groups(left);
  const rightGroups = groups(right);
  const missing = 8 - leftGroups.length - rightGroups.length;
  const all = [
    ...leftGroups,
    ...Array<number>(right === null ? 0 : missing).fill(0),
    ...rightGroups,
  ];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  if (tailBytes.length === 4) bytes.set(tailBytes, 12);
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
}

function formatAddress({ family, bytes }: Address): string {
  if (family === 4) return [...bytes].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  // The longest run of zero groups (at least two) becomes "::".
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/** Keeps the first `prefix` bits. */
function masked(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/**
 * Parses `address/prefix` (or a bare address: one host); the host bits are cleared, so
 * `203.0.113.7/24` is `203.0.113.0/24`. Null for anything else.
 */
export function parseCidr(raw: string): Cidr | null {
  const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(raw.trim());
  if (!match) return null;
  const address = parseAddress(match[1]!);
  if (!address) return null;
  const max = address.family === 4 ? 32 : 128;
  let prefix = match[2] === undefined ? max : Number(match[2]);
  // An IPv4-mapped range keeps its meaning: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
  if (address.family === 4 && match[1]!.includes(':') && match[2] !== undefined) prefix -= 96;
  if (prefix < 0 || prefix > max) return null;
  const bytes = masked(address.bytes, prefix);
  return {
    family: address.family,
    bytes,
    prefix,
    text: `${formatAddress({ ...address, bytes })}/${prefix}`,
  };
}

/** Whether the range holds the address. */
export function cidrContains(cidr: Cidr, address: Address): boolean {
  if (cidr.family !== address.family) return false;
  const bits = masked(address.bytes, cidr.prefix);
  return bits.every((byte, i) => byte === cidr.bytes[i]);
}

/**
 * What counts as one client for limits: an IPv4 address, or an IPv6 /64 (one subscriber's
 * network: a host can take any address in it).
 */
export function clientKey(raw: string): string {
  const address = parseAddress(raw);
  if (!address) return raw;
  if (address.family === 4) return formatAddress(address);
  return `${formatAddress({ family: 6, bytes: masked(address.bytes, 64) })}/64`;
}
