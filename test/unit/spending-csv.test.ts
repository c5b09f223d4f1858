// The history as CSV (src/spending/csv.ts): RFC 4180 quoting, the formula-injection guard, and one
// row per job with its estimate and settled cost.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { csvCell, historyCsv, historyRows, HISTORY_COLUMNS, toCsv } from '../../src/spending/csv';
import { job, parseCsv } from './spending-helpers';

describe('CSV cells', () => {
  it('quotes fields with a comma, a quote or a line break, doubling quotes; CRLF ends every record', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(0.165), '0.165');
    assert.equal(toCsv([['a', 1], ['b', undefined]]), 'a,1\r\nb,\r\n');
  });

  it('a text cell a spreadsheet would run as a formula starts with a single quote; numbers stay numbers', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      assert.ok(csvCell(bad).replace(/^"/, '').startsWith("'"), bad);
    }
    assert.equal(csvCell('=1+1,2'), `"'=1+1,2"`);
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell(-5), '-5');
  });
});

describe('the history as CSV', () => {
  const records = [
    job({ localId: 'v', taskId: 't-1', prompt: 'A fox, running', costCents: 200, settledCostCents: 180, savedPath: '/out/v.mp4' }),
    job({ localId: 'i', kind: 'image', model: 'flux', prompt: '=cmd|/c calc', costCents: 5, files: ['/out/a.png', '/out/b.png'] }),
    job({ localId: 'f', status: 'failed', prompt: 'says "no"\nthen stops', costCents: 300 }),
    job({ localId: 'q', status: 'processing', costCents: 200 }),
  ];

  it('one row per job, in order, with estimate and settled side by side', () => {
    const rows = parseCsv(historyCsv(records));
    assert.deepEqual(rows[0], [...HISTORY_COLUMNS]);
    assert.equal(rows.length, 5);
    const col = (row: string[], name: (typeof HISTORY_COLUMNS)[number]): string | undefined => row[HISTORY_COLUMNS.indexOf(name)];
    assert.deepEqual(rows.slice(1).map((r) => col(r, 'local_id')), ['v', 'i', 'f', 'q']);
    const [v, i, f, q] = rows.slice(1) as [string[], string[], string[], string[]];
    assert.deepEqual([col(v, 'estimate_cents'), col(v, 'settled_cents'), col(v, 'billed')], ['200', '180', 'yes']);
    assert.deepEqual([col(i, 'estimate_cents'), col(i, 'settled_cents'), col(i, 'billed')], ['5', '5', 'no']);
    assert.deepEqual([col(f, 'estimate_cents'), col(f, 'settled_cents'), col(f, 'billed')], ['300', '', ''], 'failed: nothing settled');
    assert.equal(col(q, 'settled_cents'), '', 'still running: nothing settled yet');
    assert.equal(col(v, 'prompt'), 'A fox, running');
    assert.equal(col(i, 'prompt'), "'=cmd|/c calc");
    assert.equal(col(f, 'prompt'), 'says "no"\nthen stops');
    assert.equal(col(i, 'file'), '/out/a.png');
    assert.equal(col(v, 'created'), new Date(1_700_000_000_000).toISOString());
  });

  it('an empty history is just the header', () => {
    assert.deepEqual(historyRows([]), [[...HISTORY_COLUMNS]]);
  });
});
