// Bearer-key checks. Tasks remember a fingerprint of their key, never the key, so nothing the
// simulator keeps (task map, request log) can leak it.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from './errors';

export const DEMO_KEY = 'sk-air-demo-0000000000';
export const KEY_PREFIX = 'sk-air-';

export const keyFingerprint = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

export class KeyRing {
  private readonly owners = new Map<string, string>();

  constructor(keys: readonly string[]) {
    for (const key of keys) {
      if (!key.startsWith(KEY_PREFIX)) throw new Error(`Simulator keys must start with ${KEY_PREFIX}`);
      this.owners.set(key, keyFingerprint(key));
    }
  }

  /** The caller's fingerprint; throws 401 without a valid `Authorization: Bearer` key. */
  require(req: IncomingMessage): string {
    const owner = this.optional(req);
    if (owner === undefined) throw unauthorized(`Missing API key. Send "Authorization: Bearer ${KEY_PREFIX}…".`, 'missing_api_key');
    return owner;
  }

  /** undefined when no Authorization header was sent; throws 401 when one was sent but is wrong. */
  optional(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    if (header === undefined || header === '') return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const owner = m ? this.owners.get(m[1]) : undefined;
    if (owner === undefined) throw unauthorized('Invalid API key.', 'invalid_api_key');
    return owner;
  }
}
