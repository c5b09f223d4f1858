// The bench's pure figures: percentiles, throughput, target verdicts, the seeded random source,
// grouping and the printed table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTarget, chunk, cpuMsPer100MiB, formatTable, mean, median, MiB, mibPerSecond, percentile, round, seededRandom, tableRow } from '../../../bench/stats';
import { requestKind } from '../../../bench/requestKinds';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    const v = [10, 20, 30, 40];
    assert.equal(percentile(v, 0), 10);
    assert.equal(percentile(v, 100), 40);
    assert.equal(percentile(v, 50), 25);
    // rank 0.95 * 3 = 2.85 → 30 + 0.85 * 10
    assert.ok(Math.abs(percentile(v, 95) - 38.5) < 1e-9);
  });

  it('does not depend on input order and does not sort the caller’s array', () => {
    const v = [5, 1, 4, 2, 3];
    assert.equal(percentile(v, 50), 3);
    assert.deepEqual(v, [5, 1, 4, 2, 3]);
  });

  it('with 20 samples p95 lies between the 19th and 20th values', () => {
    const v = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    assert.ok(Math.abs(percentile(v, 95) - 19.05) < 1e-9);
    assert.equal(median(v), 10.5);
  });

  it('handles one value and rejects nonsense', () => {
    assert.equal(percentile([7], 95), 7);
    assert.throws(() => percentile([], 50), /no values/);
    assert.throws(() => percentile([1], 101), /out of range/);
    assert.throws(() => percentile([1, Number.NaN], 50), /non-finite/);
  });
});

describe('mean, round, mibPerSecond', () => {
  it('computes what they say', () => {
    assert.equal(mean([1, 2, 3, 6]), 3);
    assert.throws(() => mean([]), /no values/);
    assert.equal(round(1.23456, 2), 1.23);
    assert.equal(round(0.8995, 3), 0.9);
    assert.equal(mibPerSecond(256 * MiB, 2000), 128);
    assert.throws(() => mibPerSecond(MiB, 0), /> 0/);
  });

  it('cpuMsPer100MiB scales CPU time to 100 MiB moved', () => {
    assert.equal(cpuMsPer100MiB(512, 256 * MiB), 200);
    assert.equal(cpuMsPer100MiB(80, 100 * MiB), 80);
    assert.throws(() => cpuMsPer100MiB(10, 0), /> 0/);
  });
});

describe('checkTarget', () => {
  it('an upper bound passes at or below it and reports the gap above it', () => {
    assert.deepEqual(checkTarget(50, { op: '<=', value: 50 }), { pass: true, gap: 0 });
    assert.deepEqual(checkTarget(12, { op: '<=', value: 50 }), { pass: true, gap: 0 });
    assert.deepEqual(checkTarget(65, { op: '<=', value: 64 }), { pass: false, gap: 1 });
  });

  it('a lower bound passes at or above it and reports the shortfall', () => {
    assert.deepEqual(checkTarget(0.9, { op: '>=', value: 0.8 }), { pass: true, gap: 0 });
    const c = checkTarget(0.5, { op: '>=', value: 0.8 });
    assert.equal(c.pass, false);
    assert.ok(Math.abs(c.gap - 0.3) < 1e-9);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(
      xs.slice(0, 5),
      Array.from({ length: 5 }, () => b()),
    );
    assert.notDeepEqual(
      xs.slice(0, 5),
      Array.from({ length: 5 }, () => c()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    // Roughly uniform: the completion instants must spread over the whole poll cycle.
    const m = mean(xs);
    assert.ok(m > 0.45 && m < 0.55, `mean ${m}`);
  });
});

describe('chunk', () => {
  it('groups in order, the last group shorter', () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5, 6, 7, 8, 9], 4), [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    assert.deepEqual(chunk([], 4), []);
    assert.throws(() => chunk([1], 0), />= 1/);
  });
});

describe('tableRow and formatTable', () => {
  it('says met, MISSED with the gap, or info', () => {
    assert.equal(tableRow('p50', 12.345, 'ms', { op: '<=', value: 50 }, 2).verdict, 'met');
    const missed = tableRow('ratio', 0.65, '', { op: '>=', value: 0.8 }, 3);
    assert.equal(missed.verdict, 'MISSED by 0.15');
    assert.equal(missed.target, '>= 0.8');
    assert.equal(tableRow('curl', 900, 'MiB/s').verdict, 'info');
  });

  it('shows an aim as reached or not yet, without failing a met target', () => {
    const row = tableRow('ratio', 0.7, '', { op: '>=', value: 0.67 }, 3, { op: '>=', value: 0.8 });
    assert.equal(row.verdict, 'met');
    assert.equal(row.aim, '>= 0.8 not yet');
    assert.equal(tableRow('rss', 20, 'MiB', { op: '<=', value: 64 }, 1, { op: '<=', value: 32 }).aim, '<= 32 MiB reached');
    assert.equal(tableRow('rss', 20, 'MiB', { op: '<=', value: 64 }).aim, '-');
  });

  it('aligns columns', () => {
    const text = formatTable([tableRow('a', 1, 'ms', { op: '<=', value: 50 }), tableRow('longer metric', 70, 'ms', { op: '<=', value: 50 })]);
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^metric\s+value\s+target\s+result\s+aim$/);
    assert.match(lines[3], /MISSED by 20 ms {2}-$/);
    // The value column starts at the same offset on every line.
    const col = lines[0].indexOf('value');
    assert.equal(lines[2].slice(col, col + 4), '1 ms');
    assert.equal(lines[3].slice(col, col + 5), '70 ms');
  });
});

describe('requestKind', () => {
  it('sorts the simulator log into the kinds the per-task budget counts', () => {
    assert.equal(requestKind({ method: 'POST', path: '/v1/video/generations' }), 'create');
    assert.equal(requestKind({ method: 'GET', path: '/v1/video/tasks/abc/stream' }), 'stream');
    assert.equal(requestKind({ method: 'GET', path: '/v1/video/tasks/abc' }), 'status');
    assert.equal(requestKind({ method: 'GET', path: '/v1/video/tasks' }), 'list');
    assert.equal(requestKind({ method: 'GET', path: '/files/abc/video.mp4' }), 'download');
    assert.equal(requestKind({ method: 'DELETE', path: '/v1/video/tasks/abc' }), 'other');
  });
});
