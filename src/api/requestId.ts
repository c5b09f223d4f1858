// Our own X-Request-ID per request: the server echoes it, so a log line and a support ticket match.

export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}
