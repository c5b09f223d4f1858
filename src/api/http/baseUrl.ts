// The key goes to whatever `airforce.baseUrl` names, so only https is accepted; plain http is allowed
// for loopback only (the local simulator), where nothing crosses the network.
import { AirforceError } from './errors';

function refuse(reason: string): AirforceError {
  return new AirforceError({
    message: `The "airforce.baseUrl" setting is not usable: ${reason}.`,
    type: 'configuration_error',
    code: 'unsafe_base_url',
  });
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // WHATWG URL already normalised IPv4 forms (e.g. 0x7f.1 → 127.0.0.1).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses and checks a base URL; returns it without a trailing slash in its path.
 * Throws an AirforceError (code 'unsafe_base_url') naming the problem, never echoing credentials.
 */
export function assertSafeBaseUrl(url: string): URL {
  const text = typeof url === 'string' ? url.trim() : '';
  if (text === '') throw refuse('it is empty');
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw refuse('it is not a valid URL (expected something like https://api.airforce)');
  }
  if (parsed.username || parsed.password) throw refuse('it must not contain a user name or password');
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw refuse(`only https:// addresses are allowed, not ${parsed.protocol}`);
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw refuse('plain http:// is only allowed for 127.0.0.1, localhost or [::1]; use https://');
  }
  if (parsed.search || parsed.hash) throw refuse('it must not contain a query (?…) or fragment (#…)');
  parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  return parsed;
}

/** Joins the checked base and an absolute API path (`/v1/…`), keeping any base path prefix. */
export function joinUrl(base: URL, path: string): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${path.startsWith('/') ? path : `/${path}`}`;
}
