// The history as CSV (src/spending/csv.ts): RFC 4180 quoting, the formula-injection guard, and one
// row per job with its estimate and settled cost.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { csvCell, historyCsv, historyRows, HISTORY_COLUMNS, toCsv } from '../../../src/spending/csv';
import * as path from 'node:path';
import { job, parseCsv } from './helpers';

describe('CSV cells', () => {
  it('every text cell is quoted, quotes doubled; numbers stay bare; CRLF ends every record', () => {
    assert.equal(csvCell('plain'), '"plain"');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(0.165), '0.165');
    assert.equal(
      toCsv([
        ['a', 1],
        ['b', undefined],
      ]),
      '"a",1\r\n"b",\r\n',
    );
  });

  it('a text cell a spreadsheet would run as a formula starts with a single quote; numbers stay numbers', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      assert.ok(csvCell(bad).startsWith(`"'`), bad);
    }
    assert.equal(csvCell('=1+1,2'), `"'=1+1,2"`);
    assert.equal(csvCell('a=b'), '"a=b"');
    assert.equal(csvCell(5), '5');
    assert.equal(csvCell(-5), `"'-5"`, 'a negative number is never a bare "-…" cell');
  });

  it("r3#8 in ';' and tab locales no cell starts a formula: a prompt's separator never splits it", () => {
    const prompts = ["a fox;=cmd|' /C calc'!A0", 'tab\t=1+1', 'x;+1', 'x;-1', 'x;@SUM(A1)', 'x;\t=1', 'x,=1', '=1;=2'];
    const csv = historyCsv(prompts.map((prompt, i) => job({ localId: `l${i}`, prompt })));
    for (const sep of [',', ';', '\t']) {
      const rows = parseCsv(csv, sep);
      assert.equal(rows.length, prompts.length + 1, `one record per job when split on ${JSON.stringify(sep)}`);
      for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `split on ${JSON.stringify(sep)}: ${JSON.stringify(cell)}`);
    }
    const rows = parseCsv(csv);
    assert.deepEqual(
      rows.slice(1).map((r) => r[HISTORY_COLUMNS.indexOf('prompt')]),
      prompts.map((p) => (/^[=+\-@\t\r]/.test(p) ? `'${p}` : p)),
      'with the right separator each prompt reads back whole',
    );
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
    assert.deepEqual(
      rows.slice(1).map((r) => col(r, 'local_id')),
      ['v', 'i', 'f', 'q'],
    );
    const [v, i, f, q] = rows.slice(1) as [string[], string[], string[], string[]];
    assert.deepEqual([col(v, 'estimate_cents'), col(v, 'settled_cents'), col(v, 'billed')], ['200', '180', 'yes']);
    assert.deepEqual([col(i, 'estimate_cents'), col(i, 'settled_cents'), col(i, 'billed')], ['5', '5', 'no']);
    assert.deepEqual([col(f, 'estimate_cents'), col(f, 'settled_cents'), col(f, 'billed')], ['300', '', ''], 'failed: nothing settled');
    assert.equal(col(q, 'settled_cents'), '', 'still running: nothing settled yet');
    assert.equal(col(v, 'prompt'), 'A fox, running');
    assert.equal(col(i, 'prompt'), "'=cmd|/c calc");
    assert.equal(col(f, 'prompt'), 'says "no"\nthen stops');
    assert.equal(col(i, 'files'), '/out/a.png | /out/b.png', 'outside a workspace the paths stay as they are');
    assert.equal(col(v, 'created'), new Date(1_700_000_000_000).toISOString());
  });

  it('fh#5 files are named relative to the workspace, every file of a job in its one row', () => {
    const root = path.join(path.sep, 'work', 'space');
    const rows = parseCsv(
      historyCsv(
        [
          job({ localId: 'two', kind: 'image', files: [path.join(root, 'airforce-media', 'a.png'), path.join(root, 'airforce-media', 'b.png')] }),
          job({ localId: 'old', savedPath: path.join(root, 'airforce-media', 'v.mp4') }),
          job({ localId: 'elsewhere', savedPath: path.join(path.sep, 'tmp', 'x.mp4') }),
          job({ localId: 'none', status: 'failed' }),
        ],
        root,
      ),
    );
    const files = rows.slice(1).map((r) => r[HISTORY_COLUMNS.indexOf('files')]);
    assert.deepEqual(files, ['airforce-media/a.png | airforce-media/b.png', 'airforce-media/v.mp4', path.join(path.sep, 'tmp', 'x.mp4'), '']);
    assert.equal(rows.length, 5, 'one row per job, not per file');
  });

  it('an empty history is just the header', () => {
    assert.deepEqual(historyRows([]), [[...HISTORY_COLUMNS]]);
  });
});
