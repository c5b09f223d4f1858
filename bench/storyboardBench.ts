// The storyboard's typing path: after each keystroke the editor re-parses the Markdown, checks every
// shot against the cached catalog (diagnostics) and prices it (CodeLenses). Measured here as the pure
// functions the providers call, over a 200-shot storyboard and the simulator's catalog — no network,
// no VS Code. Run alone: node out/bench/storyboardBench.js
import { performance } from 'node:perf_hooks';
import { ModelListSchema } from '../src/api/schemas/schemas';
import { analyzeStoryboard } from '../src/storyboard/analyze';
import { storyboardLenses } from '../src/storyboard/lenses';
import { parseStoryboard } from '../src/storyboard/parse';
import { MODELS } from '../test/simulator/catalog';
import { percentile } from './stats';

export interface StoryboardFigures {
  shots: number;
  lines: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  diagnostics: number;
}

/** A film of `shots` shots: every fourth an image still, the next animates it, speech and sound between. */
export function sampleStoryboard(shots: number): string {
  const out = ['# A long storyboard', ''];
  for (let i = 0; i < shots; i++) {
    const kind = i % 4;
    out.push(`Scene ${i + 1}: the fox keeps running.`, '', '```airforce', `id: s${i}`);
    if (kind === 0) out.push('kind: image', 'model: flux-2-dev', 'aspect_ratio: 16:9', `prompt: A red fox on a snowy hill, frame ${i}`);
    else if (kind === 1)
      out.push(
        'model: wan-2.6',
        'duration: 8',
        'aspect_ratio: 16:9',
        `image: @s${i - 1}   # animate the still`,
        'prompt: The fox darts across the hills',
        '  as the sun rises behind it',
      );
    else if (kind === 2) out.push('kind: speech', 'model: eleven-tts-v3', 'voice: rachel', `input: Line ${i}: the fox is almost home.`);
    // One shot in ten is out of the model's caps, so diagnostics are built too.
    else out.push('kind: sfx', 'model: eleven-sfx-v2', `duration: ${i % 10 === 3 ? 40 : 3}`, 'prompt: wind over snow');
    out.push('```', '');
  }
  return out.join('\n');
}

export function measureStoryboard(shots = 200, runs = 200, warmup = 20): StoryboardFigures {
  const catalog = ModelListSchema.parse({ object: 'list', data: MODELS }).data;
  const base = sampleStoryboard(shots);
  const samples: number[] = [];
  let diagnostics = 0;
  let lines = 0;
  for (let r = 0; r < warmup + runs; r++) {
    // A keystroke: the text differs each time, as it does while typing (nothing cached by text).
    const text = base.replace('frame 0', `frame 0${'x'.repeat(r % 7)}`);
    const t0 = performance.now();
    const board = parseStoryboard(text);
    const analysis = analyzeStoryboard(board, catalog);
    const lenses = storyboardLenses(board, analysis, () => undefined);
    const ms = performance.now() - t0;
    if (lenses.length !== shots + 1) throw new Error(`expected ${shots + 1} lenses, got ${lenses.length}`);
    if (r >= warmup) samples.push(ms);
    diagnostics = analysis.diagnostics.length;
    lines = board.lines.length;
  }
  return { shots, lines, runs, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: Math.max(...samples), diagnostics };
}

if (require.main === module) {
  const f = measureStoryboard();
  console.log(
    `storyboard of ${f.shots} shots (${f.lines} lines, ${f.diagnostics} diagnostics): parse + diagnostics + lenses p50 ${f.p50Ms.toFixed(2)} ms, p95 ${f.p95Ms.toFixed(2)} ms, max ${f.maxMs.toFixed(2)} ms over ${f.runs} runs`,
  );
}
