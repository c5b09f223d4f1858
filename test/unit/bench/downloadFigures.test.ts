// The bench's download figures from interleaved rounds (ratios within a round, medians and ranges)
// and the README's performance table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DownloadRun, Tool } from '../../../bench/downloadBench';
import { downloadFigures, spread } from '../../../bench/downloadFigures';
import { readmeTable } from '../../../bench/readmeTable';
import { MiB } from '../../../bench/stats';

const loop = (p99Ms: number): DownloadRun['loopDelay'] => ({ p50Ms: 0, p99Ms, maxMs: p99Ms, samples: 100, resolutionMs: 2 });

function run(tool: Tool, round: number, mibPerSecond: number, cpuMs: number, rssMiB?: number): DownloadRun {
  const bytes = 100 * MiB;
  return {
    tool,
    round,
    ms: (100 / mibPerSecond) * 1000,
    bytes,
    mibPerSecond,
    cpuMs,
    loopDelay: loop(tool === 'curl' ? 1 : 5 + round),
    ...(rssMiB === undefined ? {} : { rssGrowthBytes: rssMiB * MiB }),
  };
}

describe('perf#4 download figures', () => {
  it('perf#4 ratios are taken within each round, then the median and range over rounds', () => {
    // Round 2 is a busy moment: both tools slow down, and the ratio barely moves.
    const runs = [
      run('ours', 0, 900, 120, 40),
      run('curl', 0, 1000, 100),
      run('curl', 1, 300, 150),
      run('ours', 1, 285, 180, 44),
      run('ours', 2, 950, 110, 38),
      run('curl', 2, 1000, 100),
    ];
    const f = downloadFigures(runs);
    assert.equal(f.rounds, 3);
    assert.deepEqual(
      [f.ours.ratioVsCurl.min, f.ours.ratioVsCurl.median, f.ours.ratioVsCurl.max].map((v) => Math.round(v * 100) / 100),
      [0.9, 0.95, 0.95],
    );
    assert.deepEqual([f.ours.cpuRatioVsCurl.min, f.ours.cpuRatioVsCurl.median, f.ours.cpuRatioVsCurl.max], [1.1, 1.2, 1.2]);
    assert.deepEqual(f.ours.rssGrowthMiB, { median: 40, min: 38, max: 44 });
    assert.deepEqual(f.ours.loopP99Ms, { median: 6, min: 5, max: 7 });
    assert.equal(f.curl.rssGrowthMiB, undefined);
    assert.equal(f.fetch, undefined);
  });

  it('perf#4 a third tool (the fetch transport) gets its own ratios against the same curl runs', () => {
    const runs = [run('ours', 0, 900, 120, 40), run('curl', 0, 1000, 100), run('fetch', 0, 500, 300, 70)];
    const f = downloadFigures(runs);
    assert.equal(f.fetch?.ratioVsCurl.median, 0.5);
    assert.equal(f.fetch?.cpuRatioVsCurl.median, 3);
  });

  it('perf#4 a round without its curl run is an error, not a silent skip', () => {
    assert.throws(() => downloadFigures([run('ours', 0, 900, 120, 40), run('curl', 1, 1000, 100)]), /round 1 has no curl run/);
  });

  it('spread of one value, and of none', () => {
    assert.deepEqual(spread([3]), { median: 3, min: 3, max: 3 });
    assert.throws(() => spread([]), /no values/);
  });
});

describe('perf#4 the README performance table', () => {
  it('perf#4 shows each figure with its range, target and met or missed (with the gap)', () => {
    const table = readmeTable([
      { metric: 'throughput vs curl', value: 0.934, unit: '×', digits: 2, range: { min: 0.81, max: 1.02 }, target: { op: '>=', value: 0.9 } },
      { metric: 'CPU vs curl', value: 1.41, unit: '×', digits: 2, range: { min: 1.2, max: 1.9 }, target: { op: '<=', value: 1.25 } },
      { metric: 'RSS growth', value: 41.26, unit: 'MiB', note: 'worst of 7', target: { op: '<=', value: 48 } },
      { metric: 'curl', value: 1400, unit: 'MiB/s', digits: 0 },
    ]);
    assert.deepEqual(table.split('\n'), [
      '| Figure | Value | Range | Target | Result |',
      '| --- | --- | --- | --- | --- |',
      '| throughput vs curl | 0.93 × | 0.81–1.02 × | ≥ 0.9 × | met |',
      '| CPU vs curl | 1.41 × | 1.2–1.9 × | ≤ 1.25 × | missed by 0.16 × |',
      '| RSS growth | 41.3 MiB (worst of 7) | – | ≤ 48 MiB | met |',
      '| curl | 1400 MiB/s | – | – | info |',
    ]);
  });
});
