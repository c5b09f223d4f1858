// How long the event loop was kept from running other work during a piece of work (in the
// extension host: UI messages, other extensions). perf_hooks' histogram records the time between
// its timer's ticks, so a free loop reads about `resolution`; the DELAY is what exceeds it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** Delay beyond the timer's interval, ms (0 when the loop was free). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  resolutionMs: number;
}

export interface LoopDelayWatch {
  stop(): LoopDelay;
}

export function watchEventLoopDelay(resolutionMs = 2): LoopDelayWatch {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  return {
    stop() {
      h.disable();
      const count = h.count;
      const delay = (ns: number): number => delayBeyondInterval(ns, resolutionMs);
      return {
        p50Ms: count ? delay(h.percentile(50)) : 0,
        p99Ms: count ? delay(h.percentile(99)) : 0,
        maxMs: count ? delay(h.max) : 0,
        samples: count,
        resolutionMs,
      };
    },
  };
}

/** A histogram value (ns between ticks) as the delay beyond the tick interval, in ms, never negative. */
export function delayBeyondInterval(valueNs: number, resolutionMs: number): number {
  return Math.max(0, valueNs / 1e6 - resolutionMs);
}
