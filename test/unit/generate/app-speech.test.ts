// The speech form's voice line in headless Chromium (same harness as app.test.ts): while the
// voices load it says so (no "voice must be chosen" error) and Generate waits; a failed load shows
// the error with Retry; airforce.defaultVoice (sent in init) is the voice picked when voices arrive.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { AppMessage } from '../../../src/generate/protocol';
import { SHOTS, ready, send, skip, useAppHarness } from './app-helpers';

const MODEL = 'eleven-tts-v3';
const VOICES = [
  { voice_id: 'rachel', name: 'Rachel', language: 'en', gender: 'female', hasPreview: true },
  { voice_id: 'adam', name: 'Adam', language: 'en', gender: 'male', hasPreview: false },
];

const voiceAsks = (posted: AppMessage[]): AppMessage[] => posted.filter((m) => m.type === 'requestVoices');

describe("webview app: the speech form's voices", { skip }, () => {
  useAppHarness();

  it('says "Loading voices…" while they load, with no error text, and keeps Generate disabled', async () => {
    const { page } = await ready('light', 500, { kind: 'speech' });
    await page.fill('#m-prompt', 'Read this aloud.');
    assert.match(await page.innerText('#m-desc-voice'), /^Loading voices…$/);
    assert.equal(await page.textContent('#m-msg-voice'), '');
    assert.equal(await page.getAttribute('#m-voice', 'aria-invalid'), null);
    assert.equal(await page.isDisabled('#m-voice'), true);
    assert.equal(await page.isDisabled('#m-generate'), true);
    assert.equal((await page.textContent('#m-hint')) ?? '', '');
    assert.equal(await page.isVisible('#m-voices-retry'), false);
    await page.screenshot({ path: path.join(SHOTS, 'webview-speech-loading-light.png'), fullPage: true });
    await send(page, { type: 'voices', model: MODEL, voices: VOICES });
    assert.equal(await page.inputValue('#m-voice'), 'rachel');
    assert.equal(await page.isDisabled('#m-generate'), false);
    assert.equal(await page.innerText('#m-desc-voice'), '');
  });

  it('shows why the voices failed with Retry, which asks the host again', async () => {
    const { page, posted } = await ready('hc', 500, { kind: 'speech' });
    assert.equal(voiceAsks(await posted()).length, 1);
    await page.fill('#m-prompt', 'Read this aloud.');
    await send(page, { type: 'voicesError', model: MODEL, message: 'The service is busy (503).' });
    assert.equal(await page.textContent('#m-voices-error'), 'The service is busy (503).');
    assert.equal(await page.isVisible('#m-voices-retry'), true);
    assert.equal(await page.textContent('#m-msg-voice'), '');
    assert.equal(await page.isDisabled('#m-generate'), true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-speech-voices-error-hc.png'), fullPage: true });
    await page.click('#m-voices-retry');
    assert.deepEqual(voiceAsks(await posted()), [
      { type: 'requestVoices', model: MODEL },
      { type: 'requestVoices', model: MODEL },
    ]);
    assert.match(await page.innerText('#m-desc-voice'), /^Loading voices…$/);
    await send(page, { type: 'voices', model: MODEL, voices: VOICES });
    assert.equal(await page.isDisabled('#m-generate'), false);
  });

  it('picks airforce.defaultVoice when the model has it, else the first voice', async () => {
    const withDefault = await ready('dark', 500, { kind: 'speech', defaultVoice: 'adam' });
    await send(withDefault.page, { type: 'voices', model: MODEL, voices: VOICES });
    assert.equal(await withDefault.page.inputValue('#m-voice'), 'adam');

    const unknownDefault = await ready('dark', 500, { kind: 'speech', defaultVoice: 'nobody' });
    await send(unknownDefault.page, { type: 'voices', model: MODEL, voices: VOICES });
    assert.equal(await unknownDefault.page.inputValue('#m-voice'), 'rachel');
  });

  it('keeps a voice the form already has (a prefill) over the default', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'speech', defaultVoice: 'adam' });
    await send(page, { type: 'prefill', kind: 'speech', values: {}, images: [], media: { input: 'Hi there.', voice: 'rachel' } });
    await send(page, { type: 'voices', model: MODEL, voices: VOICES });
    assert.equal(await page.inputValue('#m-voice'), 'rachel');
    await page.click('#m-generate');
    const sent = (await posted()).filter((m) => m.type === 'generate');
    assert.deepEqual(
      sent.map((m) => (m.type === 'generate' ? m.request.voice : undefined)),
      ['rachel'],
    );
  });
});
