// Every control of the Generate panel has an accessible name: each kind's form with everything it
// can show (recent prompts, input images, Advanced rows, voices with a preview playing, load errors
// with Retry) and each kind of result (images, audio, video, a failure, a fate-unknown request).
// Checked twice in headless Chromium: in Playwright's ARIA snapshot (the reading test/ui/accessibility.ts
// does in the real workbench) and in Chromium's own accessibility tree (which also has the players).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { PanelKind, JobView } from '../../../src/generate/protocol';
import { namelessControls, snapshotNodes } from '../../ui/ariaNames';
import { namelessInTree } from './a11y-helpers';
import { TOKEN_A, TOKEN_B, baseUrl, mediaList, ready, send, skip, useAppHarness } from './app-helpers';

const VOICES = [{ voice_id: 'rachel', name: 'Rachel', language: 'en', gender: 'female', hasPreview: true }];
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Both readings of the page; each lists its nameless controls (so a failure says which). */
async function nameless(page: Page): Promise<{ snapshot: string[]; tree: string[] }> {
  return { snapshot: namelessControls(await page.locator('#app').ariaSnapshot()), tree: await namelessInTree(page) };
}

/** Fills a kind's form with everything it can show. */
async function everything(page: Page, kind: PanelKind): Promise<void> {
  const p = kind === 'video' ? 'f-' : 'm-';
  await page.fill(`#${p}prompt`, `Every ${kind} control`);
  if (kind === 'video') {
    await page.selectOption('#f-model', 'kling-1'); // the model that takes reference images
    await page.check('#f-mode-reference');
  }
  if (kind === 'video' || kind === 'image') {
    await send(page, {
      type: 'imagesAdded',
      images: [
        { source: TOKEN_A, label: 'first-frame.png', thumb: `data:image/png;base64,${PNG}` },
        { source: TOKEN_B, label: 'no-thumbnail.webp' },
      ],
      rejected: [],
    });
    await page.click(`#${kind === 'video' ? '' : 'm-'}f-advanced summary`);
    await page.click(`#${kind === 'video' ? '' : 'm-'}f-add-param`);
  }
  if (kind === 'speech') {
    await send(page, { type: 'voices', model: 'eleven-tts-v3', voices: VOICES });
    await page.click('#m-voice-preview');
    await send(page, { type: 'voicePreview', voiceId: 'rachel', uri: `${baseUrl()}/tone.mp3?v=9` });
    await page.waitForFunction(() => (document.getElementById('m-voice-audio') as HTMLAudioElement).readyState >= 1);
  }
}

const RESULTS: Array<{ name: string; kind: PanelKind; patch: Partial<JobView> }> = [
  {
    name: 'two images',
    kind: 'image',
    patch: {
      status: 'completed',
      files: [
        { uri: '/x.png?v=8', name: 'a-1.png', media: 'image' },
        { uri: '/y.jpg?v=8', name: 'a-2.jpg', media: 'image' },
      ],
    },
  },
  { name: 'audio', kind: 'music', patch: { status: 'completed', files: [{ uri: '/tone.mp3?v=8', name: 'calm.mp3', media: 'audio' }] } },
  { name: 'a video', kind: 'video', patch: { status: 'completed', videoUri: '/video.mp4?v=8', savedPath: '/w/v.mp4', taskId: 'vid_n' } },
  { name: 'a failure', kind: 'video', patch: { status: 'failed', error: 'The provider refused the prompt.', taskId: 'vid_f' } },
  { name: 'a request of unknown fate', kind: 'video', patch: { status: 'fate-unknown' } },
  { name: 'a running task', kind: 'video', patch: { status: 'processing', progress: 40, taskId: 'vid_r' } },
];

describe('webview app: every control has an accessible name', { skip }, () => {
  useAppHarness();

  it('finds nameless controls when there are some (the check can fail)', async () => {
    assert.deepEqual(namelessControls('- button "Open"\n- button\n- textbox [disabled]\n- combobox "Model":\n  - option "a"\n- text: Prompt'), [
      '- button',
      '- textbox [disabled]',
    ]);
    const { page } = await ready('dark');
    await page.evaluate(() => {
      const form = document.getElementById('f-form');
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'x-nameless';
      button.append(document.createElement('span'));
      const audio = document.createElement('audio');
      audio.controls = true;
      audio.src = '/tone.mp3?v=nameless';
      form?.append(button, document.createElement('select'), audio);
    });
    const found = await nameless(page);
    assert.deepEqual(found.snapshot, ['- button', '- combobox']);
    assert.deepEqual(found.tree, ['button button#x-nameless', 'combobox select', 'Audio audio']);
  });

  for (const kind of ['video', 'image', 'speech', 'music', 'sfx'] as const) {
    it(`${kind} form, with everything it can show`, async () => {
      const { page } = await ready('dark', 500, { kind, recentPrompts: { [kind]: ['An earlier prompt'] } });
      await everything(page, kind);
      const found = await nameless(page);
      assert.deepEqual(found, { snapshot: [], tree: [] });
      // The snapshot saw the form (an empty reading would pass any check).
      const roles = snapshotNodes(await page.locator('#app').ariaSnapshot()).map((n) => `${n.role} ${n.name}`);
      for (const expected of ['tab Video', 'combobox Model', 'combobox Recent prompts', 'button Generate'])
        assert.ok(roles.includes(expected), `${expected} in ${roles.join(', ')}`);
      if (kind === 'video' || kind === 'image') {
        for (const expected of ['img first-frame.png', 'img no-thumbnail.webp', 'button Remove first-frame.png', 'textbox Name 1', 'button Remove parameter 1']) {
          assert.ok(roles.includes(expected), `${expected} in ${roles.join(', ')}`);
        }
      }
      if (kind === 'video') assert.equal(await page.getAttribute('#f-duration', 'aria-valuetext'), await page.textContent('#f-duration-out'));
      if (kind === 'speech') assert.equal(await page.getAttribute('#m-voice-audio', 'aria-label'), 'Voice preview');
    });
  }

  it('load errors with Retry and the voices failing', async () => {
    const { page } = await ready('light', 500, { kind: 'speech', lists: [mediaList()] });
    await send(page, { type: 'voicesError', model: 'eleven-tts-v3', message: 'The voices could not be listed.' });
    assert.equal(await page.isVisible('#m-voices-retry'), true);
    assert.deepEqual(await nameless(page), { snapshot: [], tree: [] });
    await page.click('#k-video');
    await send(page, { type: 'modelsError', kinds: ['video'], message: 'The models could not be listed.' });
    assert.equal(await page.isVisible('#f-retry'), true);
    assert.deepEqual(await nameless(page), { snapshot: [], tree: [] });
  });

  for (const { name, kind, patch } of RESULTS) {
    it(`the task view with ${name}`, async () => {
      const { page } = await ready('dark', 500, { kind });
      const base: JobView = { localId: `r-${name}`, kind, status: 'processing', progress: 0, model: 'm', prompt: `Result: ${name}`, startedAt: Date.now() - 5000 };
      const files = patch.files?.map((f) => ({ ...f, uri: baseUrl() + f.uri }));
      const task: JobView = {
        ...base,
        ...patch,
        ...(files ? { files } : {}),
        ...(patch.videoUri ? { videoUri: baseUrl() + patch.videoUri } : {}),
        ...(patch.status === 'processing' ? {} : { endedAt: Date.now() }),
      };
      await send(page, { type: 'task', task, reveal: true });
      if (patch.videoUri) await page.waitForFunction(() => (document.getElementById('t-video') as HTMLVideoElement).readyState >= 1);
      if (files?.[0]?.media === 'audio') await page.waitForFunction(() => (document.getElementById('r-audio') as HTMLAudioElement).readyState >= 1);
      assert.deepEqual(await nameless(page), { snapshot: [], tree: [] });
      if (files?.[0]?.media === 'audio') assert.equal(await page.getAttribute('#r-audio', 'aria-label'), 'Audio: calm.mp3');
      if (patch.videoUri) assert.equal(await page.getAttribute('#t-video', 'aria-label'), 'Video: Result: a video');
      if (files?.[0]?.media === 'image') assert.equal(await page.getAttribute('#r-grid li:first-child img', 'alt'), 'Image 1: a-1.png');
    });
  }
});
