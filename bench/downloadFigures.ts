// The download comparison's figures from its interleaved rounds: a median and a range (min–max) for
// each, ratios taken within a round (ours against the curl run beside it, under the same load),
// so a busy moment moves both sides of a ratio instead of one. Pure: unit-tested.
import type { DownloadRun, Tool } from './downloadBench';
import { cpuMsPer100MiB, median, MiB } from './stats';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export interface ToolFigures {
  mibPerSecond: Spread;
  cpuMsPer100MiB: Spread;
  /** Event-loop delay p99 of each download (ours), or of this idle process during curl's (the floor). */
  loopP99Ms: Spread;
  /** Ours only: RSS growth of each (first) download. */
  rssGrowthMiB?: Spread;
}

export interface Contender extends ToolFigures {
  /** Per round: its throughput / curl's. */
  ratioVsCurl: Spread;
  /** Per round: its CPU per byte / curl's. */
  cpuRatioVsCurl: Spread;
}

export interface DownloadFigures {
  rounds: number;
  curl: ToolFigures;
  ours: Contender;
  /** Only when the global-fetch transport ran too (BENCH_COMPARE_FETCH=1). */
  fetch?: Contender;
}

export function downloadFigures(runs: readonly DownloadRun[]): DownloadFigures {
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  const curl = runs.filter((r) => r.tool === 'curl');
  const curlIn = (round: number): DownloadRun => {
    const c = curl.find((r) => r.round === round);
    if (!c) throw new Error(`round ${round + 1} has no curl run`);
    return c;
  };
  const contender = (tool: Tool): Contender | undefined => {
    const own = runs.filter((r) => r.tool === tool);
    if (own.length === 0) return undefined;
    return {
      ...toolFigures(own),
      ratioVsCurl: spread(own.map((r) => r.mibPerSecond / curlIn(r.round).mibPerSecond)),
      cpuRatioVsCurl: spread(own.map((r) => perByte(r) / perByte(curlIn(r.round)))),
    };
  };
  const ours = contender('ours');
  if (!ours) throw new Error('no run of ours');
  const fetch = contender('fetch');
  return { rounds: rounds.length, curl: toolFigures(curl), ours, ...(fetch ? { fetch } : {}) };
}

const perByte = (r: DownloadRun): number => cpuMsPer100MiB(r.cpuMs, r.bytes);

function toolFigures(runs: readonly DownloadRun[]): ToolFigures {
  const rss = runs.flatMap((r) => (r.rssGrowthBytes === undefined ? [] : [r.rssGrowthBytes / MiB]));
  return {
    mibPerSecond: spread(runs.map((r) => r.mibPerSecond)),
    cpuMsPer100MiB: spread(runs.map(perByte)),
    loopP99Ms: spread(runs.map((r) => r.loopDelay.p99Ms)),
    ...(rss.length ? { rssGrowthMiB: spread(rss) } : {}),
  };
}
