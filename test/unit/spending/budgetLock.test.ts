// The budget lock across windows (src/spending/budgetLock.ts, service.ts check): separate processes
// stand for separate windows; each runs a real budget check against one ledger file.
import { execFile } from 'node:child_process';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Spending, type BudgetSettings } from '../../../src/spending/service';
import { withBudgetLock } from '../../../src/spending/budgetLock';
import { tempDir } from './helpers';

const tmp = tempDir();
after(tmp.cleanup);

const run = promisify(execFile);
const service = path.resolve(__dirname, '../../../src/spending/service.js');
const settings: BudgetSettings = { budgetCents: 100, period: 'day' };

/**
 * `count` processes, each a window that checks $0.60 against a $1.00 budget at the same instant
 * (`startAt`), with the lock's wait `waitMs`; resolves to each one's verdict reason ('ok' when it passed).
 */
async function windows(file: string, count: number, waitMs: number): Promise<string[]> {
  const startAt = Date.now() + 1500; // every process has loaded by then (two shared cores)
  const script = `
    const { Spending } = require(${JSON.stringify(service)});
    const spending = new Spending({ file: ${JSON.stringify(file)}, settings: () => (${JSON.stringify(settings)}), lock: { waitMs: ${waitMs} } });
    setTimeout(async () => {
      const v = await spending.check([60]);
      await spending.ledger.flush();
      process.stdout.write(v.ok ? 'ok' : v.reason);
    }, Math.max(0, ${startAt} - Date.now()));`;
  const outs = await Promise.all(Array.from({ length: count }, () => run(process.execPath, ['-e', script])));
  return outs.map((o) => o.stdout.trim());
}

/** A lock file as a window that died left it, `ageMs` ago. */
function deadLock(file: string, ageMs: number): void {
  const lock = `${file}.lock`;
  writeFileSync(lock, '4242-dead-window');
  const then = new Date(Date.now() - ageMs);
  utimesSync(lock, then, then);
}

describe('the budget lock across processes', () => {
  it('r3#2 a stale lock on disk, six windows at once: exactly one passes a check meant for one (three rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const file = tmp.file(`stale-${round}.jsonl`);
      deadLock(file, 60_000);
      const verdicts = await windows(file, 6, 5_000);
      assert.equal(verdicts.filter((v) => v === 'ok').length, 1, `round ${round}: ${verdicts.join(', ')}`);
      assert.deepEqual(verdicts.filter((v) => v !== 'ok').sort(), ['over', 'over', 'over', 'over', 'over'], 'the others saw the first one’s hold');
      const left = readdirSync(tmp.dir).filter((f) => f.startsWith(`stale-${round}.jsonl.`));
      assert.deepEqual(left, [], 'no lock, claim or temporary file is left behind');
    }
  });

  it('r3#2 a stale lock on disk, twelve windows of one process at once: exactly one passes (five rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const file = tmp.file(`stale-in-${round}.jsonl`);
      deadLock(file, 60_000);
      const all = Array.from({ length: 12 }, () => new Spending({ file, settings: () => settings, lock: { waitMs: 5_000 } }));
      const verdicts = await Promise.all(all.map((w) => w.check([60])));
      assert.equal(verdicts.filter((v) => v.ok).length, 1, `round ${round}: ${verdicts.map((v) => (v.ok ? 'ok' : v.reason)).join(', ')}`);
      for (const v of verdicts) v.release();
      await Promise.all(all.map((w) => w.ledger.flush()));
    }
  });

  it('r3#3 a fresh lock a dead window left: every waiter refuses ("busy"), none checks without the lock', async () => {
    const file = tmp.file('fresh.jsonl');
    deadLock(file, 0);
    const verdicts = await windows(file, 6, 300);
    assert.deepEqual(verdicts, ['busy', 'busy', 'busy', 'busy', 'busy', 'busy']);
    const later = new Spending({ file, settings: () => settings, lock: { waitMs: 50 } });
    assert.equal((await later.data()).inFlightCents, 0, 'nothing was held');
  });

  it('once that lock is stale it is taken over, and a check goes through', async () => {
    const file = tmp.file('then-stale.jsonl');
    deadLock(file, 0);
    const spending = new Spending({ file, settings: () => settings, lock: { waitMs: 2_000, staleMs: 300 } });
    const v = await spending.check([60]);
    assert.equal(v.ok, true);
    v.release();
  });

  it('a live holder that takes longer than the stale age keeps its lock (it touches it)', async () => {
    const file = tmp.file('slow-holder.jsonl');
    const order: string[] = [];
    const slow = withBudgetLock(
      file,
      async () => {
        order.push('slow in');
        await new Promise((r) => setTimeout(r, 900));
        order.push('slow out');
      },
      { staleMs: 200 },
    );
    await new Promise((r) => setTimeout(r, 50));
    await withBudgetLock(file, async () => void order.push('second in'), { staleMs: 200, waitMs: 3_000 });
    await slow;
    assert.deepEqual(order, ['slow in', 'slow out', 'second in']);
  });
});
