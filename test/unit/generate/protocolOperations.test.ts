// The operation forms' messages (issue 19): the webview names a workspace file only by a token the
// host issued; an operation's choices are a closed set of keys; every new message and field is
// checked by the host's parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostMessageSchema, MAX_IMAGES, parseAppMessage, VoiceItemSchema } from '../../../src/generate/protocol';

const TOKEN = 'med:AAAAAAAAAAAAAAAAAAAAAAAA';

describe('webview protocol: the operation forms (issue 19)', () => {
  it('accepts the operation messages with their choices and a media token', () => {
    const ok: unknown[] = [
      { type: 'pickMedia' },
      { type: 'dropMedia', uris: ['file:///work/take.wav'] },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: TOKEN },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1', language: 'pt-BR' }, file: TOKEN },
      { type: 'generate', kind: 'voiceChange', request: { model: 'sts', voice: 'v1' }, file: TOKEN },
      { type: 'generate', kind: 'dub', request: { model: 'dub', target_lang: 'ru' }, file: TOKEN },
      { type: 'generate', kind: 'dub', request: { model: 'dub', target_lang: 'it', source_lang: 'en' }, file: TOKEN },
      { type: 'setKind', kind: 'voiceChange' },
      { type: 'setKind', kind: 'dub' },
      { type: 'rememberModel', kind: 'dub', model: 'eleven-dubbing-v1' },
      { type: 'requestModels', kind: 'transcribe', refresh: true },
      { type: 'rememberModel', kind: 'transcribe', model: 'whisper-1' },
    ];
    for (const m of ok) assert.equal(parseAppMessage(m).ok, true, JSON.stringify(m));
  });

  it('refuses a path, an image token, an unknown key, a bad language, isolate (no form) and a default-model setting for an operation', () => {
    const bad: unknown[] = [
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: '/home/me/take.wav' },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: 'img:AAAAAAAAAAAAAAAAAAAAAAAA' },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' } },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1', file: '/etc/passwd' }, file: TOKEN },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1', prompt: 'x' }, file: TOKEN },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1', language: 'english please' }, file: TOKEN },
      { type: 'generate', kind: 'transcribe', request: { model: '' }, file: TOKEN },
      { type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: TOKEN, images: [] },
      { type: 'generate', kind: 'isolate', request: { model: 'iso' }, file: TOKEN },
      { type: 'generate', kind: 'voiceChange', request: { model: 'sts', voice: '' }, file: TOKEN },
      { type: 'generate', kind: 'voiceChange', request: { model: 'sts', voice: 'v1', voice_name: '../x' }, file: TOKEN }, // the host names it
      { type: 'generate', kind: 'dub', request: { model: 'dub', target_lang: 'klingon please' }, file: TOKEN },
      { type: 'generate', kind: 'dub', request: { model: 'dub', target_lang: 'ru', source_lang: '../x' }, file: TOKEN },
      { type: 'generate', kind: 'dub', request: { model: 'dub', targetLanguage: 'ru' }, file: TOKEN }, // the API's names only
      { type: 'setDefaultModel', kind: 'dub', model: 'eleven-dubbing-v1' },
      { type: 'generate', kind: 'image', request: { model: 'm', prompt: 'p' }, file: TOKEN },
      { type: 'pickMedia', path: '/x' },
      { type: 'dropMedia', uris: Array.from({ length: MAX_IMAGES * 4 + 1 }, () => 'file:///a.wav') },
      { type: 'dropMedia', uris: [''] },
      { type: 'setDefaultModel', kind: 'transcribe', model: 'whisper-1' },
      { type: 'clearRecentPrompts', kind: 'voiceChange' },
      { type: 'setKind', kind: 'isolate' },
    ];
    for (const m of bad) assert.equal(parseAppMessage(m).ok, false, JSON.stringify(m));
  });

  it("types the host's answers: a measured file, refusals, text results, an operation's task and prefill", () => {
    const ok: unknown[] = [
      { type: 'mediaAdded', file: { token: TOKEN, label: 'take.wav', bytes: 1024, durationSeconds: 2.5 }, rejected: [] },
      { type: 'mediaAdded', rejected: [{ source: 'x.pdf', reason: 'Not an audio or video file' }] },
      { type: 'prefill', values: {}, images: [], kind: 'transcribe', operation: { model: 'whisper-1', language: 'it', file: { token: TOKEN, label: 'a.mp3', bytes: 1 } } },
      {
        type: 'task',
        reveal: true,
        task: {
          localId: 'l',
          status: 'completed',
          progress: 100,
          model: 'whisper-1',
          prompt: 'take.wav',
          startedAt: 1,
          kind: 'transcribe',
          files: [{ uri: 'u', name: 'take.transcript.txt', media: 'text', excerpt: 'Hello.' }],
        },
      },
      { type: 'task', reveal: false, task: { localId: 'l', status: 'processing', progress: 0, model: 'iso', prompt: 'a.wav', startedAt: 1, kind: 'isolate' } },
      { type: 'init', lists: [], settings: {}, confirmCostAboveCents: 1, imageTokens: [], kind: 'voiceChange', recentPrompts: {}, mediaTokens: [TOKEN] },
    ];
    for (const m of ok) assert.equal(HostMessageSchema.safeParse(m).success, true, JSON.stringify(m));
    const bad: unknown[] = [
      { type: 'mediaAdded', file: { token: '/x.wav', label: 'x.wav', bytes: 1 }, rejected: [] },
      { type: 'mediaAdded', file: { token: TOKEN, label: 'x.wav', bytes: -1 }, rejected: [] },
      { type: 'prefill', values: {}, images: [], kind: 'transcribe', operation: { file: '/x.wav' } },
      {
        type: 'task',
        reveal: false,
        task: {
          localId: 'l',
          status: 'completed',
          progress: 100,
          model: 'm',
          prompt: 'p',
          startedAt: 1,
          files: [{ uri: 'u', name: 'a', media: 'text', excerpt: 'x'.repeat(4001) }],
        },
      },
    ];
    for (const m of bad) assert.equal(HostMessageSchema.safeParse(m).success, false, JSON.stringify(m));
    assert.equal(VoiceItemSchema.safeParse({ voice_id: 'c', name: 'Mine (cloned)', hasPreview: false }).success, true);
  });
});
