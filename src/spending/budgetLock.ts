// One budget check at a time across every window: a lock file beside the ledger. Without it two
// windows submitting at the same instant could both read "enough left" and both send.
// - Taken with O_EXCL; the file names its holder (a random token), and the holder touches it while
//   it holds it, so only a window that died (or froze) leaves a lock older than the stale age.
// - A stale lock is taken over atomically, never by delete-then-create (which lets a second waiter
//   delete the first one's fresh lock): a waiter first claims *that* lock (`<lock>.takeover-<token>`,
//   O_EXCL: one claimant per stale lock), checks it is still the same stale lock, and renames a fresh
//   lock of its own over it. A late waiter that saw the same stale lock finds a new token and waits.
// - A waiter that cannot get the lock in time refuses (BudgetLockBusyError): it never checks unlocked.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const STALE_LOCK_MS = 10_000;
const RETRY_MS = 15;
const WAIT_MS = 3_000;

export interface BudgetLockOptions {
  /** How long a waiter waits before it refuses (default 3 s). */
  waitMs?: number;
  /** A lock untouched for this long belongs to a window that died (default 10 s). */
  staleMs?: number;
}

/** Another window holds the budget lock (or died holding it a moment ago): nothing was checked. */
export class BudgetLockBusyError extends Error {
  constructor() {
    super('The budget lock is held by another window.');
    this.name = 'BudgetLockBusyError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

interface LockState {
  token: string;
  mtimeMs: number;
}

/** The lock's holder and age, read from one open file (both describe the same lock), or undefined when there is none. */
async function readLock(file: string): Promise<LockState | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const { mtimeMs } = await handle.stat();
    return { token: (await handle.readFile('utf8')).trim(), mtimeMs };
  } finally {
    await handle.close();
  }
}

/** O_EXCL: true when this call made the lock. */
async function tryCreate(file: string, token: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(token);
  } finally {
    await handle.close();
  }
  return true;
}

/** Replaces the stale lock `seen` with this waiter's, atomically; false when another waiter got there first. */
async function takeOver(file: string, seen: LockState, token: string, staleMs: number): Promise<boolean> {
  const claim = `${file}.takeover-${seen.token.replace(/[^\w-]/g, '') || 'empty'}`;
  if (!(await tryCreate(claim, token))) {
    // A waiter that died between its claim and its rename would block this lock for good.
    const old = await readLock(claim).catch(() => undefined);
    if (old && Date.now() - old.mtimeMs > staleMs) await fs.unlink(claim).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(file);
    if (!now || now.token !== seen.token || Date.now() - now.mtimeMs <= staleMs) return false;
    const fresh = `${file}.${token}.tmp`;
    await fs.writeFile(fresh, token, { flag: 'wx' });
    try {
      await fs.rename(fresh, file);
      return true;
    } catch {
      // Windows refuses to replace a file another process has open: wait and try again.
      await fs.unlink(fresh).catch(() => undefined);
      return false;
    }
  } finally {
    await fs.unlink(claim).catch(() => undefined);
  }
}

/**
 * Runs `fn` holding `<ledger>.lock`. Rejects with BudgetLockBusyError (without running `fn`) when
 * the lock stays taken for `waitMs`.
 */
export async function withBudgetLock<T>(ledgerFile: string, fn: () => Promise<T>, opts: BudgetLockOptions = {}): Promise<T> {
  const waitMs = opts.waitMs ?? WAIT_MS;
  const staleMs = opts.staleMs ?? STALE_LOCK_MS;
  const lock = `${ledgerFile}.lock`;
  const token = `${process.pid}-${randomUUID()}`;
  await fs.mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await tryCreate(lock, token)) break;
    const seen = await readLock(lock);
    if (seen && Date.now() - seen.mtimeMs > staleMs && (await takeOver(lock, seen, token, staleMs))) break;
    if (Date.now() > deadline) throw new BudgetLockBusyError();
    if (seen) await sleep(RETRY_MS); // else it was released just now: try again at once
  }
  // Touched while held, so a check that takes long is never mistaken for a dead window's.
  const touch = setInterval(
    () => {
      const now = new Date();
      void fs.utimes(lock, now, now).catch(() => undefined);
    },
    Math.max(10, staleMs / 3),
  );
  touch.unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(touch);
    // Only our own lock is removed (one taken over after a freeze belongs to another window now).
    const now = await readLock(lock).catch(() => undefined);
    if (now?.token === token) await fs.unlink(lock).catch(() => undefined);
  }
}
