// The bench's pure helpers for extension-host load: bash `times` parsing (curl's CPU), event-loop
// delay conversion, and self time per frame from a V8 CPU profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBashTimes } from '../../../bench/curlCpu';
import { selfTimeByFrame, frameName, type CpuProfile } from '../../../bench/cpuProfile';
import { delayBeyondInterval } from '../../../bench/eventLoop';

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

describe('parseBashTimes', () => {
  it('reads the shell line, then the children line (curl), in ms', () => {
    const t = parseBashTimes('0m0.002s 0m0.001s\n0m0.123s 0m0.045s\nexit 0\n');
    assert.ok(near(t.shell.userMs, 2) && near(t.shell.sysMs, 1));
    assert.ok(near(t.children.userMs, 123) && near(t.children.sysMs, 45));
  });

  it('counts the minutes', () => {
    const t = parseBashTimes('0m0.000s 0m0.000s\n1m2.500s 0m0.250s\n');
    assert.ok(near(t.children.userMs, 62_500));
    assert.ok(near(t.children.sysMs, 250));
  });

  it('refuses output that is not two lines of times (e.g. a localized comma)', () => {
    assert.throws(() => parseBashTimes(''), /two lines/);
    assert.throws(() => parseBashTimes('0m0,002s 0m0,001s\n0m0,123s 0m0,045s\n'), /two lines/);
    assert.throws(() => parseBashTimes('0m0.002s 0m0.001s\n'), /two lines/);
  });
});

describe('delayBeyondInterval', () => {
  it('subtracts the tick interval and never goes negative', () => {
    assert.equal(delayBeyondInterval(25_000_000, 2), 23);
    assert.equal(delayBeyondInterval(2_000_000, 2), 0);
    assert.equal(delayBeyondInterval(1_500_000, 2), 0);
  });
});

describe('selfTimeByFrame', () => {
  const frame = (id: number, functionName: string, url = '', lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });
  const profile: CpuProfile = {
    nodes: [frame(1, '(root)'), frame(2, '(idle)'), frame(3, 'copyBody', 'file:///w/out/src/io/download.js', 256), frame(4, '(garbage collector)')],
    startTime: 0,
    endTime: 100,
    // A sample's time is the delta to the next sample.
    samples: [3, 3, 4, 2, 3],
    timeDeltas: [0, 1000, 2000, 3000, 4000],
  };

  it('sums the time to the next sample per frame, largest first, idle apart', () => {
    const { rows, busyMs, idleMs } = selfTimeByFrame(profile);
    assert.equal(idleMs, 4);
    assert.equal(busyMs, 6); // copyBody 1 + 2, GC 3; the last sample has no successor
    assert.deepEqual(
      rows.map((r) => [r.frame, r.selfMs]),
      [
        ['copyBody (io/download.js:257)', 3],
        ['(garbage collector)', 3],
      ],
    );
    assert.ok(near(rows[0].share, 0.5));
  });

  it('keeps only the top n and names anonymous frames', () => {
    assert.equal(selfTimeByFrame(profile, 1).rows.length, 1);
    assert.equal(frameName(frame(9, '', 'node:internal/streams/readable', 9)), '(anonymous) (streams/readable:10)');
  });
});
