// The spend calculation (src/spending/spend.ts, periods.ts): settled vs estimate, failed and
// expired cost nothing, jobs not sent from here are not counted, in-flight reservations, and the
// day and month boundaries in local time (this process runs in New York time, DST included).
process.env.TZ = 'America/New_York';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SpendEntry } from '../../../src/spending/events';
import { lastDays, periodRange } from '../../../src/spending/periods';
import { inFlight, jobCosts, jobSpend, spentIn, STALE_INFLIGHT_MS, summarize } from '../../../src/spending/spend';
import { job } from './helpers';

/** Local wall-clock time in New York → ms. */
const ny = (y: number, mo: number, d: number, h = 0, mi = 0): number => new Date(y, mo - 1, d, h, mi).getTime();
const entry = (id: string, atMs: number, patch: Partial<SpendEntry> = {}): SpendEntry => ({
  v: 1,
  id,
  t: atMs,
  seq: 0,
  at: atMs / 1000,
  kind: 'video',
  model: 'wan-2.6',
  state: 'settled',
  cents: 100,
  ...patch,
});

describe('what a job costs', () => {
  it('settled = X-Cost-Cents when the server sent it, else the task’s own figure', () => {
    assert.deepEqual(jobSpend(job({ costCents: 200, settledCostCents: 180 })), { state: 'settled', est: 200, cents: 180, billed: true });
    assert.deepEqual(jobSpend(job({ costCents: 200 })), { state: 'settled', est: 200, cents: 200, billed: false });
    assert.deepEqual(jobCosts(job({ costCents: 5, settledCostCents: 6, kind: 'image' })), { estimate: 5, settled: 6, billed: true });
    assert.deepEqual(jobSpend(job({})), { state: 'settled', cents: 0, billed: false }, 'no figure at all: 0, not a guess');
  });

  it('failed and expired jobs cost nothing, even with a figure', () => {
    for (const status of ['failed', 'expired'] as const) {
      const s = jobSpend(job({ status, costCents: 200, settledCostCents: 200 }));
      assert.equal(s?.state, 'void');
      assert.equal(s?.cents, 0);
      assert.equal(jobCosts(job({ status, costCents: 200 })).settled, undefined);
    }
  });

  it('a job not yet ended is in flight at its best figure; a waiting video uses the model’s price', () => {
    assert.deepEqual(jobSpend(job({ status: 'waiting', sentAt: undefined }), 200), { state: 'inflight', est: 200, cents: 200, billed: false });
    assert.equal(jobSpend(job({ status: 'processing', costCents: 200, settledCostCents: 190 }))?.cents, 190);
    assert.equal(jobSpend(job({ status: 'fate-unknown', costCents: 200 }))?.state, 'inflight', 'a lost create may have been billed');
    assert.equal(jobSpend(job({ status: 'waiting', costCents: 150 }), 999)?.cents, 150, 'its own figure beats the model price');
  });

  it('a task seen only in the server’s list (never sent from here) is not this machine’s spending', () => {
    assert.equal(jobSpend(job({ sentAt: undefined, costCents: 200 })), undefined);
    assert.equal(jobSpend(job({ status: 'processing', sentAt: undefined })), undefined);
  });
});

describe('periods in local time', () => {
  it('a day runs from local midnight to midnight; the spring-forward day is 23 hours', () => {
    const r = periodRange('day', ny(2024, 3, 10, 12));
    assert.equal(r.start, ny(2024, 3, 10));
    assert.equal(r.end, ny(2024, 3, 11));
    assert.equal((r.end - r.start) / 3600_000, 23);
    assert.equal(new Date(r.start).toISOString(), '2024-03-10T05:00:00.000Z', 'midnight in New York, not in UTC');
  });

  it('a month runs from the local 1st to the next 1st', () => {
    const r = periodRange('month', ny(2024, 2, 29, 23, 59));
    assert.equal(r.start, ny(2024, 2, 1));
    assert.equal(r.end, ny(2024, 3, 1));
  });

  it('a job at 23:30 local counts today even though it is tomorrow in UTC; one at 00:00 counts in the new day and month', () => {
    const late = entry('late', ny(2024, 1, 31, 23, 30));
    const early = entry('early', ny(2024, 2, 1, 0, 0), { cents: 40 });
    const all = [late, early];
    assert.equal(new Date(late.at * 1000).getUTCDate(), 1, 'the late job is on Feb 1 in UTC');
    assert.equal(spentIn(all, periodRange('day', ny(2024, 1, 31, 12))), 100);
    assert.equal(spentIn(all, periodRange('month', ny(2024, 1, 15))), 100);
    assert.equal(spentIn(all, periodRange('day', ny(2024, 2, 1, 9))), 40);
    assert.equal(spentIn(all, periodRange('month', ny(2024, 2, 20))), 40);
  });

  it('the chart’s 30 days are local dates, oldest first, across a DST change', () => {
    const days = lastDays(30, ny(2024, 3, 20, 8));
    assert.equal(days.length, 30);
    assert.equal(days[0]?.date, '2024-02-20');
    assert.equal(days.at(-1)?.date, '2024-03-20');
    for (let i = 1; i < days.length; i++) assert.equal(days[i]?.start, days[i - 1]?.end, 'no gap, no overlap');
  });
});

describe('totals', () => {
  const now = ny(2024, 3, 20, 15);

  it('in flight counts reservations, not settled jobs, and ignores ones a window left behind a day ago', () => {
    const all = [
      entry('a', now - 1000, { state: 'inflight', cents: 200 }),
      entry('b', now - STALE_INFLIGHT_MS - 1, { state: 'inflight', cents: 500 }),
      entry('c', now - 1000, { state: 'void', cents: 0 }),
      entry('d', now - 1000),
    ];
    assert.equal(inFlight(all, now), 200);
  });

  it('summarize: today, this month, the budget period, per day by kind, per model', () => {
    const all = [
      entry('v1', ny(2024, 3, 20, 9), { cents: 200, billed: true }),
      entry('i1', ny(2024, 3, 20, 10), { kind: 'image', model: 'flux', cents: 6, billed: true }),
      entry('v2', ny(2024, 3, 5, 10), { cents: 300 }),
      entry('old', ny(2024, 1, 5, 10), { cents: 999, billed: true }),
      entry('f', ny(2024, 3, 20, 11), { state: 'void', cents: 0 }),
      entry('r', now - 1000, { state: 'inflight', cents: 120 }),
    ];
    const s = summarize(all, now, 'month');
    assert.equal(s.todayCents, 206);
    assert.equal(s.monthCents, 506);
    assert.equal(s.periodCents, 506);
    assert.equal(summarize(all, now, 'day').periodCents, 206);
    assert.equal(s.inFlightCents, 120);
    assert.equal(s.days.length, 30);
    assert.deepEqual(s.days.at(-1), { date: '2024-03-20', total: 206, byKind: { video: 200, image: 6 } });
    assert.equal(s.days.find((d) => d.date === '2024-03-05')?.total, 300);
    assert.equal(
      s.days.reduce((a, d) => a + d.total, 0),
      506,
      'January is outside the 30 days',
    );
    assert.deepEqual(s.models, [
      { model: 'wan-2.6', kind: 'video', cents: 500, jobs: 2 },
      { model: 'flux', kind: 'image', cents: 6, jobs: 1 },
    ]);
    assert.equal(s.unbilledJobs, 1, 'v2 settled without X-Cost-Cents');
  });
});
