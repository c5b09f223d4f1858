// The Generate panel's kind switch and its image, speech, music and sound-effect forms in headless
// Chromium (same harness as app.test.ts): what the app posts, what it shows for the host's
// messages, and screenshots of each kind's form and result in light and dark.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppMessage, MediaKind, JobView } from '../../../src/generate/protocol';
import { SHOTS, TOKEN_A, baseUrl, mediaList, open, ready, send, setRange, skip, useAppHarness } from './app-helpers';

const VOICES = [
  { voice_id: 'rachel', name: 'Rachel', language: 'en', gender: 'female', accent: 'american', hasPreview: true },
  { voice_id: 'adam', name: 'Adam', language: 'en', gender: 'male', hasPreview: false },
];

/** The messages posted after the first `n` (what a step caused). */
async function postedSince(posted: () => Promise<AppMessage[]>, n: number): Promise<AppMessage[]> {
  return (await posted()).slice(n);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `webview-${name}.png`), fullPage: true });
}

describe('webview app: the kind switch and the media forms', { skip }, () => {
  useAppHarness();

  it('switches kinds as an accessible tablist and tells the host', async () => {
    const { page, posted } = await ready('dark');
    assert.equal(await page.getAttribute('#kind-switch', 'role'), 'tablist');
    assert.equal(await page.getAttribute('#k-video', 'aria-selected'), 'true');
    assert.equal(await page.getAttribute('#k-image', 'tabindex'), '-1');
    await page.click('#k-image');
    assert.equal(await page.getAttribute('#k-image', 'aria-selected'), 'true');
    assert.equal(await page.isHidden('#f-form'), true);
    assert.equal(await page.isVisible('#m-form'), true);
    // Arrow keys move along the tabs (and wrap), Home/End jump.
    await page.press('#k-image', 'ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'k-speech');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#k-video', 'aria-selected'), 'true');
    const kinds = (await posted()).filter((m) => m.type === 'setKind').map((m) => (m.type === 'setKind' ? m.kind : ''));
    // End: the last tab, the last operation with a form (src/kinds.ts).
    assert.deepEqual(kinds, ['image', 'speech', 'voiceChange', 'video']);
    assert.equal(await page.isVisible('#f-form'), true);
  });

  it('limits the image form to the model: n up to max_n, its ratios, and the price', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'image' });
    assert.equal(await page.getAttribute('#k-image', 'aria-selected'), 'true');
    const labels = await page.$$eval('#m-model option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(labels, ['flux-2-dev — $0.025/image', 'imagen-4 — $0.04/image']);
    assert.deepEqual(await page.$$eval('#m-n option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['1', '2', '3', '4']);
    assert.deepEqual(await page.$$eval('#m-ratio option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['', '1:1', '16:9', '9:16', '4:3', '3:4']);
    assert.equal(await page.isDisabled('#m-generate'), true);
    await page.fill('#m-prompt', 'A lighthouse at dusk, oil painting');
    await page.selectOption('#m-n', '3');
    await page.selectOption('#m-ratio', '16:9');
    assert.equal(await page.textContent('#m-cost'), 'Estimated cost: $0.075', 'a fraction of a cent is kept, as in the Models view');
    // A model with max_n 1 (and no image input) brings n back to 1 and hides the input images.
    const before = (await posted()).length;
    await page.selectOption('#m-model', 'imagen-4');
    assert.deepEqual(await page.$$eval('#m-n option', (os) => os.map((o) => (o as HTMLOptionElement).value)), ['1']);
    assert.equal(await page.isDisabled('#m-n'), true);
    assert.equal(await page.isHidden('#m-field-images'), true);
    assert.deepEqual(await postedSince(posted, before), [{ type: 'rememberModel', kind: 'image', model: 'imagen-4' }]);
    await page.selectOption('#m-model', 'flux-2-dev');
    assert.equal(await page.inputValue('#m-n'), '1');
    assert.equal(await page.inputValue('#m-ratio'), '16:9');
  });

  it('posts generate with the image request and the input images as sources', async () => {
    const { page, posted } = await ready('light', 500, { kind: 'image' });
    await page.fill('#m-prompt', 'Make it winter');
    await page.selectOption('#m-n', '2');
    await send(page, { type: 'imagesAdded', images: [{ source: TOKEN_A, label: 'house.png' }], rejected: [] });
    assert.deepEqual(await page.$$eval('#m-f-thumbs .thumb-label', (ls) => ls.map((l) => l.textContent)), ['house.png']);
    await page.click('#m-f-advanced summary');
    await page.fill('#m-f-seed', '7');
    await page.click('#m-f-add-param');
    await page.fill('#m-f-extra .extra-key', 'guidance');
    await page.fill('#m-f-extra .extra-value', '3.5');
    await page.click('#m-generate');
    assert.deepEqual((await posted()).at(-1), {
      type: 'generate',
      kind: 'image',
      request: { seed: 7, guidance: 3.5, model: 'flux-2-dev', prompt: 'Make it winter', n: 2 },
      images: [TOKEN_A],
    });
    // The video form keeps its own state: nothing of the image form leaked into it.
    await page.click('#k-video');
    assert.equal(await page.inputValue('#f-prompt'), '');
  });

  it('shows an image task as thumbnails with Open, Reveal, Copy path and Animate this image', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'image' });
    const task: JobView = {
      localId: 'img-1',
      kind: 'image',
      status: 'processing',
      progress: 0,
      model: 'flux-2-dev',
      prompt: 'Two foxes',
      startedAt: Date.now() - 3000,
      costCents: 5,
    };
    await send(page, { type: 'task', task, reveal: true });
    assert.equal(await page.textContent('#t-status'), 'Generating');
    assert.equal(await page.isHidden('#t-progress'), true);
    assert.equal(await page.isHidden('#r-results'), true);
    const files = [
      { uri: `${baseUrl()}/x.png?v=1`, name: '2025-01-01-two-foxes-abcd1234-1.png', media: 'image' as const },
      { uri: `${baseUrl()}/y.jpg?v=1`, name: '2025-01-01-two-foxes-abcd1234-2.jpg', media: 'image' as const },
    ];
    await send(page, { type: 'task', task: { ...task, status: 'completed', progress: 100, endedAt: Date.now(), files }, reveal: false });
    assert.equal(await page.$$eval('#r-grid img.r-thumb', (is) => is.length), 2);
    assert.equal(await page.getAttribute('#r-grid li:nth-child(2) img.r-thumb', 'src'), files[1].uri);
    assert.equal(await page.isHidden('#t-video-wrap'), true);
    assert.equal(await page.isHidden('#t-open'), true);
    assert.equal(await page.textContent('#t-new'), 'New image');
    const before = (await posted()).length;
    await page.click('#r-grid li:nth-child(2) button[data-action="animate"]');
    await page.click('#r-grid li:nth-child(1) button[data-action="open"]');
    await page.click('#r-grid li:nth-child(2) button[data-action="reveal"]');
    await page.click('#r-grid li:nth-child(2) button[data-action="copyPath"]');
    assert.deepEqual(await postedSince(posted, before), [
      { type: 'animateImage', localId: 'img-1', index: 1 },
      { type: 'openFile', localId: 'img-1', index: 0 },
      { type: 'revealFile', localId: 'img-1', index: 1 },
      { type: 'copyPath', localId: 'img-1', index: 1 },
    ]);
    // The host answers "Animate this image" with a video prefill: the video form in image mode.
    await send(page, { type: 'prefill', kind: 'video', values: { mode: 'image' }, images: [{ source: TOKEN_A, label: files[1].name }] });
    assert.equal(await page.getAttribute('#k-video', 'aria-selected'), 'true');
    assert.equal(await page.isChecked('#f-mode-image'), true);
    assert.deepEqual(await page.$$eval('#f-thumbs .thumb-label', (ls) => ls.map((l) => l.textContent)), [files[1].name]);
  });

  it('speech: asks for the voices, previews one, and sends the text, voice, speed and format', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'speech' });
    assert.deepEqual(
      (await posted()).filter((m) => m.type === 'requestVoices'),
      [{ type: 'requestVoices', model: 'eleven-tts-v3' }],
    );
    assert.match((await page.textContent('#m-desc-voice')) ?? '', /Loading voices/);
    await send(page, { type: 'voices', model: 'eleven-tts-v3', voices: VOICES });
    assert.deepEqual(await page.$$eval('#m-voice option', (os) => os.map((o) => o.textContent)), ['Rachel — en · female · american', 'Adam — en · male']);
    assert.equal(await page.inputValue('#m-voice'), 'rachel');
    await page.click('#m-voice-preview');
    assert.deepEqual((await posted()).at(-1), { type: 'previewVoice', voiceId: 'rachel' });
    const uri = `${baseUrl()}/tone.mp3?voice=rachel`;
    await send(page, { type: 'voicePreview', voiceId: 'rachel', uri });
    assert.equal(await page.getAttribute('#m-voice-audio', 'src'), uri);
    assert.equal(await page.isVisible('#m-voice-audio'), true);
    // Adam has no preview: the button is off.
    await page.selectOption('#m-voice', 'adam');
    assert.equal(await page.isDisabled('#m-voice-preview'), true);
    await page.fill('#m-prompt', 'Hello from the editor.');
    await setRange(page, '#m-speed', 1.5);
    assert.equal(await page.textContent('#m-speed-out'), '1.50×');
    const formats = await page.$$eval('#m-format option', (os) => os.map((o) => o.textContent));
    assert.equal(formats[0], 'mp3');
    assert.ok(formats.includes('pcm_44100 (WAV)'), formats.join('|'));
    await page.selectOption('#m-format', 'pcm_44100');
    // 22 characters × $150 per million: a fraction of a cent, shown as such (not "$0.00").
    assert.equal(await page.textContent('#m-cost'), 'Estimated cost: $0.0033');
    await page.click('#m-generate');
    assert.deepEqual((await posted()).at(-1), {
      type: 'generate',
      kind: 'speech',
      request: { model: 'eleven-tts-v3', input: 'Hello from the editor.', voice: 'adam', response_format: 'pcm_44100', speed: 1.5 },
      images: [],
    });
  });

  it('speech: a finished task plays its file in <audio> and offers the system player', async () => {
    const { page, posted } = await ready('light', 500, { kind: 'speech' });
    const uri = `${baseUrl()}/tone.mp3?v=3`;
    const task: JobView = {
      localId: 'sp-1',
      kind: 'speech',
      status: 'completed',
      progress: 100,
      model: 'eleven-tts-v3',
      prompt: 'Hello from the editor.',
      startedAt: Date.now() - 4000,
      endedAt: Date.now(),
      costCents: 0.33,
      files: [{ uri, name: 'hello.mp3', media: 'audio' }],
    };
    await send(page, { type: 'task', task, reveal: true });
    assert.equal(await page.getAttribute('#r-audio', 'src'), uri);
    assert.equal(await page.getAttribute('#r-audio', 'controls'), '');
    assert.equal(await page.isHidden('#r-grid'), true);
    const before = (await posted()).length;
    await page.click('#r-audio-wrap button[data-action="openExternal"]');
    await page.click('#r-audio-wrap button[data-action="reveal"]');
    await page.click('#t-again');
    assert.deepEqual(await postedSince(posted, before), [
      { type: 'openExternal', localId: 'sp-1', index: 0 },
      { type: 'revealFile', localId: 'sp-1', index: 0 },
      { type: 'generateAgain', localId: 'sp-1' },
    ]);
    await page.click('#t-new');
    assert.equal(await page.isVisible('#m-form'), true);
    assert.equal(await page.getAttribute('#k-speech', 'aria-selected'), 'true');
  });

  it('music and sound effects: length in seconds becomes music_length_ms; no length is "Price unknown"', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'music' });
    assert.equal(await page.inputValue('#m-length'), '30');
    await page.fill('#m-prompt', 'Calm piano, rain outside');
    await page.fill('#m-length', '45');
    assert.equal(await page.textContent('#m-cost'), 'Estimated cost: $0.60');
    await page.click('#m-generate');
    assert.deepEqual((await posted()).at(-1), {
      type: 'generate',
      kind: 'music',
      request: { model: 'eleven-music-v1', prompt: 'Calm piano, rain outside', music_length_ms: 45000 },
      images: [],
    });
    await page.fill('#m-length', '');
    assert.equal(await page.textContent('#m-cost'), 'Price unknown');
    // Out of the model's range: the shared validation names the field and blocks Generate.
    await page.fill('#m-length', '5');
    assert.match((await page.textContent('#m-msg-music_length_ms')) ?? '', /between 10000 and 300000/);
    assert.equal(await page.isDisabled('#m-generate'), true);

    await page.click('#k-sfx');
    await page.fill('#m-prompt', 'A door creaks open');
    await page.fill('#m-duration', '4');
    await page.fill('#m-influence', '0.7');
    assert.equal(await page.textContent('#m-cost'), 'Estimated cost: $0.03');
    await page.fill('#m-influence', '2');
    assert.match((await page.textContent('#m-msg-prompt_influence')) ?? '', /between 0 and 1/);
    await page.fill('#m-influence', '0.7');
    await page.click('#m-generate');
    assert.deepEqual((await posted()).at(-1), {
      type: 'generate',
      kind: 'sfx',
      request: { model: 'eleven-sfx-v2', prompt: 'A door creaks open', duration_seconds: 4, prompt_influence: 0.7 },
      images: [],
    });
  });

  it('a budget refusal shows next to Generate with "Raise budget"', async () => {
    const { page, posted } = await ready('light', 500, { kind: 'image' });
    assert.equal(await page.isHidden('#m-budget'), true);
    await page.fill('#m-prompt', 'A red kite');
    await send(page, { type: 'validation', problems: [{ field: 'budget', message: 'This would exceed your daily budget of $1.00 ($0.98 spent).' }] });
    assert.equal(await page.getAttribute('#m-budget', 'role'), 'alert');
    assert.match((await page.textContent('#m-budget')) ?? '', /exceed your daily budget/);
    assert.equal(await page.textContent('#m-msg-form'), '');
    await shot(page, 'budget-light');
    await page.click('#m-raise-budget');
    assert.deepEqual((await posted()).at(-1), { type: 'openBudgetSetting' });
    // The video form shows it the same way.
    await page.click('#k-video');
    await page.fill('#f-prompt', 'A red kite, slow pan');
    await send(page, { type: 'validation', problems: [{ field: 'budget', message: 'Over budget.' }] });
    assert.match((await page.textContent('#f-budget')) ?? '', /Over budget\./);
    await page.click('#f-raise-budget');
    assert.deepEqual((await posted()).at(-1), { type: 'openBudgetSetting' });
  });

  it('offers recent prompts per kind and clears them', async () => {
    const { page, posted } = await ready('dark', 500, { kind: 'image', recentPrompts: { image: ['A blue door', 'A red kite over the sea'], video: ['A fox'] } });
    assert.equal(await page.isVisible('#m-recent'), true);
    assert.deepEqual(await page.$$eval('#m-recent option', (os) => os.map((o) => o.textContent)), ['Recent prompts…', 'A blue door', 'A red kite over the sea']);
    await page.focus('#m-recent');
    await page.selectOption('#m-recent', '1');
    assert.equal(await page.inputValue('#m-prompt'), 'A red kite over the sea');
    assert.equal(await page.inputValue('#m-recent'), '');
    await page.click('#m-recent-clear');
    assert.deepEqual((await posted()).at(-1), { type: 'clearRecentPrompts', kind: 'image' });
    await send(page, { type: 'recentPrompts', kind: 'image', prompts: [] });
    assert.equal(await page.isHidden('#m-recent'), true);
    await page.click('#k-video');
    assert.deepEqual(await page.$$eval('#f-recent option', (os) => os.map((o) => o.textContent)), ['Recent prompts…', 'A fox']);
  });

  it('keeps the kind and each form across a reload; the host can switch the kind and prefill it', async () => {
    const first = await ready('dark', 500, { kind: 'music' });
    await first.page.fill('#m-prompt', 'Jazz trio');
    await first.page.click('#k-sfx');
    await first.page.fill('#m-prompt', 'Thunder');
    const state = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const { page } = await open('dark', state);
    await send(page, {
      type: 'init',
      lists: [{ kinds: ['video'], models: [], defaults: {} }, mediaList()],
      settings: {},
      confirmCostAboveCents: 500,
      imageTokens: [],
      kind: 'sfx',
      recentPrompts: {},
    });
    assert.equal(await page.inputValue('#m-prompt'), 'Thunder');
    await send(page, { type: 'kind', kind: 'music' });
    assert.equal(await page.getAttribute('#k-music', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('#m-prompt'), 'Jazz trio');
    await send(page, { type: 'prefill', kind: 'speech', values: {}, images: [], media: { model: 'eleven-tts-v3', input: 'Read this aloud', voice: 'adam', speed: 0.75 } });
    assert.equal(await page.getAttribute('#k-speech', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('#m-prompt'), 'Read this aloud');
    assert.equal(await page.textContent('#m-speed-out'), '0.75×');
  });

  it('shows the load error of the media models with Retry', async () => {
    const { page, posted } = await open('hc');
    await send(page, { type: 'init', lists: [], settings: {}, confirmCostAboveCents: 500, imageTokens: [], kind: 'image', recentPrompts: {} });
    assert.match((await page.textContent('#m-desc-model')) ?? '', /Loading models/);
    await send(page, { type: 'modelsError', kinds: mediaList().kinds, message: 'The model list could not be loaded (HTTP 503).' });
    assert.match((await page.textContent('#m-desc-model')) ?? '', /HTTP 503/);
    await page.click('#m-retry');
    assert.deepEqual((await posted()).at(-1), { type: 'requestModels', kind: 'image', refresh: false });
    await send(page, { type: 'models', ...mediaList({ image: 'imagen-4' }) });
    assert.equal(await page.inputValue('#m-model'), 'imagen-4');
    await shot(page, 'image-form-hc');
  });

  it("screenshots each kind's form and result in light and dark", async () => {
    const prompts: Record<MediaKind, string> = {
      image: 'A lighthouse at dusk, oil painting',
      speech: 'Welcome to the airforce media extension.',
      music: 'Calm piano, rain outside',
      sfx: 'A wooden door creaks open slowly',
    };
    const results: Record<MediaKind, JobView['files']> = {
      image: [
        { uri: `${baseUrl()}/x.png?v=1`, name: '2025-01-01-lighthouse-abcd1234-1.png', media: 'image' },
        { uri: `${baseUrl()}/y.jpg?v=1`, name: '2025-01-01-lighthouse-abcd1234-2.jpg', media: 'image' },
      ],
      speech: [{ uri: `${baseUrl()}/tone.mp3?v=1`, name: '2025-01-01-welcome-abcd1234.mp3', media: 'audio' }],
      music: [{ uri: `${baseUrl()}/tone.mp3?v=2`, name: '2025-01-01-calm-piano-abcd1234.mp3', media: 'audio' }],
      sfx: [{ uri: `${baseUrl()}/tone.mp3?v=3`, name: '2025-01-01-door-abcd1234.mp3', media: 'audio' }],
    };
    for (const theme of ['light', 'dark']) {
      for (const kind of ['image', 'speech', 'music', 'sfx'] as const) {
        const { page } = await ready(theme, 500, { kind, recentPrompts: { [kind]: [prompts[kind]] } });
        if (kind === 'speech') await send(page, { type: 'voices', model: 'eleven-tts-v3', voices: VOICES });
        await page.fill('#m-prompt', prompts[kind]);
        await shot(page, `${kind}-form-${theme}`);
        const files = results[kind];
        const task: JobView = {
          localId: `${kind}-1`,
          kind,
          status: 'completed',
          progress: 100,
          model: await page.inputValue('#m-model'),
          prompt: prompts[kind],
          startedAt: Date.now() - 6000,
          endedAt: Date.now(),
          costCents: 5,
          files,
        };
        await send(page, { type: 'task', task, reveal: true });
        if (kind === 'image') await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.r-thumb')].every((i) => i.complete && i.naturalWidth > 0));
        else await page.waitForFunction(() => (document.getElementById('r-audio') as HTMLAudioElement).readyState >= 1);
        assert.equal(await page.isVisible(kind === 'image' ? '#r-grid' : '#r-audio'), true);
        await shot(page, `${kind}-result-${theme}`);
      }
    }
  });
});
