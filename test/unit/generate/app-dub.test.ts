// The Dub form in headless Chromium (same harness as app-operations.test.ts): its tab sits between
// Transcribe and Voice changer; the target language is required (Generate waits for it, the form
// says "Choose a language"), the source language is detected unless named; the price of the chosen
// file shows before Generate, which sends the languages by the API's names and the file's token. A
// dubbing task shows its status and server id while followed, then plays the dubbed track.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { AppMessage, HostMessage, JobView, MediaItem, ModelList } from '../../../src/generate/protocol';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
import { focused, tabUntil } from './a11y-helpers';
import { SHOTS, ready, send, skip, useAppHarness } from './app-helpers';

const TOKEN = 'med:AAAAAAAAAAAAAAAAAAAAAAAA';
/** Two minutes of audio: eleven-dubbing-v1 (50 ¢/min) costs $1.00. */
const FILE: MediaItem = { token: TOKEN, label: 'interview.wav', bytes: 3 * 1024 * 1024, durationSeconds: 120 };
const dubList = (): ModelList => ({
  kinds: ['transcribe', 'dub', 'voiceChange'],
  models: MODELS.filter((m) => ['transcription', 'dubbing', 'voice-changer'].includes(m.media_type)) as unknown as Model[],
  defaults: {},
});
const generates = (posted: AppMessage[]): AppMessage[] => posted.filter((m) => m.type === 'generate');

async function openDub(theme: string) {
  const opened = await ready(theme, 500, { kind: 'dub' });
  await send(opened.page, { type: 'models', ...dubList() });
  return opened;
}

describe('webview app: the Dub form', { skip }, () => {
  useAppHarness();

  it('asks for the target language before Generate, prices the file, and sends the languages and the token', async () => {
    const { page, posted } = await openDub('dark');
    assert.equal(await page.getAttribute('#k-dub', 'aria-selected'), 'true');
    assert.equal(await page.textContent('#k-dub'), 'Dub');
    assert.equal(await focused(page), 'o-pick');
    assert.match((await page.textContent('#o-model option[value="eleven-dubbing-v1"]')) ?? '', /eleven-dubbing-v1 — \$0\.50\/min/);
    assert.equal(await page.isVisible('#o-target-lang'), true);
    assert.equal(await page.isVisible('#o-language'), false);
    assert.equal(await page.isVisible('#o-voice'), false);
    assert.equal(await page.textContent('#o-target-lang option:checked'), 'Choose a language');
    assert.equal(await page.textContent('#o-source-lang option:checked'), 'Detect automatically');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    assert.equal(await page.textContent('#o-cost'), 'Estimated cost: $1.00');
    // The file is there, the language is not: Generate waits and the form says what is missing.
    assert.equal(await page.isDisabled('#o-generate'), true);
    assert.match((await page.textContent('#o-hint')) ?? '', /Choose a language/);
    await page.selectOption('#o-target-lang', 'it');
    assert.equal(await page.textContent('#o-msg-target_lang'), '');
    assert.equal(await page.isDisabled('#o-generate'), false);
    await page.selectOption('#o-source-lang', 'en');
    assert.match((await page.textContent('#o-target-lang option[value="it"]')) ?? '', /^Italian \(it\)$/);
    await page.screenshot({ path: path.join(SHOTS, 'webview-dub-dark.png'), fullPage: true });
    await page.click('#o-generate');
    assert.deepEqual(generates(await posted()), [{ type: 'generate', kind: 'dub', request: { model: 'eleven-dubbing-v1', target_lang: 'it', source_lang: 'en' }, file: TOKEN }]);
    assert.doesNotMatch(JSON.stringify(await posted()), /interview\.wav/);
  });

  it('by keyboard: model, Refresh, file, target and source language, Generate', async () => {
    const { page } = await openDub('lightplus');
    await send(page, { type: 'mediaAdded', file: FILE, rejected: [] });
    await page.focus('#k-dub');
    const walk = await tabUntil(page, 'o-source-lang');
    assert.deepEqual(walk.order, ['o-model', 'o-refresh', 'o-file-remove', 'o-pick', 'o-target-lang', 'o-source-lang']);
    assert.deepEqual(walk.rings, []);
    // Generate is not reached: it waits for the language. Choosing it by keyboard opens the way.
    assert.equal(await page.isDisabled('#o-generate'), true);
    await page.focus('#o-target-lang');
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.inputValue('#o-target-lang'), '');
    const rest = await tabUntil(page, 'o-generate', undefined, 3);
    assert.deepEqual(rest.order, ['o-source-lang', 'o-generate']);
    await page.screenshot({ path: path.join(SHOTS, 'webview-dub-lightplus.png'), fullPage: true });
  });

  it('a dubbing task shows its status and dubbing id while followed, then plays the dubbed track; New dubbing goes back', async () => {
    const { page } = await openDub('dark');
    const task: JobView = {
      localId: 'dub1',
      kind: 'dub',
      status: 'queued',
      progress: 0,
      model: 'eleven-dubbing-v1',
      prompt: 'interview.wav',
      taskId: 'dub_123',
      startedAt: Date.now() - 4000,
      costCents: 100,
    };
    await send(page, { type: 'task', task, reveal: true } satisfies HostMessage);
    assert.equal(await page.textContent('#t-status'), 'Queued');
    assert.equal(await page.textContent('#t-id'), 'dub_123');
    assert.equal(await page.textContent('#task-view dl.meta dt'), 'Task');
    assert.equal(await page.isVisible('#r-audio-wrap'), false);
    await send(page, { type: 'task', task: { ...task, status: 'processing' }, reveal: false } satisfies HostMessage);
    assert.equal(await page.textContent('#t-status'), 'Generating');
    const done: JobView = { ...task, status: 'completed', progress: 100, endedAt: Date.now(), files: [{ uri: '/tone.mp3?v=1', name: 'interview.it.mp3', media: 'audio' }] };
    await send(page, { type: 'task', task: done, reveal: false } satisfies HostMessage);
    await page.waitForFunction(() => (document.getElementById('r-audio') as HTMLAudioElement).readyState >= 1);
    assert.equal(await page.getAttribute('#r-audio', 'aria-label'), 'Audio: interview.it.mp3');
    assert.equal(await page.textContent('#t-new'), 'New dubbing');
    await page.screenshot({ path: path.join(SHOTS, 'webview-dub-result-dark.png'), fullPage: true });
    await page.click('#t-new');
    assert.equal(await page.isVisible('#o-target-lang'), true);
  });
});
