// Diagnostics and estimates of a storyboard over a catalog snapshot (the simulator's models).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStoryboard } from '../../../src/storyboard/analyze';
import { parseStoryboard } from '../../../src/storyboard/parse';
import { catalog, md } from './helpers';

const analyze = (text: string, models: typeof catalog | undefined = catalog) => analyzeStoryboard(parseStoryboard(text), models, { defaultModels: { speech: 'eleven-tts-v3' } });
const lines = (text: string, models?: typeof catalog) => analyze(text, models).diagnostics.map((d) => `${d.line}:${d.start}-${d.end} ${d.message}`);

describe('storyboard diagnostics', () => {
  it('puts an out-of-caps duration on the duration line, naming the allowed range in the written key', () => {
    const text = md('```airforce', 'id: fox', 'model: wan-2.6', 'duration: 12', 'prompt: fox', '```');
    assert.deepEqual(lines(text), ['3:10-12 duration must be a whole number between 5 and 10 seconds']);
    const shot = analyze(text).shots[0]!;
    assert.equal(shot.valid, false);
    assert.deepEqual(shot.estimate, { unknown: true, reason: 'price unknown' });
  });

  it('names the allowed values of ratios and the models of the kind', () => {
    const text = md(
      '```airforce',
      'model: seedance-lite',
      'aspect_ratio: 1:1',
      'prompt: x',
      '```',
      '```airforce',
      'kind: image',
      'model: wan-2.6',
      'prompt: y',
      '```',
      '```airforce',
      'model: veo-9',
      'prompt: z',
      '```',
    );
    assert.deepEqual(lines(text), [
      '2:14-17 aspect_ratio must be one of 16:9, 9:16',
      '7:7-14 model "wan-2.6" makes video, not image; image models: flux-2-dev, imagen-4',
      '11:7-12 model "veo-9" is not in the model list; video models: wan-2.6, kling-1, seedance-lite',
    ]);
  });

  it('reports a missing prompt or input on the fence line, and a missing voice with the voices', () => {
    const text = md('```airforce', 'model: wan-2.6', '```', '```airforce', 'kind: speech', 'input: hello', '```');
    assert.deepEqual(lines(text), ['0:0-11 this video shot has no prompt', '3:0-11 voice must be chosen (it is empty); voices: rachel, adam']);
  });

  it('checks @id references (above, an image shot) and image file names', () => {
    const text = md(
      '```airforce',
      'id: clip',
      'model: wan-2.6',
      'prompt: a',
      '```',
      '```airforce',
      'model: wan-2.6',
      'image: @later',
      'prompt: b',
      '```',
      '```airforce',
      'model: wan-2.6',
      'image: @clip',
      'prompt: c',
      '```',
      '```airforce',
      'model: wan-2.6',
      'image: shots/fox.gif',
      'prompt: d',
      '```',
      '```airforce',
      'id: later',
      'kind: image',
      'model: flux-2-dev',
      'prompt: e',
      '```',
      '```airforce',
      'model: wan-2.6',
      'image: @later',
      'prompt: f',
      '```',
    );
    const a = analyze(text);
    assert.deepEqual(
      a.diagnostics.map((d) => `${d.line} ${d.message}`),
      [
        '7 no shot "later" above this one; shots above: @clip',
        '12 shot "clip" makes video, not an image',
        '17 image must be an image file (.png, .jpg, .jpeg, .webp) or @<id> of an image shot above',
      ],
    );
    assert.equal(a.shots[5]!.imageFrom, 'later');
    assert.equal(a.shots[5]!.valid, true);
    assert.deepEqual(a.shots[5]!.estimate, { cents: 200 }, 'wan-2.6 at 40 ¢/s, 5 s by default');
  });

  it('refuses a model that cannot take the mode an image asks for', () => {
    const text = md('```airforce', 'id: still', 'kind: image', 'model: imagen-4', 'prompt: s', '```', '```airforce', 'model: seedance-lite', 'image: @still', 'prompt: v', '```');
    assert.deepEqual(lines(text), ['8:7-13 mode must be one of text for seedance-lite']);
  });

  it('prices each valid shot per kind; duplicate ids and unknown kinds are errors', () => {
    const text = md(
      '```airforce',
      'id: a',
      'model: kling-1',
      'duration: 10',
      'prompt: x',
      '```',
      '```airforce',
      'id: a',
      'kind: image',
      'model: flux-2-dev',
      'n: 2',
      'prompt: y',
      '```',
      '```airforce',
      'kind: sfx',
      'model: eleven-sfx-v2',
      'duration: 4',
      'prompt: boom',
      '```',
      '```airforce',
      'kind: opera',
      'prompt: z',
      '```',
    );
    const a = analyze(text);
    assert.deepEqual(
      a.shots.map((s) => s.estimate),
      [{ cents: 280 }, { unknown: true, reason: 'price unknown' }, { cents: 3 }, { unknown: true, reason: 'price unknown' }],
    );
    assert.deepEqual(
      a.diagnostics.map((d) => `${d.line} ${d.message}`),
      ['7 id "a" is used by another shot above; ids must be unique', '20 kind must be one of video, image, speech, music, sfx'],
    );
  });

  it('without a catalog checks only what needs no model, and knows no price', () => {
    const text = md('```airforce', 'model: veo-9', 'duration: 99', '```');
    const a = analyzeStoryboard(parseStoryboard(text), undefined);
    assert.deepEqual(
      a.diagnostics.map((d) => d.message),
      ['this video shot has no prompt'],
    );
    assert.equal(a.shots[0]!.estimate, undefined);
  });

  it('turns parse problems into diagnostics; a repeated key is only a warning', () => {
    const a = analyze(md('```airforce', 'model: wan-2.6', 'prompt: x', 'prompt: y', 'oops', '```'));
    assert.deepEqual(
      a.diagnostics.map((d) => `${d.severity} ${d.message}`),
      ['warning prompt is given twice; the last one counts', 'error expected "key: value"'],
    );
  });

  it('the demo workspace’s sample storyboard is clean and priced below the default confirm threshold', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'storyboard.md'), 'utf8');
    const a = analyze(text);
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(
      a.shots.map((s) => s.block.id),
      ['fox-still', 'fox-run', 'narration', 'wind'],
    );
    assert.equal(a.shots[1]!.imageFrom, 'fox-still');
    const total = a.shots.reduce((sum, s) => sum + (s.estimate && 'cents' in s.estimate ? s.estimate.cents : NaN), 0);
    assert.ok(total > 300 && total < 500, `total ${total} ¢`);
  });
});

describe('r3#18 diagnostics stay small and fast on a large storyboard', () => {
  const MiB = 1024 * 1024;
  const cpuMs = (text: string): { ms: number; messages: string[] } => {
    const c0 = process.cpuUsage();
    const a = analyze(text);
    const c = process.cpuUsage(c0);
    return { ms: (c.user + c.system) / 1000, messages: a.diagnostics.map((d) => d.message) };
  };
  const board = (n: number, shot: (i: number) => string[]): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push('```airforce', ...shot(i), '```', '');
    return out.join('\n');
  };
  const clean = board(4000, (i) => [`id: c${i}`, 'kind: image', 'model: flux-2-dev', `prompt: p${i}`]);
  /**
   * What a keystroke costs (parse + analysis) in CPU time of this process, the quickest of seven
   * passes — 2 cores shared by many test runs make wall time a measure of the neighbours. Each pass
   * is paired with one over a clean board of the same size, so a busy moment slows both; the limit
   * is 50 ms on a quiet machine, else 4× the clean board's pace (2–2.5× measured). Before the fix it took seconds.
   */
  const measure = (text: string): { ms: number; limit: number; bytes: number; messages: string[] } => {
    let ms = Number.POSITIVE_INFINITY;
    let cleanMs = Number.POSITIVE_INFINITY;
    let messages: string[] = [];
    for (let i = 0; i < 7; i++) {
      const run = cpuMs(text);
      ms = Math.min(ms, run.ms);
      messages = run.messages;
      cleanMs = Math.min(cleanMs, cpuMs(clean).ms);
    }
    return { ms, limit: Math.max(50, 4 * cleanMs), bytes: messages.reduce((n, m) => n + Buffer.byteLength(m), 0), messages };
  };

  it('r3#18 4,000 shots each with a different broken @ref: under 50 ms and 20 MiB, each message naming the closest 3 and "and N more"', () => {
    const text = board(4000, (i) => [`id: shot-${i}`, 'kind: image', 'model: flux-2-dev', `prompt: p${i}`, `image: @shot-${i}x`]);
    const { ms, limit, bytes, messages } = measure(text);
    assert.equal(messages.length, 3999 + 1);
    assert.ok(bytes < 20 * MiB, `${bytes} bytes of messages`);
    assert.ok(ms < limit, `${ms.toFixed(1)} ms (limit ${limit.toFixed(1)} ms)`);
    // Shot 12 asks for @shot-12x: the three ids two edits away come first (ties in document order); the rest are counted.
    assert.equal(messages[12], 'no shot "shot-12x" above this one; shots above: @shot-1, @shot-2, @shot-10 and 9 more');
    // Shot 90 asks for @shot-90x: shot-0, shot-9 and shot-10 are two edits away, shot-1 three.
    assert.equal(messages[90], 'no shot "shot-90x" above this one; shots above: @shot-0, @shot-9, @shot-10 and 87 more');
    // Past the pass's comparison budget, the shots just above are named.
    assert.equal(messages[3999], 'no shot "shot-3999x" above this one; shots above: @shot-3998, @shot-3997, @shot-3996 and 3,996 more');
    assert.ok(
      messages.every((m) => m.length < 300),
      'every message is short',
    );
  });

  it('r3#18 4,000 shots with the same broken @ref and an unknown model: under 50 ms and 20 MiB, model ids capped too', () => {
    const text = board(4000, (i) => [`id: s${i}`, 'kind: image', 'model: flux-2-de', `prompt: p${i}`, 'image: @nowhere']);
    const { ms, limit, bytes, messages } = measure(text);
    assert.ok(bytes < 20 * MiB, `${bytes} bytes of messages`);
    assert.ok(ms < limit, `${ms.toFixed(1)} ms (limit ${limit.toFixed(1)} ms)`);
    assert.ok(messages.some((m) => m === 'model "flux-2-de" is not in the model list; image models: flux-2-dev, imagen-4'));
    assert.ok(
      messages.every((m) => m.length < 300),
      'every message is short',
    );
  });

  it('r3#18 a catalog of 5,000 models: a wrong model names the closest 3 of its kind and how many more', () => {
    const many = [
      ...catalog,
      ...Array.from({ length: 5000 }, (_, i) => ({ id: `vid-${i}`, output_modalities: ['video'], video_caps: catalog.find((m) => m.id === 'wan-2.6')!.video_caps })),
    ];
    const a = analyzeStoryboard(parseStoryboard(md('```airforce', 'model: vid-77x', 'prompt: a', '```', '```airforce', 'prompt: b', '```')), many);
    assert.deepEqual(
      a.diagnostics.map((d) => d.message),
      [
        'model "vid-77x" is not in the model list; video models: vid-77, vid-770, vid-771 and 5,000 more',
        'this shot names no model (add "model:"); video models: wan-2.6, kling-1, seedance-lite and 5,000 more',
      ],
    );
  });
});
