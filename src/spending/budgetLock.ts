// One budget check at a time across every window: a lock file beside the ledger, taken with O_EXCL.
// Without it two windows submitting at the same instant could both read "enough left" and both send.
// A lock left by a window that died is taken over once it is older than STALE_LOCK_MS.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const STALE_LOCK_MS = 10_000;
const RETRY_MS = 15;
const WAIT_MS = 3_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` holding `<ledger>.lock`; gives up waiting after WAIT_MS (then runs unlocked, and says so). */
export async function withBudgetLock<T>(ledgerFile: string, fn: () => Promise<T>, warn?: (m: string) => void): Promise<T> {
  const lock = `${ledgerFile}.lock`;
  await fs.mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let held = false;
  while (!held) {
    try {
      await (await fs.open(lock, 'wx')).close();
      held = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await fs.stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await fs.unlink(lock).catch(() => undefined);
      else if (Date.now() > deadline) break;
      else await sleep(RETRY_MS);
    }
  }
  if (!held) warn?.('The budget lock stayed taken; checking without it.');
  try {
    return await fn();
  } finally {
    if (held) await fs.unlink(lock).catch(() => undefined);
  }
}
