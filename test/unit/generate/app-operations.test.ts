// The operation forms (Transcribe, Voice changer) in headless Chromium (same harness as app.test.ts):
// their tabs follow the kinds' and the keyboard walks them; "Choose file…" asks the host and the
// form holds only the token it answers with; the price of the chosen file shows before Generate (or
// "Price unknown"); Generate sends the choices and the token; a refused file says why; a transcript
// shows its first lines with Open; a file chosen before a reload must be chosen again; the Voice
// changer previews a voice as the Speech form does.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppMessage, HostMessage, JobView, MediaItem, ModelList } from '../../../src/generate/protocol';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
import { focused, tabUntil } from './a11y-helpers';
import { SHOTS, baseUrl, initMessage, open, ready, send, skip, useAppHarness } from './app-helpers';

const TOKEN = 'med:AAAAAAAAAAAAAAAAAAAAAAAA';
/** Two minutes of audio: whisper-1 (0.6 ¢/min) costs 1.2 ¢. */
const FILE: MediaItem = { token: TOKEN, label: 'interview.wav', bytes: 3 * 1024 * 1024, durationSeconds: 120 };
const VOICES = [
  { voice_id: 'rachel', name: 'Rachel', language: 'en', gender: 'female', hasPreview: true },
  // The host names a cloned voice as such (generate/host/voices.ts).
  { voice_id: 'clone-1', name: 'My voice (cloned)', hasPreview: false },
];

/** The operation models of the simulator, as the host lists them with the kinds' (one catalog read). */
const operationList = (): ModelList => ({
  kinds: ['transcribe', 'voiceChange'],
  models: MODELS.filter((m) => ['transcription', 'voice-changer'].includes(m.media_type)) as unknown as Model[],
  defaults: {},
});
const generates = (posted: AppMessage[]): AppMessage[] => posted.filter((m) => m.type === 'generate');

async function openOperation(theme: string, kind: 'transcribe' | 'voiceChange') {
  const opened = await ready(theme, 500, { kind });
  await send(opened.page, { type: 'models', ...operationList() });
  return opened;
}

const cost = (page: Page): Promise<string> => page.textContent('#o-cost').then((t) => t ?? '');

describe('webview app: the operation forms', { skip }, () => {
  useAppHarness();

  it('lists Transcribe, Dub and Voice changer after the kinds, and the arrow keys reach them', async () => {
    const { page } = await ready('dark');
    const tabs = await page.$$eval('#kind-switch [role=tab]', (els) => els.map((e) => e.id));
    assert.deepEqual(tabs, ['k-video', 'k-image', 'k-speech', 'k-music', 'k-sfx', 'k-transcribe', 'k-dub', 'k-voiceChange']);
    await page.focus('#k-sfx');
    await page.click('#k-sfx');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 'k-transcribe');
    assert.equal(await page.getAttribute('#k-transcribe', 'aria-selected'), 'true');
    assert.equal(await page.getAttribute('#k-transcribe', 'aria-controls'), 'o-form');
    assert.equal(await page.isVisible('#o-form'), true);
    assert.equal(await page.isVisible('#m-form'), false);
    await page.keyboard.press('End');
    assert.equal(await focused(page), 'k-voiceChange');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 'k-video');
  });

  it('Transcribe: Choose file asks the host, the price of the chosen file shows, Generate sends the choices and the token', async () => {
    const { page, posted } = await openOperation('dark', 'transcribe');
    assert.equal(await focused(page), 'o-pick');
    assert.match((await page.textContent('#o-model option[value="whisper-1"]')) ?? '', /whisper-1 — \$0\.006\/min/);
    assert.match((await page.textContent('#o-model option[value="scribe-v1"]')) ?? '', /price unknown/);
    assert.equal(await page.isDisabled('#o-generate'), true);
    assert.equal(await cost(page), '');
    assert.match((await page.textContent('#o-hint')) ?? '', /file must be an audio or video file/);
    await page.click('#o-pick');
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'pickMedia'),
      [{ type: 'pickMedia' }],
    );
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    assert.equal(await page.textContent('#o-file-name'), 'interview.wav');
    assert.equal(await page.textContent('#o-file-details'), '3 MiB · 2:00');
    assert.equal(await cost(page), 'Estimated cost: $0.012');
    await page.selectOption('#o-language', 'ru');
    assert.match((await page.textContent('#o-language option[value="ru"]')) ?? '', /^Russian \(ru\)$/);
    await page.screenshot({ path: path.join(SHOTS, 'webview-transcribe-dark.png'), fullPage: true });
    await page.click('#o-generate');
    assert.deepEqual(generates(await posted()), [{ type: 'generate', kind: 'transcribe', request: { model: 'whisper-1', language: 'ru' }, file: TOKEN }]);
    // No path in anything the page sent.
    assert.doesNotMatch(JSON.stringify(await posted()), /interview\.wav/);
  });

  it('says "Price unknown" for a model without a per-minute price and for a file whose length is unknown', async () => {
    const { page } = await openOperation('light', 'transcribe');
    await send(page, { type: 'mediaAdded', file: { token: TOKEN, label: 'demo.mp4', bytes: 1000 }, rejected: [] });
    assert.equal(await page.textContent('#o-file-details'), '1 KiB · length unknown');
    assert.equal(await cost(page), 'Price unknown');
    assert.equal(await page.isDisabled('#o-generate'), false);
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    await page.selectOption('#o-model', 'scribe-v1');
    assert.equal(await cost(page), 'Price unknown');
  });

  it('shows why a dropped file was refused, and Remove clears the chosen one', async () => {
    const { page, posted } = await openOperation('dark', 'transcribe');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    await page.click('#o-file-remove');
    assert.equal(await page.isVisible('#o-file'), false);
    assert.equal(await focused(page), 'o-pick');
    assert.match((await page.textContent('#o-msg-file')) ?? '', /file must be/);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/uri-list', 'file:///elsewhere/secret.wav');
      const zone = document.getElementById('o-drop')!;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'dropMedia'),
      [{ type: 'dropMedia', uris: ['file:///elsewhere/secret.wav'] }],
    );
    await send(page, { type: 'mediaAdded', rejected: [{ source: 'secret.wav', reason: 'Not inside a workspace folder' }] });
    assert.equal(await page.textContent('#o-file-notices'), 'secret.wav: Not inside a workspace folder');
  });

  it('Voice changer: the account voices with the cloned one marked; Generate sends the voice', async () => {
    const { page, posted } = await openOperation('lightplus', 'voiceChange');
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'requestVoices'),
      [{ type: 'requestVoices', model: 'eleven-sts-v2' }],
    );
    assert.equal(await page.textContent('#o-msg-voice'), '');
    assert.match(await page.innerText('#o-desc-voice'), /Loading voices/);
    await send(page, { type: 'voices', model: 'eleven-sts-v2', voices: VOICES });
    assert.equal(await page.textContent('#o-voice option[value="clone-1"]'), 'My voice (cloned)');
    await page.selectOption('#o-voice', 'clone-1');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    assert.equal(await cost(page), 'Estimated cost: $0.60');
    await page.screenshot({ path: path.join(SHOTS, 'webview-voice-change-lightplus.png'), fullPage: true });
    await page.focus('#o-voice');
    await page.keyboard.press('Control+Enter');
    assert.deepEqual(generates(await posted()), [{ type: 'generate', kind: 'voiceChange', request: { model: 'eleven-sts-v2', voice: 'clone-1' }, file: TOKEN }]);
  });

  it("Voice changer: Preview plays the chosen voice's preview (the host fetches it), replays it from here, and is off for a voice without one", async () => {
    const { page, posted } = await openOperation('dark', 'voiceChange');
    await send(page, { type: 'voices', model: 'eleven-sts-v2', voices: VOICES });
    assert.equal(await page.inputValue('#o-voice'), 'rachel');
    assert.equal(await page.isVisible('#o-voice-audio'), false);
    await page.click('#o-voice-preview');
    const previews = async (): Promise<AppMessage[]> => (await posted()).filter((m) => m.type === 'previewVoice');
    assert.deepEqual(await previews(), [{ type: 'previewVoice', voiceId: 'rachel' }]);
    const uri = `${baseUrl()}/tone.mp3?voice=rachel`;
    await send(page, { type: 'voicePreview', voiceId: 'rachel', uri });
    assert.equal(await page.getAttribute('#o-voice-audio', 'src'), uri);
    assert.equal(await page.isVisible('#o-voice-audio'), true);
    assert.equal(await page.getAttribute('#o-voice-audio', 'aria-label'), 'Voice preview');
    await page.waitForFunction(() => (document.getElementById('o-voice-audio') as HTMLAudioElement).readyState >= 1);
    // Heard already: played again from the page, the host not asked twice.
    await page.click('#o-voice-preview');
    assert.equal((await previews()).length, 1);
    await page.screenshot({ path: path.join(SHOTS, 'webview-voice-change-preview-dark.png'), fullPage: true });
    // The cloned voice has no preview: the button is off; a preview that failed says why.
    await page.selectOption('#o-voice', 'clone-1');
    assert.equal(await page.isDisabled('#o-voice-preview'), true);
    assert.equal(await page.isVisible('#o-voice-audio'), false);
    await page.selectOption('#o-voice', 'rachel');
    await send(page, { type: 'voicePreviewError', voiceId: 'rachel', message: 'HTTP 404' });
    assert.match(await page.innerText('#o-desc-voice'), /HTTP 404/);
  });

  it('by keyboard: model, Refresh, Choose file, language, Generate', async () => {
    const { page } = await openOperation('dark', 'transcribe');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    await page.focus('#k-transcribe');
    const walk = await tabUntil(page, 'o-generate');
    assert.deepEqual(walk.order, ['o-model', 'o-refresh', 'o-file-remove', 'o-pick', 'o-language', 'o-generate']);
    assert.deepEqual(walk.rings, []);
  });

  it("a transcript's task shows its first lines with Open and Reveal, and New transcription goes back to the form", async () => {
    const { page, posted } = await openOperation('dark', 'transcribe');
    const task: JobView = {
      localId: 'op1',
      kind: 'transcribe',
      status: 'completed',
      progress: 100,
      model: 'whisper-1',
      prompt: 'interview.wav',
      startedAt: Date.now() - 4000,
      endedAt: Date.now(),
      costCents: 1.2,
      files: [
        { uri: `${baseUrl()}/t.txt`, name: 'interview.transcript.txt', media: 'text', excerpt: 'Hello and welcome.\nToday we talk about bread.' },
        { uri: `${baseUrl()}/t.srt`, name: 'interview.srt', media: 'text' },
        { uri: `${baseUrl()}/t.vtt`, name: 'interview.vtt', media: 'text' },
      ],
    };
    await send(page, { type: 'task', task, reveal: true } satisfies HostMessage);
    assert.equal(await page.textContent('#r-text'), 'Hello and welcome.\nToday we talk about bread.');
    assert.equal(await page.textContent('#r-text-name'), 'interview.transcript.txt');
    assert.equal(await page.isVisible('#r-audio-wrap'), false);
    assert.equal(await page.textContent('#t-new'), 'New transcription');
    await page.screenshot({ path: path.join(SHOTS, 'webview-transcript-dark.png'), fullPage: true });
    await page.click('#r-text-wrap [data-action="open"]');
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'openFile'),
      [{ type: 'openFile', localId: 'op1', index: 0 }],
    );
    await page.click('#t-new');
    assert.equal(await page.isVisible('#o-form'), true);
  });

  it('a file chosen before VS Code reloaded must be chosen again', async () => {
    const { page } = await openOperation('dark', 'transcribe');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    // The same host (it knows the token): the file stays.
    const same = await open('dark', state);
    await send(same.page, initMessage({ kind: 'transcribe', mediaTokens: [TOKEN] }));
    assert.equal(await same.page.textContent('#o-file-name'), 'interview.wav');
    // A new host after a reload: the token is void, the form says so.
    const reloaded = await open('dark', state);
    await send(reloaded.page, initMessage({ kind: 'transcribe', mediaTokens: [] }));
    assert.equal(await reloaded.page.isVisible('#o-file'), false);
    assert.equal(await reloaded.page.textContent('#o-file-notices'), 'A file chosen before VS Code reloaded must be chosen again.');
  });
});
