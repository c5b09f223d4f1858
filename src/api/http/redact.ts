// Keeps API keys out of every text that leaves the client (errors, logs, the webview). A pattern
// alone is not enough: a key with punctuation kept its tail visible and a key without the `sk-air-`
// prefix (AIRFORCE_API_KEY) matched nothing, so the exact values in use are replaced as well.

export const KEY_PREFIX = 'sk-air-';
/** What a redacted key looks like in text. */
export const REDACTED = 'sk-air-…';

// Keys never contain whitespace (refused at input), so the whole run after the prefix is the key.
// Not when it is our own placeholder: redacting twice must not eat the text after it.
const KEY_PATTERN = /sk-air-(?!…)\S+/g;
/** Shorter values are not redacted by value: replacing every "abc" would garble all text and protect nothing. */
const MIN_SECRET_LENGTH = 4;
/** Old keys stay secret after a change; a small bound keeps the set from growing without end. */
const MAX_SECRETS = 8;

export interface Redactor {
  /** Adds a secret value (the key just used); empty and very short values are ignored. Returns it unchanged. */
  remember(secret: string | undefined): string | undefined;
  /** The text with every remembered secret (and its escaped forms) and any `sk-air-…` token replaced. */
  redact(text: string): string;
  /** True when the text holds a remembered secret or an `sk-air-…` token. */
  containsSecret(text: string): boolean;
}

/** Pattern-only redaction, for text produced where the current key is not known. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_PATTERN, REDACTED);
}

/** The forms a value takes when it is echoed inside JSON, a URL or a header. */
function variants(secret: string): string[] {
  const forms = new Set([secret, secret.trim(), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export function createRedactor(initial: Iterable<string> = []): Redactor {
  const secrets: string[] = [];
  // Longest first, so a secret that contains another is replaced whole.
  let forms: string[] = [];

  const rebuild = (): void => {
    forms = [...new Set(secrets.flatMap(variants))].sort((a, b) => b.length - a.length);
  };

  const redactor: Redactor = {
    remember(secret) {
      if (secret === undefined || secret.trim().length < MIN_SECRET_LENGTH) return secret;
      const i = secrets.indexOf(secret);
      if (i === 0) return secret;
      if (i > 0) secrets.splice(i, 1);
      secrets.unshift(secret);
      secrets.length = Math.min(secrets.length, MAX_SECRETS);
      rebuild();
      return secret;
    },
    redact(text) {
      let out = String(text);
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
      return redactSecrets(out);
    },
    containsSecret(text) {
      return text.includes(KEY_PREFIX) || forms.some((f) => text.includes(f));
    },
  };
  for (const s of initial) redactor.remember(s);
  return redactor;
}

/** Fields that hold bytes (base64 images), not text: never shown, and scanning megabytes would be waste. */
const BYTE_FIELDS = new Set(['b64_json']);

/**
 * A server's value with every string in it redacted (objects and arrays copied, other values kept).
 * Applied where server records enter (the transport's JSON reader, the progress stream), so a
 * prompt, result URL or any other text that echoes the key is scrubbed before it is stored, shown
 * or exported — not only the error texts.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v);
    if (typeof v !== 'object' || v === null || depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = BYTE_FIELDS.has(k) ? x : walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
