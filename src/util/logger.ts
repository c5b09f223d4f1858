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
