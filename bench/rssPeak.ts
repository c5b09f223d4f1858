// Peak resident memory of this process during a piece of work, relative to just before it.
// Two sources, the larger wins: RSS sampled every ~10 ms (portable, but a sample can miss a short
// spike, and the download itself keeps the event loop busy), and on Linux the kernel's own
// high-water mark (VmHWM), which is reset to the current RSS first by writing 5 to
// /proc/self/clear_refs, so it is exact for the measured span.
import { readFileSync, writeFileSync } from 'node:fs';

export interface RssPeak {
  baselineBytes: number;
  peakBytes: number;
  growthBytes: number;
  samples: number;
  /** Whether the kernel high-water mark could be reset and read. */
  kernelHwm: boolean;
}

export interface RssWatch {
  stop(): RssPeak;
}

export function watchRss(intervalMs = 10): RssWatch {
  const kernelHwm = resetHighWaterMark();
  const baselineBytes = process.memoryUsage.rss();
  let peak = baselineBytes;
  let samples = 0;
  const timer = setInterval(() => {
    samples++;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const hwm = kernelHwm ? readHighWaterMark() : undefined;
      if (hwm !== undefined) peak = Math.max(peak, hwm);
      return { baselineBytes, peakBytes: peak, growthBytes: Math.max(0, peak - baselineBytes), samples, kernelHwm: hwm !== undefined };
    },
  };
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return readHighWaterMark() !== undefined;
  } catch {
    return false;
  }
}

function readHighWaterMark(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
