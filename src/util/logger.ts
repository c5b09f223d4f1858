// The logging surface the pure modules need. VS Code's LogOutputChannel satisfies it; tests pass
// an array-backed logger. Never log the API key: callers log method, path, status, request id, ms.
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

const noop = (): void => undefined;
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

function logText(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * The same logger with every line passed through `redact` first (message and arguments, errors
 * flattened to their stack), so a key a server echoed never reaches the output channel. Any other
 * member of `inner` (show, dispose of a LogOutputChannel) is forwarded unchanged.
 */
export function redactingLogger<L extends Logger>(inner: L, redact: (text: string) => string): L {
  const wrapped = new Map<PropertyKey, unknown>(
    LEVELS.map((level) => {
      const write = inner[level].bind(inner) as (message: string, ...args: unknown[]) => void;
      return [level, (message: unknown, ...args: unknown[]) => write(redact(logText(message)), ...args.map((a) => redact(logText(a))))];
    }),
  );
  return new Proxy(inner, {
    get(target, prop) {
      if (wrapped.has(prop)) return wrapped.get(prop);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
