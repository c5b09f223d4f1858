// Short texts for what went wrong: where a schema broke, and what a failed fetch says about the socket.

/** zod path → `data[2].status`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function errorCode(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** fetch wraps socket errors in TypeError('fetch failed', { cause }); the cause's code is the useful part. */
export function networkCode(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  return errorCode(cause) ?? errorCode(err) ?? 'network';
}

export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error && err.cause.message !== err.message ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}
