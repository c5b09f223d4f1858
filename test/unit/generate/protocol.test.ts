import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HostMessageSchema,
  MAX_IMAGES,
  MAX_WEBVIEW_MESSAGE_BYTES,
  PanelKindSchema,
  KindSchema,
  MediaKindSchema,
  RECENT_PROMPTS_MAX,
  STRING_KEYS,
  localIdFromState,
  parseAppMessage,
} from '../../../src/generate/protocol';
import { JobKindSchema } from '../../../src/jobs/job';
import { KIND_IDS, OPERATION_IDS, OPERATIONS, SYNC_KIND_IDS } from '../../../src/kinds';

describe('webview protocol: app → host', () => {
  it('accepts every well-formed message type', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'requestModels', kind: 'video', refresh: true },
      { type: 'pickImages', multi: false },
      { type: 'dropImages', uris: ['file:///tmp/a.png'] },
      { type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'a cat', mode: 'text', duration_seconds: 5, seed: 7 }, images: [] },
      { type: 'openFile', localId: 'l1' },
      { type: 'revealFile', localId: 'l1' },
      { type: 'openExternal', localId: 'l1' },
      { type: 'generateAgain', localId: 'l1' },
      { type: 'setDefaultModel', kind: 'video', model: 'wan-2.6' },
      { type: 'generate', kind: 'video', request: { model: 'wan-2.6', prompt: 'p', mode: 'reference' }, images: ['img:0123456789abcdefghij_-XY', 'https://e.com/a%20b.png'] },
      { type: 'taskAction', action: 'lookAgain', id: 'l1' },
      { type: 'taskAction', action: 'sendAgain', id: 'l1' },
      { type: 'taskAction', action: 'tryAgain', id: 'l1' },
    ];
    for (const m of good) {
      const r = parseAppMessage(m);
      assert.equal(r.ok, true, `${JSON.stringify(m)} → ${r.ok ? '' : r.reason}`);
    }
  });

  it('keeps extra request keys (seed, sound) for the provider', () => {
    const r = parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p', seed: 3, sound: true }, images: [] });
    assert.ok(r.ok && r.message.type === 'generate');
    assert.deepEqual(r.message.request, { model: 'm', prompt: 'p', seed: 3, sound: true });
  });

  it('rejects unknown types and non-objects', () => {
    for (const m of [{ type: 'deleteEverything' }, { type: 42 }, {}, null, 'ready', 7, []]) {
      assert.equal(parseAppMessage(m).ok, false, JSON.stringify(m));
    }
  });

  it('rejects wrong shapes and unknown keys', () => {
    const bad: unknown[] = [
      { type: 'requestModels', kind: 'video' },
      { type: 'requestModels', kind: 'video', refresh: 'yes' },
      { type: 'requestModels', kind: 'gif', refresh: true },
      { type: 'ready', extra: 1 },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'openFile', localId: '' },
      { type: 'dropImages', uris: 'file:///a.png' },
      { type: 'generate', kind: 'video', request: { prompt: 'no model' }, images: [] },
      { type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p', mode: 'sideways' }, images: [] },
      { type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p' }, images: [{ b64_json: 'AAAA' }] },
      // Image bytes never travel from the webview: input_images in the request is refused.
      { type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p', input_images: [{ url: 'https://x/y.png' }] }, images: [] },
      { type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p' }, images: Array.from({ length: 17 }, (_, i) => `https://x/${i}.png`) },
      { type: 'taskAction', action: 'deleteEverything', id: 'l1' },
      { type: 'taskAction', action: 'lookAgain' },
      { type: 'taskAction', action: 'lookAgain', id: 'l1', confirm: false },
    ];
    for (const m of bad) assert.equal(parseAppMessage(m).ok, false, JSON.stringify(m));
  });

  it('#11 a generate message names images by token or https URL, never by path', () => {
    for (const image of [
      '/w/a.png',
      'C:\\w\\a.png',
      'file:///w/a.png',
      'http://e.com/a.png',
      'img:short',
      'img:../../etc/passwd0000000',
      'data:image/png;base64,AAAA',
      'https://e.com/a b.png',
      'https://',
    ]) {
      const r = parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt: 'p' }, images: [image] });
      assert.equal(r.ok, false, image);
      // The host answers these visibly: it learns which message and where.
      assert.deepEqual(r.ok ? undefined : [r.type, r.at], ['generate', 'images.0'], image);
    }
  });

  it('drops messages over 64 KiB before looking at them', () => {
    const prompt = 'x'.repeat(MAX_WEBVIEW_MESSAGE_BYTES);
    const r = parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt }, images: [] });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /too large/);
    // Just under the limit passes: the limit is the size, not the field.
    const fits = parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt: 'x'.repeat(MAX_WEBVIEW_MESSAGE_BYTES - 200) }, images: [] });
    assert.equal(fits.ok, true);
  });

  it('counts bytes, not characters', () => {
    const prompt = '€'.repeat(Math.ceil(MAX_WEBVIEW_MESSAGE_BYTES / 3) + 10); // 3 bytes each in UTF-8
    assert.ok(prompt.length < MAX_WEBVIEW_MESSAGE_BYTES);
    assert.equal(parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt }, images: [] }).ok, false);
  });

  it('does not echo message content in the reason', () => {
    const r = parseAppMessage({ type: 'generate', kind: 'video', request: { model: 'm', prompt: 42, secret: 'sk-air-SECRET' }, images: [] });
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.ok ? '' : r.reason, /SECRET/);
  });

  it('survives unserialisable input', () => {
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    assert.equal(parseAppMessage(cyclic).ok, false);
    assert.equal(parseAppMessage({ type: 'ready', n: 10n }).ok, false);
  });
});

describe('webview protocol: host → app and state', () => {
  it('task messages require a complete view', () => {
    const task = { localId: 'l', status: 'processing', progress: 40, model: 'm', prompt: 'p', startedAt: 1 };
    assert.equal(HostMessageSchema.safeParse({ type: 'task', task, reveal: false }).success, true);
    assert.equal(HostMessageSchema.safeParse({ type: 'task', task: { ...task, status: 'dancing' }, reveal: false }).success, false);
    assert.equal(HostMessageSchema.safeParse({ type: 'task', task: { ...task, progress: 140 }, reveal: false }).success, false);
    for (const extra of [
      { status: 'fate-unknown' },
      { status: 'unrecognized', rawStatus: 'paused' },
      { status: 'failed', retryable: true },
      { status: 'waiting', waitReason: 'r', waitingSince: 5 },
      { status: 'completed', videoUri: 'https://r/v.mp4?v=1', subtitles: { uri: 'https://r/v.vtt?v=2' } },
      { status: 'completed', videoUri: 'https://r/v.mp4?v=1', subtitles: { uri: 'https://r/v.vtt?v=2', lang: 'pt-BR' } },
    ]) {
      assert.equal(HostMessageSchema.safeParse({ type: 'task', task: { ...task, ...extra }, reveal: false }).success, true, JSON.stringify(extra));
    }
    // Subtitles: a language the <track> could not take, or anything more, is refused.
    for (const subtitles of [{ uri: 'https://r/v.vtt', lang: '"><b>' }, { uri: 'https://r/v.vtt', path: '/w/v.vtt' }, { lang: 'en' }]) {
      assert.equal(HostMessageSchema.safeParse({ type: 'task', task: { ...task, subtitles }, reveal: false }).success, false, JSON.stringify(subtitles));
    }
  });

  it('init accepts models that have video_caps, refuses ones without', () => {
    const caps = { aspect_ratios: ['16:9'], qualities: ['720p'], min_duration_s: 5, max_duration_s: 10, modes: ['text'], price_per_second_cents: 40 };
    const model = { id: 'wan-2.6', output_modalities: ['video'], video_caps: caps };
    const base = { type: 'init', settings: {}, confirmCostAboveCents: 500, imageTokens: [], kind: 'video', recentPrompts: {} };
    const videoList = (models: unknown[]): unknown => ({ kinds: ['video'], models, defaults: {} });
    assert.equal(HostMessageSchema.safeParse({ ...base, lists: [videoList([model])] }).success, true);
    assert.equal(HostMessageSchema.safeParse({ ...base, lists: [] }).success, true);
    assert.equal(HostMessageSchema.safeParse({ ...base, lists: [videoList([{ id: 'x', output_modalities: ['video'] }])] }).success, false);
    assert.equal(HostMessageSchema.safeParse({ type: 'models', ...(videoList([{ id: 'x', output_modalities: ['video'] }]) as object) }).success, false);
  });

  it('reads the task to show again from a persisted state only in task view', () => {
    assert.equal(localIdFromState({ view: 'task', localId: 'abc', form: {} }), 'abc');
    assert.equal(localIdFromState({ view: 'form', localId: 'abc' }), undefined);
    assert.equal(localIdFromState(undefined), undefined);
    assert.equal(localIdFromState({ view: 'task', localId: 5 }), undefined);
  });

  it('string keys are unique', () => {
    assert.equal(new Set(STRING_KEYS).size, STRING_KEYS.length);
  });
});

describe('webview protocol: the kinds (issue 8)', () => {
  const token = 'img:0123456789abcdefghij_-XY';

  it('accepts every new app → host message', () => {
    const good: unknown[] = [
      { type: 'setKind', kind: 'speech' },
      { type: 'requestModels', kind: 'music', refresh: false },
      { type: 'rememberModel', kind: 'sfx', model: 'eleven-sfx' },
      { type: 'setDefaultModel', kind: 'speech', model: 'tts' },
      { type: 'generate', kind: 'image', request: { model: 'flux', prompt: 'a cat', n: 2, seed: 4, style: 'x' }, images: [token, 'https://e.com/a.png'] },
      { type: 'generate', kind: 'speech', request: { model: 'tts', input: 'hello', voice: 'alloy', speed: 1.5 }, images: [] },
      { type: 'generate', kind: 'music', request: { model: 'm', prompt: 'p', music_length_ms: 10000 }, images: [] },
      { type: 'requestVoices', model: 'tts' },
      { type: 'previewVoice', voiceId: 'alloy' },
      { type: 'clearRecentPrompts', kind: 'video' },
      { type: 'openFile', localId: 'l1', index: 0 },
      { type: 'revealFile', localId: 'l1', index: 3 },
      { type: 'openExternal', localId: 'l1', index: 1 },
      { type: 'copyPath', localId: 'l1' },
      { type: 'copyPath', localId: 'l1', index: 2 },
      { type: 'animateImage', localId: 'l1', index: 0 },
      { type: 'openBudgetSetting' },
    ];
    for (const m of good) {
      const r = parseAppMessage(m);
      assert.equal(r.ok, true, `${JSON.stringify(m)} → ${r.ok ? '' : r.reason}`);
    }
  });

  it('keeps a media request loose (each kind has its own fields) but as sent', () => {
    const request = { model: 'flux', prompt: 'p', n: 2, free_key: { a: 1 } };
    const r = parseAppMessage({ type: 'generate', kind: 'image', request, images: [] });
    assert.ok(r.ok && r.message.type === 'generate');
    assert.deepEqual(r.message.request, request);
  });

  it('refuses bad kinds, paths, input_images in the request, and images for audio', () => {
    const bad: unknown[] = [
      { type: 'setKind', kind: 'hologram' },
      { type: 'setKind' },
      { type: 'rememberModel', kind: 'video', model: 'wan' }, // video's model stays in its form
      { type: 'rememberModel', kind: 'image', model: '' },
      { type: 'setDefaultModel', model: 'wan-2.6' }, // the kind is named
      { type: 'generate', kind: 'hologram', request: { model: 'm', prompt: 'p' }, images: [] },
      { type: 'generate', request: { model: 'm', prompt: 'p' }, images: [] }, // the kind is named
      { type: 'generate', kind: 'image', request: 'prompt', images: [] },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' } },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p', input_images: [{ url: 'https://e.com/a.png' }] }, images: [] },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' }, images: ['/home/me/a.png'] },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' }, images: ['file:///home/me/a.png'] },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' }, images: Array.from({ length: MAX_IMAGES + 1 }, (_, i) => `https://x/${i}.png`) },
      { type: 'generate', kind: 'speech', request: { model: 'm', input: 'hi' }, images: [token] },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' }, images: [], extra: 1 },
      { type: 'clearRecentPrompts', kind: 'all' },
      { type: 'previewVoice', voiceId: '' },
      { type: 'requestVoices' },
      { type: 'copyPath', path: '/etc/passwd' },
      { type: 'openBudgetSetting', key: 'airforce.apiKey' },
    ];
    for (const m of bad) assert.equal(parseAppMessage(m).ok, false, JSON.stringify(m));
  });

  it('refuses a negative, fractional or non-number file index, and animateImage without one', () => {
    for (const index of [-1, 0.5, 1e9, '0', null, Number.NaN]) {
      for (const type of ['openFile', 'revealFile', 'openExternal', 'copyPath', 'animateImage']) {
        assert.equal(parseAppMessage({ type, localId: 'l1', index }).ok, false, `${type} ${String(index)}`);
      }
    }
    assert.equal(parseAppMessage({ type: 'animateImage', localId: 'l1' }).ok, false);
  });

  it('drops an oversized image/audio generate before looking at it', () => {
    const r = parseAppMessage({ type: 'generate', kind: 'speech', request: { model: 'm', input: 'x'.repeat(MAX_WEBVIEW_MESSAGE_BYTES) }, images: [] });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /too large/);
  });

  it('host → app: the new messages and fields parse; bad ones do not', () => {
    const model = { id: 'flux', output_modalities: ['image'], image_caps: { max_n: 4 } };
    const ok: unknown[] = [
      {
        type: 'init',
        lists: [{ kinds: ['image', 'speech', 'music', 'sfx'], models: [model], defaults: { image: 'flux' } }],
        settings: { video: 'wan-2.6', image: 'flux' },
        confirmCostAboveCents: 500,
        imageTokens: [],
        kind: 'image',
        recentPrompts: { image: ['a', 'b'] },
      },
      { type: 'init', lists: [], settings: {}, confirmCostAboveCents: 500, imageTokens: [], kind: 'speech', defaultVoice: 'adam', recentPrompts: {} },
      { type: 'models', kinds: ['image', 'speech'], models: [model], defaults: { speech: 'tts' } },
      { type: 'modelsError', kinds: ['image'], message: 'offline' },
      { type: 'defaultModel', kind: 'music', model: 'm' },
      { type: 'kind', kind: 'music' },
      { type: 'voices', model: 'tts', voices: [{ voice_id: 'v', name: 'V', language: 'en', hasPreview: true }] },
      { type: 'voicesError', model: 'tts', message: 'no' },
      { type: 'voicePreview', voiceId: 'v', uri: 'https://file+.vscode-resource.vscode-cdn.net/p/v.mp3' },
      { type: 'voicePreviewError', voiceId: 'v', message: 'no' },
      { type: 'recentPrompts', kind: 'sfx', prompts: [] },
      { type: 'prefill', values: {}, images: [], kind: 'speech', media: { model: 'tts', input: 'hi', voice: 'v', speed: 1.25 } },
      {
        type: 'task',
        reveal: true,
        task: {
          localId: 'l',
          status: 'completed',
          progress: 100,
          model: 'flux',
          prompt: 'p',
          startedAt: 1,
          kind: 'image',
          files: [{ uri: 'u?v=1', name: 'a.png', media: 'image' }],
        },
      },
    ];
    for (const m of ok) assert.equal(HostMessageSchema.safeParse(m).success, true, JSON.stringify(m));
    const bad: unknown[] = [
      { type: 'init', lists: [], settings: {}, confirmCostAboveCents: 500, imageTokens: [], recentPrompts: {} }, // init must say the kind
      { type: 'init', lists: [], settings: {}, confirmCostAboveCents: 500, imageTokens: [], kind: 'speech', defaultVoice: 7, recentPrompts: {} },
      { type: 'models', kinds: [], models: [], defaults: {} }, // a list serves some kind
      { type: 'modelsError', message: 'offline' }, // names the kinds
      { type: 'defaultModel', model: 'm' }, // names the kind
      { type: 'kind', kind: 'gif' },
      { type: 'recentPrompts', kind: 'image', prompts: Array.from({ length: RECENT_PROMPTS_MAX + 1 }, (_, i) => `p${i}`) },
      { type: 'prefill', values: {}, images: [], media: { path: '/x' } },
      { type: 'voices', model: 'tts', voices: [{ voice_id: 'v', name: 'V' }] },
      {
        type: 'task',
        reveal: true,
        task: { localId: 'l', status: 'completed', progress: 100, model: 'm', prompt: 'p', startedAt: 1, files: [{ uri: 'u', name: 'a', media: 'pdf' }] },
      },
    ];
    for (const m of bad) assert.equal(HostMessageSchema.safeParse(m).success, false, JSON.stringify(m));
  });

  it('the tabs are the kinds, then the operations with a form: job kinds, all from src/kinds.ts', () => {
    assert.deepEqual(PanelKindSchema.options, [...KIND_IDS, ...OPERATION_IDS.filter((op) => OPERATIONS[op].panel)]);
    assert.deepEqual(PanelKindSchema.options.slice(-3), ['transcribe', 'dub', 'voiceChange']);
    assert.deepEqual(KindSchema.options, [...KIND_IDS]);
    for (const kind of PanelKindSchema.options) assert.ok(JobKindSchema.options.includes(kind), kind);
    // The job kinds go on with the operations on a workspace file, after the prompt kinds.
    assert.deepEqual(PanelKindSchema.options.slice(0, KIND_IDS.length), JobKindSchema.options.slice(0, KIND_IDS.length));
    assert.deepEqual(MediaKindSchema.options, [...SYNC_KIND_IDS]);
  });
});
