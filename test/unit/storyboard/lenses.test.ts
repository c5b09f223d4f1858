// What the CodeLenses say: estimates per shot, the total above the first, running and done states.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeStoryboard } from '../../../src/storyboard/analyze';
import { storyboardLenses, type ShotRun } from '../../../src/storyboard/lenses';
import { parseStoryboard } from '../../../src/storyboard/parse';
import { catalog, md } from './helpers';

const text = md(
  'Intro',
  '```airforce',
  'id: still',
  'kind: image',
  'model: flux-2-dev',
  'prompt: a fox',
  '```',
  '![still](media/still.png)',
  '```airforce',
  'id: fox-wide',
  'model: wan-2.6',
  'duration: 8',
  'image: @still',
  'prompt: it runs',
  '```',
  '```airforce',
  'kind: speech',
  'model: eleven-tts-v3',
  'voice: rachel',
  'input: hi',
  '```',
);

const lenses = (runs: Record<string, ShotRun> = {}, loaded = true) => {
  const board = parseStoryboard(text);
  return storyboardLenses(board, analyzeStoryboard(board, loaded ? catalog : undefined), (id) => runs[id]);
};

describe('storyboard lenses', () => {
  it('prices each shot and totals them above the first block', () => {
    const out = lenses();
    assert.deepEqual(out[0], { type: 'all', line: 1, count: 3, totalCents: 2.5 + 320 + 0.03, unknownPrice: false });
    assert.deepEqual(
      out.slice(1).map((l) => [l.type, l.line, 'estimate' in l ? l.estimate : undefined]),
      [
        ['done', 1, { cents: 2.5 }],
        ['generate', 8, { cents: 320 }],
        ['generate', 15, { cents: 0.03 }],
      ],
    );
    assert.deepEqual(out[1]!.type === 'done' && out[1]!.targets, ['media/still.png'], 'the link line under the block');
    assert.equal(out[3]!.type === 'generate' && out[3]!.id, undefined, 'a shot without an id is still offered');
  });

  it('shows progress while running, the files when done, and a failed last run', () => {
    const out = lenses({ 'fox-wide': { state: 'running', progress: 42 }, still: { state: 'failed' } });
    assert.deepEqual(out[2], { type: 'running', line: 8, blockIndex: 1, kind: 'video', id: 'fox-wide', progress: 42 });
    assert.equal(out[1]!.type, 'done', 'its link line still shows the earlier result');
    const done = lenses({ 'fox-wide': { state: 'done', files: ['/ws/media/fox.mp4'] } });
    assert.deepEqual(done[2]!.type === 'done' && done[2]!.targets, ['/ws/media/fox.mp4']);
  });

  it('knows no price before the catalog arrives, and no total while any price is unknown', () => {
    const out = lenses({}, false);
    assert.deepEqual(out[0], { type: 'all', line: 1, count: 3, unknownPrice: true });
    assert.equal(out[2]!.type === 'generate' && out[2]!.estimate, undefined);
    const board = parseStoryboard(md('```airforce', 'model: wan-2.6', 'duration: 30', 'prompt: x', '```'));
    const [all, one] = storyboardLenses(board, analyzeStoryboard(board, catalog), () => undefined);
    assert.deepEqual(all, { type: 'all', line: 0, count: 1, unknownPrice: true, problems: { count: 1, line: 2, start: 10, end: 12 } });
    assert.deepEqual(one!.type === 'generate' && one!.estimate, { unknown: true, reason: 'price unknown' });
  });

  it('fh#5 an invalid shot carries its problems (how many, where the first is) for the lens to name; the top lens counts them all', () => {
    const board = parseStoryboard(
      md(
        '```airforce',
        'id: a',
        'model: wan-2.6',
        'duration: 30',
        'aspect_ratio: 2:1',
        'prompt: x',
        '```',
        '```airforce',
        'id: b',
        'model: wan-2.6',
        'prompt: fine',
        '```',
        '```airforce',
        'id: c',
        'kind: image',
        'model: nope',
        'prompt: y',
        '```',
      ),
    );
    const out = storyboardLenses(board, analyzeStoryboard(board, catalog), () => undefined);
    const problems = out.map((l) => (l.type === 'running' ? undefined : l.problems));
    assert.deepEqual(problems, [{ count: 3, line: 3, start: 10, end: 12 }, { count: 2, line: 3, start: 10, end: 12 }, undefined, { count: 1, line: 15, start: 7, end: 11 }]);
    assert.deepEqual(out[2]!.type === 'generate' && out[2]!.estimate, { cents: 200 });
  });
});
