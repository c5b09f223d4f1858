// Our own X-Request-ID per request: the server echoes it, so a log line and a support ticket match.

export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * The id to log and show for an exchange: the server's echo when it is a plain token that holds no
 * secret, else our own. A careless server once put the caller's key in X-Request-ID.
 */
export function trustedRequestId(echoed: string | null, ours: string, containsSecret: (text: string) => boolean): string {
  if (echoed === null || echoed === ours) return ours;
  return SANE_REQUEST_ID.test(echoed) && !containsSecret(echoed) ? echoed : ours;
}
