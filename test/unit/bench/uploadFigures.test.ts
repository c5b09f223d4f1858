// The upload benchmark's figures (issue 19): the worst round's RSS growth and the median p99 as
// headlines, the README rows, and the merge into bench/results.json that keeps every other figure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readmeTable } from '../../../bench/readmeTable';
import { MiB } from '../../../bench/stats';
import { mergeUpload, uploadSection, type UploadRun } from '../../../bench/uploadFigures';

const FILE = 100 * 1000 * 1000;

function run(round: number, ms: number, rssMiB: number, p99Ms: number): UploadRun {
  return {
    round,
    fileBytes: FILE,
    mibPerSecond: FILE / MiB / (ms / 1000),
    ms,
    bodyBytes: FILE + 400,
    cpuMs: 300,
    rssGrowthBytes: rssMiB * MiB,
    rssSamples: 50,
    kernelHwm: true,
    loopDelay: { p50Ms: 0.1, p99Ms, maxMs: p99Ms * 2, samples: 200, resolutionMs: 2 },
    progressCalls: 1526,
    requestId: `req_${round}`,
    floorP99Ms: 1 + round,
  };
}

const result = (runs: UploadRun[]) => ({ fileBytes: FILE, sha256: 'ab', runs, received: true, loadAvg: { before: [0.5, 1, 1.5], after: [0.6, 1, 1.5] } });

describe('perf upload figures', () => {
  it('ws#2 perf the worst round is the RSS headline, the median p99 the delay headline', () => {
    const s = uploadSection(result([run(0, 1000, 9, 3), run(1, 500, 12, 25), run(2, 800, 10, 4)]), new Date('2026-12-07T00:00:00Z'));
    assert.equal(s.figures.upload_rss_growth_mib, 12);
    assert.deepEqual(s.figures.upload_rss_growth_per_run_mib, [9, 12, 10]);
    assert.equal(s.figures.upload_loop_p99_ms, 4, 'one busy round does not decide the p99 headline');
    assert.equal(s.figures.upload_loop_p99_worst_run_ms, 25);
    assert.equal(s.figures.upload_loop_max_ms, 50);
    assert.equal(s.figures.upload_idle_loop_p99_ms, 2);
    assert.equal(s.figures.upload_mib_per_s, 119.2);
    assert.equal(s.figures.upload_mb_per_s, 125);
    assert.deepEqual(s.ranges.upload_rss_growth_mib, [9, 12]);
    assert.deepEqual(s.missed, []);
    assert.equal(s.details.date, '2026-12-07T00:00:00.000Z');
    assert.deepEqual(s.details.load_avg_before, [0.5, 1, 1.5]);
    const table = readmeTable(s.rows);
    assert.match(table, /\| upload 100 MB \(multipart, streamed\) \| 119\.2 MiB\/s \| 95\.4–190\.7 MiB\/s \| – \| info \|/);
    assert.match(table, /\| first-upload RSS growth \| 12 MiB \(worst of 3\) \| 9–12 MiB \| ≤ 32 MiB \| met \|/);
    assert.match(table, /\| event-loop delay p99 during the upload \| 4 ms \| 3–25 ms \| ≤ 20 ms \| met \|/);
    assert.match(table, /\| {3}machine floor \(idle, during the upload\) \| 2 ms \| 1–3 ms \| – \| info \|/);
  });

  it('ws#2 perf a miss is reported with its gap, never hidden', () => {
    const s = uploadSection(result([run(0, 1000, 40.2, 3), run(1, 1000, 38, 3)]));
    assert.deepEqual(s.missed, ['upload_rss_growth_mib']);
    assert.match(readmeTable(s.rows), /40\.2 MiB \(worst of 2\) \| 38–40\.2 MiB \| ≤ 32 MiB \| missed by 8\.2 MiB \|/);
  });

  it('ws#2 perf merging keeps the other figures and puts the upload beside them', () => {
    const before = {
      date: 'then',
      download_mib_per_s: 1000,
      upload_rss_growth_mib: 99,
      targets: { download_ratio_vs_curl: 0.9, upload_rss_growth_mib: 32 },
      target_comparisons: { download_ratio_vs_curl: '>=' },
      ranges: { download_mib_per_s: [900, 1100] },
      pass: { download_ratio_vs_curl: true, upload_rss_growth_mib: false },
      misses: { bundle_kib: { gap: 1 }, upload_rss_growth_mib: { gap: 67 } },
      details: { duration_s: 60, method: { download: 'curl rounds' } },
    };
    const merged = mergeUpload(before, uploadSection(result([run(0, 1000, 9, 3)])));
    const keys = Object.keys(merged);
    assert.ok(keys.indexOf('upload_mib_per_s') < keys.indexOf('targets'), 'figures before targets');
    assert.deepEqual([merged.date, merged.download_mib_per_s, merged.upload_rss_growth_mib], ['then', 1000, 9]);
    assert.deepEqual(merged.targets, { download_ratio_vs_curl: 0.9, upload_rss_growth_mib: 32, upload_loop_p99_ms: 20 });
    assert.deepEqual(merged.target_comparisons, { download_ratio_vs_curl: '>=', upload_rss_growth_mib: '<=', upload_loop_p99_ms: '<=' });
    assert.deepEqual(merged.pass, { download_ratio_vs_curl: true, upload_rss_growth_mib: true, upload_loop_p99_ms: true });
    assert.deepEqual(merged.misses, { bundle_kib: { gap: 1 } }, 'the old upload miss is gone, the others stay');
    assert.deepEqual((merged.ranges as Record<string, number[]>).download_mib_per_s, [900, 1100]);
    const details = merged.details as { duration_s: number; method: Record<string, string>; upload: { rounds: number } };
    assert.equal(details.duration_s, 60);
    assert.equal(details.method.download, 'curl rounds');
    assert.match(details.method.upload, /fresh process/);
    assert.equal(details.upload.rounds, 1);
  });
});
