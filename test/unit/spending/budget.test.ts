// The budget (src/spending/budget.ts, service.ts, src/submit/vscode/budgetGuard.ts): spent in the period
// + in flight + the new estimates against airforce.budgetCents; an unknown price is refused with a
// budget set; a batch is checked as a whole; the refusal names the budget, what is left and the cost.
process.env.TZ = 'Europe/Berlin';
import { fakeVscode } from '../vscodeFake';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkBudget } from '../../../src/spending/budget';
import { Spending, type BudgetSettings } from '../../../src/spending/service';
import type { Airforce } from '../../../src/container';
import { tempDir } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const guard = require('../../../src/submit/vscode/budgetGuard') as typeof import('../../../src/submit/vscode/budgetGuard');

void fakeVscode;
const tmp = tempDir();
after(tmp.cleanup);

describe('checkBudget', () => {
  const base = { budgetCents: 100, period: 'day' as const, spentCents: 0, inFlightCents: 0 };

  it('no budget (0, negative, not a number): everything goes, even an unknown price', () => {
    for (const budgetCents of [0, -5, NaN]) assert.deepEqual(checkBudget({ ...base, budgetCents, estimates: [1e9, Infinity] }), { ok: true });
  });

  it('up to the budget goes; one cent over is refused with what is left', () => {
    assert.deepEqual(checkBudget({ ...base, spentCents: 60, inFlightCents: 20, estimates: [20] }), { ok: true });
    assert.deepEqual(checkBudget({ ...base, spentCents: 60, inFlightCents: 20, estimates: [21] }), {
      ok: false,
      reason: 'over',
      budgetCents: 100,
      period: 'day',
      leftCents: 20,
      costCents: 21,
    });
  });

  it('fractions of a cent count, without binary noise', () => {
    assert.deepEqual(checkBudget({ ...base, budgetCents: 0.3, estimates: [0.1, 0.2] }), { ok: true });
    assert.equal(checkBudget({ ...base, budgetCents: 0.3, estimates: [0.1, 0.2, 0.001] }).ok, false);
  });

  it('a batch is checked as a whole: each shot fits, all of them do not', () => {
    const verdict = checkBudget({ ...base, estimates: [40, 40, 40] });
    assert.ok(!verdict.ok && verdict.reason === 'over' && verdict.costCents === 120);
  });

  it('an unknown estimate is refused when a budget is set; left never goes below 0', () => {
    const verdict = checkBudget({ ...base, spentCents: 150, estimates: [5, Infinity] });
    assert.deepEqual(verdict, { ok: false, reason: 'unknown', budgetCents: 100, period: 'day', leftCents: 0 });
  });
});

describe('the budget against the ledger (every window’s jobs)', () => {
  const settings: BudgetSettings = { budgetCents: 100, period: 'day' };
  const now = new Date(2024, 5, 10, 12).getTime();
  const at = (ms: number): number => ms / 1000;

  it('counts settled jobs of the period and what is in flight, not failed jobs or yesterday', async () => {
    const file = tmp.file('budget.jsonl');
    const other = new Spending({ file, settings: () => settings, now: () => now });
    other.ledger.append({ id: 'done', at: at(now - 3600_000), kind: 'video', model: 'wan-2.6', state: 'settled', cents: 40, billed: true });
    other.ledger.append({ id: 'running', at: at(now - 60_000), kind: 'image', model: 'flux', state: 'inflight', cents: 30 });
    other.ledger.append({ id: 'failed', at: at(now - 60_000), kind: 'video', model: 'wan-2.6', state: 'void', cents: 0 });
    other.ledger.append({ id: 'yesterday', at: at(new Date(2024, 5, 9, 23, 59).getTime()), kind: 'video', model: 'wan-2.6', state: 'settled', cents: 500 });
    await other.ledger.flush();

    const here = new Spending({ file, settings: () => settings, now: () => now });
    const accepted = await here.check([30]);
    assert.equal(accepted.ok, true);
    accepted.release(); // not sent after all: the hold goes
    const { release: _r, holds: _h, ...refused } = await here.check([31]);
    assert.deepEqual(refused, { ok: false, reason: 'over', budgetCents: 100, period: 'day', leftCents: 30, costCents: 31 });
    const data = await here.data();
    assert.equal(data.todayCents, 40);
    assert.equal(data.inFlightCents, 30);
    assert.equal(data.leftCents, 30);
    settings.period = 'month';
    assert.equal((await here.data()).periodCents, 540, 'the month includes yesterday');
    settings.period = 'day';
  });

  it('the refusal names the budget, what is left and the cost; an unknown price says why', async () => {
    assert.equal(
      guard.budgetMessage({ ok: false, reason: 'over', budgetCents: 100, period: 'day', leftCents: 20, costCents: 200 }),
      'Budget of $1.00 per day: $0.20 left; this costs about $2.00. Nothing was sent.',
    );
    assert.match(
      guard.budgetMessage({ ok: false, reason: 'over', budgetCents: 5000, period: 'month', leftCents: 0, costCents: 0.4 }),
      /^Budget of \$50\.00 per month: \$0\.00 left; this costs about \$0\.004\./,
    );
    assert.match(guard.budgetMessage({ ok: false, reason: 'unknown', budgetCents: 100, period: 'day', leftCents: 100 }), /price of this request is unknown/);
    const spending = new Spending({ file: tmp.file('guard.jsonl'), settings: () => settings, now: () => now });
    const step = guard.budgetStep({ spending } as unknown as Airforce);
    const first = await step(100);
    assert.equal(first.ok, true);
    // The accepted $1.00 is held until that job is recorded: nothing is left for a second one meanwhile.
    assert.deepEqual(await step(101), { ok: false, message: 'Budget of $1.00 per day: $0.00 left; this costs about $1.01. Nothing was sent.' });
  });

  it('two windows checking at the same instant cannot both spend what is left', async () => {
    const file = tmp.file('race.jsonl');
    const windows = [0, 1, 2, 3].map(() => new Spending({ file, settings: () => settings, now: () => now }));
    const verdicts = await Promise.all(windows.map((w) => w.check([60])));
    assert.equal(verdicts.filter((v) => v.ok).length, 1, 'exactly one of four $0.60 submits fits a $1.00 budget');
    for (const v of verdicts) v.release();
    await Promise.all(windows.map((w) => w.ledger.flush()));
    const later = new Spending({ file, settings: () => settings, now: () => now });
    assert.equal((await later.check([60])).ok, true, 'released holds no longer count');
  });

  it('a hold its window never released stops counting after two minutes', async () => {
    const file = tmp.file('stale-hold.jsonl');
    let clock = now;
    const crashed = new Spending({ file, settings: () => settings, now: () => clock });
    assert.equal((await crashed.check([90])).ok, true); // and the window dies before release
    await crashed.ledger.flush();
    const other = new Spending({ file, settings: () => settings, now: () => clock });
    assert.equal((await other.check([20])).ok, false, 'held meanwhile');
    clock += 2 * 60_000 + 1;
    const fresh = new Spending({ file, settings: () => settings, now: () => clock });
    assert.equal((await fresh.check([20])).ok, true, 'expired');
  });

  it('r3#6 a hold released after the clock stepped back ten minutes stops counting', async () => {
    const file = tmp.file('hold-clock-back.jsonl');
    let clock = now;
    const here = new Spending({ file, settings: () => settings, now: () => clock });
    const held = await here.check([90]);
    assert.equal(held.ok, true);
    clock -= 10 * 60_000;
    held.release();
    await here.ledger.flush();
    assert.equal((await here.data()).inFlightCents, 0, 'in this window');
    const other = new Spending({ file, settings: () => settings, now: () => clock });
    assert.equal((await other.check([90])).ok, true, 'and in another one');
  });

  it('r3#3 a busy lock is refused with words that say so, localised', () => {
    assert.equal(
      guard.budgetMessage({ ok: false, reason: 'busy', budgetCents: 100, period: 'day' }),
      'Another window is checking the budget right now; try again in a moment. Nothing was sent.',
    );
  });
});
