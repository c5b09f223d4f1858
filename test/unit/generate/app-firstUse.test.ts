// What a new person meets first in the panel (issue 15), in headless Chromium (same harness as
// app.test.ts): the keyboard starts in the prompt; a prompt shows its length as it is typed
// and one over its limit is refused next to the field with the count, with nothing sent (speech shows
// its count and price, no cap); "Make default" exists on every kind's form; a form the Models view
// (or a restore) fills shows no red before the person acts.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppMessage } from '../../../src/generate/protocol';
import { ready, send, SHOTS, skip, useAppHarness } from './app-helpers';

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');
const generates = (posted: AppMessage[]): AppMessage[] => posted.filter((m) => m.type === 'generate');
/** Red on the form: aria-invalid controls and problem messages with text. */
const redOnForm = (page: Page): Promise<string[]> =>
  page.evaluate(() => [
    ...[...document.querySelectorAll('[aria-invalid="true"]')].filter((e) => !e.closest('[hidden]')).map((e) => `invalid: #${e.id || e.className}`),
    ...[...document.querySelectorAll('.message')].filter((e) => (e.textContent ?? '') !== '' && !e.closest('[hidden]')).map((e) => `message: ${e.textContent}`),
  ]);

describe('webview app: the first use', { skip }, () => {
  useAppHarness();

  it('fh#5 the keyboard starts in the prompt of the form shown (video, then an image panel)', async () => {
    const video = await ready('dark');
    assert.equal(await focusedId(video.page), 'f-prompt');
    const image = await ready('dark', 500, { kind: 'image' });
    assert.equal(await focusedId(image.page), 'm-prompt');
    // Leaving the untouched prompt (focus moves on, or the window loses it) is no reason for an error.
    await image.page.focus('#m-model');
    assert.deepEqual(await redOnForm(image.page), []);
    assert.equal(await image.page.textContent('#m-hint'), 'Describe the image.', 'why Generate is off is said, without red');
  });

  it('fh#2 a 4,001-character prompt of video, image, music or sound effect: the count says so, the field refuses it with the count, nothing is sent', async () => {
    for (const kind of ['video', 'image', 'music', 'sfx'] as const) {
      const { page, posted } = await ready('dark', 500, { kind });
      const p = kind === 'video' ? 'f-' : 'm-';
      if (kind === 'video') await page.selectOption('#f-model', 'wan-2.6');
      await page.fill(`#${p}prompt`, 'a'.repeat(3999));
      assert.equal(await page.textContent(`#${p}prompt-count`), 'Characters: 3,999 / 4,000', kind);
      assert.equal(await page.isEnabled(`#${p}generate`), true, `${kind}: a prompt within the limit can go`);
      await page.fill(`#${p}prompt`, `${'a'.repeat(3999)}🎬é`); // one emoji, one accented letter: two characters
      assert.equal(await page.textContent(`#${p}prompt-count`), 'Characters: 4,001 / 4,000', kind);
      assert.equal(await page.getAttribute(`#${p}prompt-count`, 'class'), 'description prompt-count over', kind);
      const message = kind === 'video' ? '#msg-prompt' : '#m-msg-prompt';
      assert.equal(await page.textContent(message), 'prompt is 4001 characters long; at most 4000 are allowed (shorten it)', kind);
      assert.equal(await page.getAttribute(`#${p}prompt`, 'aria-invalid'), 'true', kind);
      assert.equal(await page.isDisabled(`#${p}generate`), true, kind);
      await page.focus(`#${p}prompt`);
      await page.keyboard.press('Control+Enter');
      assert.deepEqual(generates(await posted()), [], `${kind}: nothing is sent`);
      assert.equal(await focusedId(page), `${p}prompt`, `${kind}: the keyboard stays on the prompt`);
      if (kind === 'video') await page.screenshot({ path: path.join(SHOTS, 'webview-prompt-too-long-dark.png'), fullPage: true });
    }
  });

  it('fh#2 speech is billed per character: its count comes with the price, and a long text is not capped', async () => {
    const { page } = await ready('light', 500, { kind: 'speech' });
    await page.fill('#m-prompt', 'b'.repeat(20_000));
    // eleven-tts-v3: 15,000 ¢ per million characters → 20,000 characters cost 300 ¢.
    assert.equal(await page.textContent('#m-prompt-count'), 'Characters: 20,000 · $3.00');
    assert.equal(await page.getAttribute('#m-prompt-count', 'class'), 'description prompt-count');
    assert.equal(await page.textContent('#m-msg-prompt'), '');
    assert.equal(await page.textContent('#m-msg-input'), '');
    assert.equal(await page.getAttribute('#m-prompt', 'aria-invalid'), null);
  });

  it('fh#5 "Make default" on the image, speech, music and sound-effect forms: it names the kind; the setting\'s model reads "Default model"', async () => {
    const { page, posted } = await ready('light', 500, { kind: 'music', settings: { video: 'wan-2.6', image: 'flux-2-dev' } });
    await page.waitForSelector('#m-default', { state: 'visible' });
    await page.click('#m-default');
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'setDefaultModel'),
      [{ type: 'setDefaultModel', model: 'eleven-music-v1', kind: 'music' }],
    );
    await send(page, { type: 'defaultModel', model: 'eleven-music-v1', kind: 'music' });
    assert.equal(await page.isHidden('#m-default'), true);
    assert.equal(await page.innerText('#m-desc-model'), 'Default model');
    // The image form starts on its setting's model, already the default; another model offers the button.
    await page.click('#k-image');
    assert.equal(await page.inputValue('#m-model'), 'flux-2-dev');
    assert.equal(await page.innerText('#m-desc-model'), 'Default model');
    await page.selectOption('#m-model', 'imagen-4');
    assert.equal(await page.isVisible('#m-default'), true);
    // The video form keeps its own default (airforce.defaultVideoModel), untouched by the others.
    await page.click('#k-video');
    assert.equal(await page.innerText('#desc-model'), 'Default model');
  });

  it('fh#5 a form filled from the Models view opens without the red of an earlier visit', async () => {
    const { page } = await ready('dark');
    await page.check('#f-mode-image'); // the person chose image mode and left without an image
    assert.notDeepEqual(await redOnForm(page), [], 'acting on the form does show its problem');
    await send(page, { type: 'prefill', values: { model: 'kling-1' }, images: [], kind: 'video' });
    assert.equal(await page.inputValue('#f-model'), 'kling-1');
    assert.deepEqual(await redOnForm(page), []);
    assert.equal(await page.isDisabled('#f-generate'), true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-models-view-prefill-dark.png'), fullPage: true });
  });
});
