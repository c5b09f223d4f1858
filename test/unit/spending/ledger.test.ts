// The spending ledger (src/spending/ledger.ts, events.ts): events fold by job id (newest wins, a
// settled job stays settled), lines written by several windows at once are all read back, a line
// still being written is read once it is whole, and lines that are not events are skipped.
import { execFile } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { foldEvent, parseEventLine, type SpendEntry, type SpendEvent } from '../../../src/spending/events';
import { SpendLedger, type SpendEventInput } from '../../../src/spending/ledger';
import { tempDir } from './helpers';

const tmp = tempDir();
after(tmp.cleanup);

const input = (id: string, patch: Partial<SpendEventInput> = {}): SpendEventInput => ({
  id,
  at: 1_700_000_000,
  kind: 'video',
  model: 'wan-2.6',
  state: 'inflight',
  cents: 200,
  ...patch,
});
const event = (id: string, t: number, patch: Partial<SpendEvent> = {}): SpendEvent => ({ v: 1, t, seq: 0, ...input(id), ...patch });

describe('folding events by job id', () => {
  it('the newest event wins, whatever order the lines arrive in', () => {
    const m = new Map<string, SpendEntry>();
    foldEvent(m, event('a', 20, { state: 'void', cents: 0 }));
    foldEvent(m, event('a', 10, { state: 'inflight', cents: 200 }));
    assert.equal(m.get('a')?.state, 'void');
    foldEvent(m, event('a', 30, { state: 'inflight', cents: 200 })); // sent again after a refusal
    assert.equal(m.get('a')?.state, 'inflight');
  });

  it('a settled job stays settled: a later expiry or removal refunds nothing; a newer settled figure replaces it', () => {
    const m = new Map<string, SpendEntry>();
    foldEvent(m, event('a', 10, { state: 'settled', cents: 200, billed: true }));
    foldEvent(m, event('a', 20, { state: 'void', cents: 0 }));
    foldEvent(m, event('a', 30, { state: 'inflight', cents: 200 }));
    assert.deepEqual([m.get('a')?.state, m.get('a')?.cents], ['settled', 200]);
    foldEvent(m, event('a', 40, { state: 'settled', cents: 180, billed: true }));
    assert.equal(m.get('a')?.cents, 180);
    foldEvent(m, event('a', 5, { state: 'settled', cents: 999 }));
    assert.equal(m.get('a')?.cents, 180, 'an older settled line does not replace a newer one');
  });

  it('within one millisecond the writer’s sequence decides', () => {
    const m = new Map<string, SpendEntry>();
    foldEvent(m, event('a', 10, { seq: 2, state: 'void', cents: 0 }));
    foldEvent(m, event('a', 10, { seq: 1, state: 'inflight' }));
    assert.equal(m.get('a')?.state, 'void');
  });

  it('skips lines that are not events (a torn line, another format, a negative cost)', () => {
    assert.equal(parseEventLine('{"v":1,"id":"a"'), undefined);
    assert.equal(parseEventLine('hello'), undefined);
    assert.equal(parseEventLine(JSON.stringify({ ...event('a', 1), cents: -5 })), undefined);
    assert.equal(parseEventLine(JSON.stringify({ ...event('a', 1), kind: 'hologram' })), undefined);
    assert.equal(parseEventLine(JSON.stringify(event('a', 1)))?.id, 'a');
  });
});

describe('the ledger file', () => {
  it('an append is folded at once (a budget check right after sees it) and is on disk after flush', async () => {
    const file = tmp.file('one.jsonl');
    const ledger = new SpendLedger({ file, now: () => 1000 });
    ledger.append(input('a'));
    assert.equal(ledger.known().get('a')?.cents, 200, 'known before the write finished');
    await ledger.flush();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    const fresh = new SpendLedger({ file });
    assert.equal((await fresh.read()).get('a')?.state, 'inflight');
  });

  it('reads only what was appended since the last read, and a half-written line once it is whole', async () => {
    const file = tmp.file('partial.jsonl');
    const reader = new SpendLedger({ file });
    assert.equal((await reader.read()).size, 0, 'no file yet: nothing, no error');
    const line = JSON.stringify(event('b', 1, { model: 'Ωmega-模型' }));
    writeFileSync(file, `${JSON.stringify(event('a', 1))}\n${line.slice(0, 25)}`);
    assert.deepEqual([...(await reader.read()).keys()], ['a']);
    appendFileSync(file, `${line.slice(25)}\nnot json\n`);
    const entries = await reader.read();
    assert.deepEqual([...entries.keys()], ['a', 'b']);
    assert.equal(entries.get('b')?.model, 'Ωmega-模型', 'characters split across reads are whole');
  });

  it('several ledgers on one file (windows of one process) lose nothing, and each sees the others', async () => {
    const file = tmp.file('many.jsonl');
    const windows = Array.from({ length: 4 }, () => new SpendLedger({ file }));
    windows.forEach((w, i) => {
      for (let j = 0; j < 50; j++) w.append(input(`w${i}-${j}`, { cents: j }));
    });
    await Promise.all(windows.map((w) => w.flush()));
    for (const w of windows) assert.equal((await w.read()).size, 200);
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 200);
  });

  it('several processes appending at once lose nothing', async () => {
    const file = tmp.file('processes.jsonl');
    const ledgerModule = path.resolve(__dirname, '../../../src/spending/ledger.js');
    const script = `
      const { SpendLedger } = require(${JSON.stringify(ledgerModule)});
      const ledger = new SpendLedger({ file: ${JSON.stringify(file)} });
      const me = process.argv[1];
      for (let j = 0; j < 300; j++) ledger.append({ id: me + '-' + j, at: 1700000000, kind: 'image', model: 'm'.repeat(j % 40 + 1), state: 'settled', cents: 1 });
      ledger.flush().then(() => process.exit(0));`;
    const run = promisify(execFile);
    await Promise.all(['p0', 'p1', 'p2', 'p3'].map((p) => run(process.execPath, ['-e', script, p])));
    const entries = await new SpendLedger({ file }).read();
    assert.equal(entries.size, 1200);
    for (const p of ['p0', 'p1', 'p2', 'p3']) assert.equal(entries.get(`${p}-299`)?.state, 'settled');
  });
});

describe('r3#6 a job’s events are ordered by its own sequence, not the wall clock', () => {
  it('r3#6 a "failed" written after the clock stepped back an hour still wins, in this window and in a fresh one', async () => {
    const file = tmp.file('clock-back.jsonl');
    let clock = Date.UTC(2024, 5, 10, 12);
    const ledger = new SpendLedger({ file, now: () => clock });
    ledger.append(input('job', { cents: 60 }));
    clock -= 3600_000; // the machine's clock is corrected backwards
    ledger.append(input('job', { state: 'void', cents: 0 }));
    assert.equal(ledger.known().get('job')?.state, 'void');
    await ledger.flush();
    assert.equal((await new SpendLedger({ file }).read()).get('job')?.state, 'void', 'read back from the file');
  });

  it('r3#6 another window that read the job goes on from its number, whatever its clock says', async () => {
    const file = tmp.file('clock-two.jsonl');
    const a = new SpendLedger({ file, now: () => 2_000_000 });
    a.append(input('job', { cents: 60 }));
    await a.flush();
    const b = new SpendLedger({ file, now: () => 1_000_000 }); // an hour-ish behind
    await b.read();
    b.append(input('job', { state: 'void', cents: 0 }));
    await b.flush();
    assert.equal((await a.read()).get('job')?.state, 'void');
    assert.equal((await new SpendLedger({ file }).read()).get('job')?.state, 'void');
  });

  it('lines without a number (written before it existed) are still ordered by time', () => {
    const m = new Map<string, SpendEntry>();
    foldEvent(m, event('a', 20, { state: 'void', cents: 0 }));
    foldEvent(m, event('a', 10, { state: 'inflight', cents: 200, rev: 5 }));
    assert.equal(m.get('a')?.state, 'void');
  });
});

describe('r3#7 a torn last line', () => {
  it('r3#7 a window that died mid-line does not swallow the next window’s event; every later line is read', async () => {
    const file = tmp.file('torn.jsonl');
    const first = new SpendLedger({ file, now: () => 1000 });
    first.append(input('before'));
    await first.flush();
    await first.read();
    appendFileSync(file, JSON.stringify(event('torn', 1)).slice(0, 30)); // the window died here
    const next = new SpendLedger({ file, now: () => 2000 });
    next.append(input('after', { cents: 70 }));
    next.append(input('after2', { cents: 80 }));
    await next.flush();
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 5, 'the torn line stays alone; the new lines are whole (and the file ends with a newline)');
    const fresh = await new SpendLedger({ file }).read();
    assert.deepEqual([...fresh.keys()].sort(), ['after', 'after2', 'before']);
    assert.equal(fresh.get('after')?.cents, 70);
    const seen = await first.read(); // the window that read up to the torn line reads on past it
    assert.deepEqual([...seen.keys()].sort(), ['after', 'after2', 'before']);
  });

  it('r3#7 an event an older writer appended onto a torn line is still read, and so is every line after it', async () => {
    const file = tmp.file('torn-old.jsonl');
    writeFileSync(file, `${JSON.stringify(event('torn', 1)).slice(0, 30)}${JSON.stringify(event('glued', 2))}\n${JSON.stringify(event('later', 3))}\n`);
    const entries = await new SpendLedger({ file }).read();
    assert.deepEqual([...entries.keys()].sort(), ['glued', 'later']);
  });
});
