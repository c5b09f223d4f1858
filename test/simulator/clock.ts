// Simulated time: starts at the real wall clock and runs `speed` times faster, so a 40 s task
// finishes in 0.4 s at speed 100. `advance` jumps ahead (e.g. 24 h to test expiry) without waiting.
import { performance } from 'node:perf_hooks';

export class SimClock {
  private readonly startReal = performance.now();
  private readonly startSim = Date.now() / 1000;
  private offset = 0;

  constructor(readonly speed: number) {
    if (!(speed > 0)) throw new Error('clockSpeed must be > 0');
  }

  /** Simulated unix time in (fractional) seconds. */
  now(): number {
    return this.startSim + ((performance.now() - this.startReal) / 1000) * this.speed + this.offset;
  }

  advance(seconds: number): void {
    this.offset += seconds;
  }

  /** Real milliseconds until the simulated instant `at` (0 when already past). */
  realMsUntil(at: number): number {
    return Math.max(0, ((at - this.now()) / this.speed) * 1000);
  }
}

/** Epoch ms with sub-ms precision, comparable across processes on one machine. */
export function preciseEpochMs(): number {
  return performance.timeOrigin + performance.now();
}
