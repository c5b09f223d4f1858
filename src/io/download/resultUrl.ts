// Where a result download may go. A pre-signed URL comes from the server, so a hostile or broken
// server could point it (or a redirect) at plain http, at the cloud metadata address or at a
// machine on the person's network. Allowed: https to public hosts; when the base URL itself is
// loopback (the local simulator), also http/https to loopback. Never a downgrade from https to http.
import { BlockList, isIP } from 'node:net';
import { promises as dns } from 'node:dns';
import { DownloadError } from './downloadError';

export interface ResultUrlPolicy {
  /** `airforce.baseUrl` is loopback: result URLs on loopback (http or https) are then allowed. */
  baseIsLoopback: boolean;
  /**
   * Resolves a host name to its addresses. When given, a name resolving to a private or link-local
   * address is refused too; when the lookup fails the name passes (fetch will resolve it itself, and
   * behind a proxy the local resolver may know nothing).
   */
  lookup?: HostLookup;
}

export type HostLookup = (hostname: string) => Promise<string[]>;

/** The system resolver (what fetch uses without a proxy). */
export const systemLookup: HostLookup = async (hostname) => (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type AddressKind = 'public' | 'loopback' | 'private';

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT: someone's LAN too
  ['169.254.0.0', 16], // link-local, includes the cloud metadata address
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3], // multicast and reserved
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
PRIVATE.addSubnet('::', 96, 'ipv6'); // unspecified and the old IPv4-compatible form (::1 is checked first)
PRIVATE.addSubnet('fe80::', 10, 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('ff00::', 8, 'ipv6');

/**
 * Classifies an IP literal (no brackets). An IPv6 address that carries an IPv4 address (mapped,
 * translated, NAT64, 6to4, Teredo) counts as that IPv4 address: `64:ff9b::a9fe:a9fe` reaches
 * 169.254.169.254 through a NAT64 gateway just as surely as the plain spelling.
 */
export function classifyAddress(ip: string): AddressKind {
  const family = isIP(ip);
  if (family === 4) {
    if (ip.startsWith('127.')) return 'loopback';
    return PRIVATE.check(ip, 'ipv4') ? 'private' : 'public';
  }
  if (family !== 6) return 'private'; // not an address at all: never treat as safe
  const lower = ip.toLowerCase();
  const groups = ipv6Groups(lower);
  if (!groups) return 'private';
  const embedded = embeddedIpv4(groups);
  if (embedded === 'local') return 'private';
  if (embedded) {
    const kind = classifyAddress(embedded.v4);
    // Only a mapped or translated address is this computer's own loopback; through a gateway it is not ours.
    return kind === 'loopback' && !embedded.local ? 'private' : kind;
  }
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return 'loopback';
  return PRIVATE.check(lower, 'ipv6') ? 'private' : 'public';
}

/** The eight 16-bit groups of an IPv6 literal (a trailing dotted IPv4 counts as two), or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.replace(/%.*$/, ''); // a zone id names an interface, not part of the address
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] && dotted[2]) {
    const b = dotted[2].split('.').map(Number);
    text = `${dotted[1]}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const part = (p: string | undefined): number[] => (p ? p.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const out = [...left, ...new Array<number>(Math.max(0, fill)).fill(0), ...right];
  return out.length === 8 && out.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? out : undefined;
}

const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
const zeros = (groups: number[], from: number, to: number): boolean => groups.slice(from, to).every((g) => g === 0);

/**
 * The IPv4 address an IPv6 address carries, with `local` when it is this machine's own (mapped,
 * translated); 'local' for the local-use NAT64 prefix (64:ff9b:1::/48: a site's own network).
 */
function embeddedIpv4(g: number[]): { v4: string; local: boolean } | 'local' | undefined {
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated, SIIT)
  if (zeros(g, 0, 5) && g[5] === 0xffff) return { v4: v4(g[6], g[7]), local: true };
  if (zeros(g, 0, 4) && g[4] === 0xffff && g[5] === 0) return { v4: v4(g[6], g[7]), local: true };
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    if (zeros(g, 2, 6)) return { v4: v4(g[6], g[7]), local: false }; // NAT64 well-known prefix
    if (g[2] === 1) return 'local';
  }
  if (g[0] === 0x2002) return { v4: v4(g[1], g[2]), local: false }; // 6to4
  // Teredo: the client's address is the last 32 bits inverted; the server's must be public too.
  if (g[0] === 0x2001 && g[1] === 0) {
    const client = v4(~g[6] & 0xffff, ~g[7] & 0xffff);
    const server = v4(g[2], g[3]);
    return { v4: classifyAddress(server) === 'public' ? client : server, local: false };
  }
  return undefined;
}

/** The kind of a URL's host as written: an IP literal, `localhost`, or a name (public until resolved). */
export function hostKind(hostname: string): AddressKind {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isIP(host)) return classifyAddress(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  return 'public';
}

/** True when a base URL's host is loopback (127/8, ::1, localhost). An unparsable URL is not. */
export function isLoopbackBaseUrl(baseUrl: string): boolean {
  try {
    return hostKind(new URL(baseUrl.trim()).hostname) === 'loopback';
  } catch {
    return false;
  }
}

const refuse = (why: string): DownloadError => new DownloadError('unsafe_url', `Refusing the result URL: ${why}.`);

/**
 * Parses `raw` (relative to `from`, the previous hop, for a redirect's Location) and checks it
 * against the policy: the scheme (case-insensitively: WHATWG URL lower-cases it), no https→http
 * downgrade, no credentials in the URL, no private or link-local literal address. Returns the URL.
 */
export function checkResultUrl(raw: string, policy: ResultUrlPolicy, from?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, from);
  } catch {
    throw new DownloadError('unsafe_url', from ? 'A redirect named an invalid URL.' : 'The result URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`${url.protocol} is not http(s)`);
  if (from?.protocol === 'https:' && url.protocol === 'http:') throw refuse('a redirect from https down to plain http');
  if (url.username || url.password) throw refuse('it carries a user name or password');
  checkKind(hostKind(url.hostname), url, policy);
  return url;
}

/** With a lookup in the policy: refuses a host name that resolves to a private or (unexpected) loopback address. */
export async function checkResolvedHost(url: URL, policy: ResultUrlPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.lookup || isIP(host)) return;
  let addresses: string[];
  try {
    addresses = await policy.lookup(host);
  } catch {
    return; // cannot tell here; fetch resolves (or fails) on its own
  }
  // Each address must pass; fetch may pick any of them. (A name that changes its answer between this
  // lookup and fetch's own is not caught: pinning the address would need our own connector.)
  for (const address of addresses) checkKind(classifyAddress(address), url, policy, address);
}

function checkKind(kind: AddressKind, url: URL, policy: ResultUrlPolicy, resolved?: string): void {
  const what = resolved ? `${url.hostname} resolves to ${resolved}, ` : `${url.hostname} is `;
  if (kind === 'private') throw refuse(`${what}a private or link-local address`);
  if (kind === 'loopback' && !policy.baseIsLoopback) throw refuse(`${what}this computer, but airforce.baseUrl is not`);
  if (url.protocol === 'http:' && kind !== 'loopback') throw refuse('result files must come over https');
}
