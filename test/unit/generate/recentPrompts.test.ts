// Recent prompts per kind and the panel's memory of kind and models: global state, read defensively.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentPrompts, RECENT_PROMPTS_KEY, withPrompt } from '../../../src/generate/host/recentPrompts';
import { LAST_KIND_KEY, LAST_MODELS_KEY, lastKind, lastModels, mediaDefaults, rememberKind, rememberModel } from '../../../src/generate/host/memory';
import { RECENT_PROMPTS_MAX } from '../../../src/generate/protocolConstants';

function memento(initial: Record<string, unknown> = {}) {
  const values = new Map<string, unknown>(Object.entries(initial));
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, value) };
}

describe('recent prompts', () => {
  it('keeps newest first, without duplicates, per kind', async () => {
    const m = memento();
    const recent = new RecentPrompts(m);
    await recent.record('image', 'a fox');
    await recent.record('image', 'a cat');
    await recent.record('speech', 'hello');
    assert.deepEqual(await recent.record('image', '  a fox  '), ['a fox', 'a cat'], 'trimmed, and moved to the front');
    assert.deepEqual(recent.of('speech'), ['hello']);
    assert.deepEqual(recent.of('video'), []);
    assert.deepEqual(m.values.get(RECENT_PROMPTS_KEY), { image: ['a fox', 'a cat'], speech: ['hello'] });
  });

  it(`keeps at most ${RECENT_PROMPTS_MAX} per kind, dropping the oldest`, async () => {
    const recent = new RecentPrompts(memento());
    for (let i = 0; i < RECENT_PROMPTS_MAX + 5; i++) await recent.record('music', `p${i}`);
    const list = recent.of('music');
    assert.equal(list.length, RECENT_PROMPTS_MAX);
    assert.equal(list[0], `p${RECENT_PROMPTS_MAX + 4}`);
    assert.equal(list.at(-1), 'p5');
    assert.deepEqual(withPrompt(['b', 'a'], 'a'), ['a', 'b']);
  });

  it('ignores blank prompts and clears one kind only', async () => {
    const m = memento();
    const recent = new RecentPrompts(m);
    await recent.record('sfx', 'boom');
    await recent.record('video', 'waves');
    assert.deepEqual(await recent.record('sfx', '   '), ['boom']);
    await recent.clear('sfx');
    assert.deepEqual(recent.all(), { video: ['waves'] });
  });

  it('reads odd stored values as nothing', () => {
    const recent = new RecentPrompts(memento({ [RECENT_PROMPTS_KEY]: { image: 'not a list', speech: [1, '', 'ok'], bogus: ['x'] } }));
    assert.deepEqual(recent.all(), { speech: ['ok'] });
    assert.deepEqual(new RecentPrompts(memento({ [RECENT_PROMPTS_KEY]: 'junk' })).all(), {});
  });
});

describe('panel memory (last kind, last model per kind)', () => {
  it("remembers the kind and each kind's model; the setting is the fallback", async () => {
    const m = memento();
    assert.equal(lastKind(m), undefined);
    await rememberKind(m, 'sfx');
    assert.equal(lastKind(m), 'sfx');
    await rememberModel(m, 'image', 'flux-2-dev');
    await rememberModel(m, 'speech', 'eleven-tts-v3');
    await rememberModel(m, 'image', 'imagen-4');
    assert.deepEqual(lastModels(m), { image: 'imagen-4', speech: 'eleven-tts-v3' });
    const setting = (kind: string) => (kind === 'music' ? 'lyria' : kind === 'image' ? 'from-setting' : undefined);
    assert.deepEqual(mediaDefaults(m, setting), { image: 'imagen-4', speech: 'eleven-tts-v3', music: 'lyria' });
  });

  it('ignores stored values that are not a kind or a model id', () => {
    const m = memento({ [LAST_KIND_KEY]: 'hologram', [LAST_MODELS_KEY]: { image: 5, speech: '', video: 'wan', sfx: 'ok' } });
    assert.equal(lastKind(m), undefined);
    assert.deepEqual(lastModels(m), { sfx: 'ok' });
  });
});
