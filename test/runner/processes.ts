// Every process the runners start goes through here: each gets its own process group so stopping it
// also stops what it spawned (code-server's server, extension hosts, pty host), and all of them are
// stopped when this process exits or gets Ctrl-C, so no orphans are left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Append stdout+stderr to this file. */
  readonly logFile?: string;
  /** Called with each output line (stdout and stderr). */
  readonly onLine?: (line: string) => void;
}

const groups = new Set<number>();
const asyncCleanups = new Set<() => Promise<void>>();
let handlersInstalled = false;
let interrupted = false;

/** True once Ctrl-C (or SIGTERM/SIGHUP) asked this run to stop: results are partial then. */
export const isInterrupted = (): boolean => interrupted;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort on any exit: synchronous SIGKILL of every group still alive.
  process.on('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
  });
  const onSignal = (signal: NodeJS.Signals, code: number): void => {
    interrupted = true;
    process.stderr.write(`\n[runner] ${signal}: stopping everything started by this run…\n`);
    const cleanups = [...asyncCleanups].map((fn) => fn().catch(() => undefined));
    const timer = setTimeout(() => process.exit(code), 8000);
    void Promise.all(cleanups).finally(() => {
      clearTimeout(timer);
      for (const pid of groups) killGroup(pid, 'SIGTERM');
      setTimeout(() => process.exit(code), 300);
    });
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
}

/** Registers async cleanup (close a browser, remove temp dirs) that also runs on Ctrl-C. */
export function onCleanup(fn: () => Promise<void>): () => void {
  installHandlers();
  asyncCleanups.add(fn);
  return () => asyncCleanups.delete(fn);
}

export function startProcess(name: string, command: string, args: readonly string[], opts: StartOptions = {}): Managed {
  installHandlers();
  const child = spawn(command, [...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true, // own process group: kill(-pid) reaches the whole tree
    stdio: ['ignore', 'pipe', 'pipe'], // nothing here is interactive and CI has no stdin
  });
  const pid = child.pid;
  if (pid !== undefined) groups.add(pid);
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  const lineSplitter = (): ((chunk: Buffer) => void) => {
    let rest = '';
    return (chunk: Buffer) => {
      log?.write(chunk);
      if (!opts.onLine) return;
      rest += chunk.toString('utf8');
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line.replace(/\r$/, ''));
    };
  };
  child.stdout?.on('data', lineSplitter());
  child.stderr?.on('data', lineSplitter());
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      log?.write(`\n[runner] could not start ${command}: ${err.message}\n`);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  }).then((code) => {
    log?.end();
    return code;
  });
  const stop = async (graceMs = 5000): Promise<void> => {
    if (pid === undefined) return;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // Members of the group may outlive the leader (an extension host, a pty host).
    killGroup(pid, 'SIGKILL');
    groups.delete(pid);
  };
  return { name, child, exited, stop };
}

export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

/** Runs a command to completion (bounded), collecting combined output. */
export async function runCommand(command: string, args: readonly string[], opts: StartOptions & { readonly timeoutMs: number; readonly echo?: boolean }): Promise<CommandResult> {
  const chunks: string[] = [];
  const proc = startProcess(command, command, args, {
    ...opts,
    onLine: (line) => {
      chunks.push(line);
      if (opts.echo) process.stdout.write(`${line}\n`);
      opts.onLine?.(line);
    },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void proc.stop(2000);
  }, opts.timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  await proc.stop(0);
  return { code, output: chunks.join('\n'), timedOut };
}

/** Rejects after `ms` with a message naming what took too long. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
