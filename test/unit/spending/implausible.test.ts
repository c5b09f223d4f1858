// A server figure no request plausibly costs (src/api/http/costHeader.ts, src/spending/spend.ts
// isImplausible, recorder.ts, service.ts acceptCost, spendingHtml.ts): parsed as a decimal of 4
// places, recorded as "implausible", left out of every total and the budget, listed on Show Spending
// with a link that accepts it, and counted once accepted.
process.env.TZ = 'Europe/Berlin';
import { fakeVscode } from '../vscodeFake';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCostHeader } from '../../../src/api/http/costHeader';
import { Spending, type BudgetSettings } from '../../../src/spending/service';
import { isImplausible, jobCosts } from '../../../src/spending/spend';
import { acceptCostLink, spendingHtml } from '../../../src/spending/spendingHtml';
import type { RecordSource } from '../../../src/spending/recorder';
import type { JobRecord } from '../../../src/jobs/types';
import { job, tempDir } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const view = require('../../../src/spending/vscode/view') as typeof import('../../../src/spending/vscode/view');

void fakeVscode;
const tmp = tempDir();
after(tmp.cleanup);

/** The tracker as the recorder sees it: a fixed list of records. */
function source(records: JobRecord[]): RecordSource & { set(r: JobRecord): void } {
  const listeners: Array<(r: JobRecord | undefined) => void> = [];
  const byId = new Map(records.map((r) => [r.localId, r]));
  return {
    records: () => [...byId.values()],
    onDidChange: (l) => (listeners.push(l), { dispose: () => undefined }),
    set: (r) => (byId.set(r.localId, r), listeners.forEach((l) => l(r))),
  };
}

const NONCE = 'N0nceN0nceN0nceN0nce0A==';

describe('X-Cost-Cents', () => {
  it('r3#5 is a plain decimal rounded to the API’s 4 places; exponents, signs and words are "not said"', () => {
    assert.equal(parseCostHeader('0.0077'), 0.0077);
    assert.equal(parseCostHeader(' 200 '), 200);
    assert.equal(parseCostHeader('2.50009'), 2.5001);
    assert.equal(parseCostHeader('1'.padEnd(31, '0')), 1e30, 'a huge decimal is read (and judged by the ledger)');
    for (const bad of ['1e30', '-5', '+5', '0x10', 'NaN', 'Infinity', '', '5 cents', '.5']) assert.equal(parseCostHeader(bad), undefined, bad);
    assert.equal(parseCostHeader(null), undefined);
  });
});

describe('an implausible settled cost', () => {
  const settings: BudgetSettings = { budgetCents: 1000, period: 'day' };
  const now = new Date(2024, 5, 10, 12).getTime();
  const sent = Math.floor(now / 1000) - 60;

  it('is over $100 and over 100 × the estimate (or over $100 with no estimate)', () => {
    assert.equal(isImplausible(1e30, 2.5), true);
    assert.equal(isImplausible(10_001, 100), true);
    assert.equal(isImplausible(10_001, undefined), true);
    assert.equal(isImplausible(9_999, 1), false, 'under $100 is believed, however far from the estimate');
    assert.equal(isImplausible(20_000, 250), false, '80 × a $2.50 estimate is believed');
    assert.deepEqual(jobCosts(job({ costCents: 2.5, settledCostCents: 1e30 })), { estimate: 2.5, settled: 1e30, billed: true, implausible: true });
  });

  it('r3#5 1e30 ¢ billed for a 2.5 ¢ image is recorded as implausible, counts nowhere, and the budget still works', async () => {
    const file = tmp.file('implausible.jsonl');
    const spending = new Spending({ file, settings: () => settings, now: () => now });
    const records = source([
      job({ localId: 'huge', kind: 'image', model: 'flux-2-dev', costCents: 2.5, settledCostCents: 1e30, sentAt: sent, created: sent }),
      job({ localId: 'fine', kind: 'video', costCents: 200, settledCostCents: 180, sentAt: sent, created: sent }),
    ]);
    await spending.attach(records);
    await spending.ledger.flush();
    const fresh = new Spending({ file, settings: () => settings, now: () => now }); // another window
    const d = await fresh.data();
    assert.equal(d.todayCents, 180);
    assert.equal(d.monthCents, 180);
    assert.deepEqual(d.implausible, [{ id: 'huge', kind: 'image', model: 'flux-2-dev', at: sent, cents: 1e30, est: 2.5 }]);
    assert.equal(
      d.models.some((m) => m.model === 'flux-2-dev'),
      false,
    );
    const v = await fresh.check([800]);
    assert.equal(v.ok, true, 'the budget is not blocked until the month ends');
    v.release();
    spending.dispose();
  });

  it('r3#5 accepted, it counts (in every window), and writing the job again keeps the acceptance', async () => {
    const file = tmp.file('accepted.jsonl');
    const spending = new Spending({ file, settings: () => settings, now: () => now });
    const rec = job({ localId: 'big', kind: 'video', costCents: 50, settledCostCents: 12_000, sentAt: sent, created: sent });
    const records = source([rec]);
    await spending.attach(records);
    assert.equal((await spending.data()).todayCents, 0);
    assert.equal(await spending.acceptCost('big'), true);
    assert.equal(await spending.acceptCost('big'), false, 'once');
    assert.equal(await spending.acceptCost('nope'), false);
    records.set({ ...rec, savedPath: '/x.mp4' }); // the record changes: its spend event is the same
    records.set({ ...rec, model: 'wan-2.6-pro' }); // written again with another model
    await spending.ledger.flush();
    const other = new Spending({ file, settings: () => settings, now: () => now });
    const d = await other.data();
    assert.equal(d.todayCents, 12_000);
    assert.deepEqual(d.implausible, []);
    assert.equal((await other.check([1])).ok, false, 'the accepted figure counts against the budget');
    spending.dispose();
  });

  it('r3#5 Show Spending lists it as not counted, with a link that accepts it (the view allows only that command)', () => {
    const data = {
      todayCents: 0,
      monthCents: 0,
      inFlightCents: 0,
      periodCents: 0,
      unbilledJobs: 0,
      days: [],
      models: [],
      budgetCents: 0,
      period: 'day' as const,
      implausible: [{ id: 'huge"<', kind: 'image' as const, model: 'flux-2-dev', at: sent, cents: 1e30, est: 2.5 }],
    };
    const html = spendingHtml(data, view.spendingStrings(data), NONCE);
    assert.match(html, /Not counted: implausible figures from the server/);
    assert.match(html, /more than \$100 and over 100 times their estimate/);
    assert.ok(html.includes(`href="${acceptCostLink('huge"<').replace(/"/g, '&quot;')}"`));
    assert.equal(decodeURIComponent(acceptCostLink('huge"<').split('?')[1]!), '[{"acceptCost":"huge\\"<"}]');
    assert.match(html, /Accept and count it<\/a>/);
    // Sub-cent digits are kept (one money rule everywhere).
    assert.match(html, /\$0\.025/, 'its estimate is shown beside it');
    const none = spendingHtml({ ...data, implausible: [] }, view.spendingStrings({ ...data, implausible: [] }), NONCE);
    assert.doesNotMatch(none, /implausible/i);
  });
});
