// The Generate panel by keyboard alone, in headless Chromium (harness: app-helpers.ts): the
// tab order of each kind's form (kind switch → model → prompt → fields → Generate), a visible focus
// ring on every stop, Ctrl+Enter generating exactly once (and not while busy or invalid), Enter in a
// single-line field not submitting, and focus following the view (task heading, back to the prompt).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppMessage, PanelKind, JobView } from '../../../src/generate/protocol';
import type { Kind } from '../../../src/kinds';
import { focused, focusRingProblem, tabUntil } from './a11y-helpers';
import { TOKEN_A, TOKEN_B, baseUrl, ready, send, skip, useAppHarness } from './app-helpers';

const VOICES = [
  { voice_id: 'rachel', name: 'Rachel', language: 'en', gender: 'female', accent: 'american', hasPreview: true },
  { voice_id: 'adam', name: 'Adam', language: 'en', gender: 'male', hasPreview: false },
];

/** Each kind's stops after its tab, in order (the prompt is typed into on the way); the operations' forms: app-operations.test.ts. */
const ORDER: Record<Kind, string[]> = {
  video: ['f-model', 'f-refresh', 'f-prompt', 'f-mode-text', 'f-duration', 'f-ratio', 'f-quality', 'summary', 'f-generate'],
  image: ['m-model', 'm-default', 'm-refresh', 'm-prompt', 'm-n', 'm-ratio', 'm-f-add-images', 'm-f-url', 'm-f-add-url', 'summary', 'm-generate'],
  speech: ['m-model', 'm-default', 'm-refresh', 'm-prompt', 'm-voice', 'm-voice-preview', 'm-speed', 'm-format', 'm-generate'],
  music: ['m-model', 'm-default', 'm-refresh', 'm-prompt', 'm-length', 'm-generate'],
  sfx: ['m-model', 'm-default', 'm-refresh', 'm-prompt', 'm-duration', 'm-influence', 'm-generate'],
};

const generates = (messages: AppMessage[]): AppMessage[] => messages.filter((m) => m.type === 'generate');
const prefix = (kind: PanelKind): string => (kind === 'video' ? 'f-' : 'm-');

/** The panel on `kind`'s form, everything loaded (speech: its voices too). */
async function openKind(kind: PanelKind, theme = 'dark') {
  const opened = await ready(theme, 500, { kind });
  if (kind === 'speech') await send(opened.page, { type: 'voices', model: 'eleven-tts-v3', voices: VOICES });
  return opened;
}

async function typeInto(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
}

describe('webview app by keyboard alone', { skip }, () => {
  useAppHarness();

  for (const kind of Object.keys(ORDER) as Kind[]) {
    it(`${kind}: Tab from the kind switch to Generate in order with a visible ring, Ctrl+Enter generates once`, async () => {
      const { page, posted } = await openKind(kind, kind === 'image' || kind === 'music' ? 'light' : 'dark');
      const p = prefix(kind);
      // The page starts in the prompt (fh#5); from the top of the page, the first Tab lands on the
      // selected kind (the tablist is one tab stop).
      assert.equal(await focused(page), `${p}prompt`);
      await page.mouse.click(2, 2); // the page's top corner: the Tab walk starts from there
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), `k-${kind}`);
      assert.equal(await focusRingProblem(page), '');
      const walk = await tabUntil(page, `${p}generate`, async (id) => {
        if (id === `${p}prompt`) await typeInto(page, `A ${kind} by keyboard`);
      });
      assert.deepEqual(walk.order, ORDER[kind]);
      assert.deepEqual(walk.rings, []);
      assert.equal(generates(await posted()).length, 0);

      await page.focus(`#${p}prompt`);
      await page.keyboard.press('Control+Enter');
      const sent = generates(await posted());
      assert.equal(sent.length, 1);
      assert.deepEqual([sent[0].type, sent[0].type === 'generate' && sent[0].kind], ['generate', kind]);
      // The shortcut inserted no line break.
      assert.equal(await page.inputValue(`#${p}prompt`), `A ${kind} by keyboard`);

      // While the host is submitting, the shortcut does nothing.
      await send(page, { type: 'busy', busy: true });
      await page.keyboard.press('Control+Enter');
      await page.keyboard.press('Meta+Enter');
      assert.equal(generates(await posted()).length, 1);
      assert.equal(await page.textContent(`#${p}shortcut`), 'Ctrl+Enter to generate');
      assert.equal(await page.getAttribute(`#${p}generate`, 'aria-keyshortcuts'), 'Control+Enter');
    });
  }

  it('Enter in a single-line field does not submit; Ctrl+Enter there does', async () => {
    const { page, posted } = await openKind('video');
    await page.fill('#f-prompt', 'A harbour at dawn');
    await page.focus('#f-quality');
    // Into Advanced by keyboard: Enter on its summary opens it.
    assert.equal(await tabUntil(page, 'summary').then((w) => w.order.at(-1)), 'summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#f-advanced', 'open'), '');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'f-seed');
    await typeInto(page, '42');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'f-sound');
    await page.keyboard.press('Enter');
    // Enter on a button still presses it: "Add parameter" adds a row and focuses its name.
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'f-add-param');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'extra-key');
    await typeInto(page, 'style');
    await page.keyboard.press('Enter');
    assert.deepEqual(generates(await posted()), []);
    assert.equal(await page.inputValue('#f-seed'), '42');

    await page.focus('#f-seed');
    await page.keyboard.press('Control+Enter');
    const sent = generates(await posted());
    assert.equal(sent.length, 1);
    assert.equal(sent[0].type === 'generate' && sent[0].kind === 'video' && sent[0].request.seed, 42);

    const music = await openKind('music');
    await music.page.fill('#m-prompt', 'Calm piano');
    await music.page.focus('#m-length');
    await typeInto(music.page, '30');
    await music.page.keyboard.press('Enter');
    assert.deepEqual(generates(await music.posted()), []);
  });

  it('input images by keyboard: each remove button is a stop with a ring; removing keeps focus in the list', async () => {
    const { page, posted } = await openKind('image', 'dark');
    await send(page, {
      type: 'imagesAdded',
      images: [
        { source: TOKEN_A, label: 'a.png' },
        { source: TOKEN_B, label: 'b.png' },
      ],
      rejected: [],
    });
    await page.focus('#m-prompt');
    const walk = await tabUntil(page, 'm-f-add-images');
    assert.deepEqual(walk.order, ['m-n', 'm-ratio', 'button', 'button', 'm-f-add-images']);
    assert.deepEqual(walk.rings, []);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove a.png');
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.$$eval('#m-f-thumbs img, #m-f-thumbs [role="img"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('alt'))), ['b.png']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove b.png');
    assert.deepEqual(generates(await posted()), []);
  });

  it('Ctrl+Enter on an invalid form sends nothing and moves focus to the first problem', async () => {
    const { page, posted } = await openKind('video');
    await page.focus('#f-prompt');
    await page.keyboard.press('Control+Enter');
    assert.equal(await focused(page), 'f-prompt');
    assert.equal(await page.textContent('#msg-prompt'), 'Describe the video.');
    await typeInto(page, 'A harbour at dawn');
    await page.click('#f-advanced summary');
    await page.fill('#f-seed', 'abc');
    await page.focus('#f-prompt');
    await page.keyboard.press('Control+Enter');
    assert.equal(await focused(page), 'f-seed');
    assert.equal(await page.getAttribute('#f-seed', 'aria-invalid'), 'true');
    assert.deepEqual(generates(await posted()), []);

    const sfx = await openKind('sfx');
    await sfx.page.fill('#m-prompt', 'A door creaks');
    await sfx.page.fill('#m-influence', '5');
    await sfx.page.focus('#m-prompt');
    await sfx.page.keyboard.press('Control+Enter');
    assert.equal(await focused(sfx.page), 'm-influence');
    assert.deepEqual(generates(await sfx.posted()), []);
  });

  const RESULTS: Record<'video' | 'image' | 'speech', { files?: JobView['files']; videoUri?: string; stops: string[] }> = {
    video: { videoUri: '/video.mp4?v=7', stops: ['t-video', 't-open', 't-reveal', 't-external', 't-again', 't-new'] },
    image: {
      files: [
        { uri: '/x.png?v=7', name: 'fox-1.png', media: 'image' },
        { uri: '/y.jpg?v=7', name: 'fox-2.jpg', media: 'image' },
      ],
      stops: ['open:0', 'reveal:0', 'copyPath:0', 'animate:0', 'open:1', 'reveal:1', 'copyPath:1', 'animate:1', 't-again', 't-new'],
    },
    speech: { files: [{ uri: '/tone.mp3?v=7', name: 'hello.mp3', media: 'audio' }], stops: ['r-audio', 'openExternal:0', 'reveal:0', 't-again', 't-new'] },
  };

  for (const [kind, result] of Object.entries(RESULTS) as Array<[keyof typeof RESULTS, (typeof RESULTS)['video']]>) {
    it(`${kind}: after Generate focus is on the task's heading, its buttons show focus, "New …" returns to the prompt`, async () => {
      const { page } = await openKind(kind, 'light');
      const p = prefix(kind);
      await page.focus(`#${p}prompt`);
      await typeInto(page, `Keyboard ${kind}`);
      await page.keyboard.press('Control+Enter');
      const task: JobView = { localId: `${kind}-k`, kind, status: 'processing', progress: 10, model: 'm', prompt: `Keyboard ${kind}`, startedAt: Date.now() };
      await send(page, { type: 'task', task, reveal: true });
      assert.equal(await focused(page), 't-title');
      const done: JobView = {
        ...task,
        status: 'completed',
        progress: 100,
        endedAt: Date.now(),
        ...(result.files ? { files: result.files.map((f) => ({ ...f, uri: baseUrl() + f.uri })) } : {}),
        ...(result.videoUri ? { videoUri: baseUrl() + result.videoUri, savedPath: '/w/v.mp4', taskId: 'vid_k' } : {}),
      };
      await send(page, { type: 'task', task: done, reveal: false });
      const walk = await tabUntil(page, 't-new');
      // The players' own controls take several stops of their own: keep one per player.
      assert.deepEqual(
        walk.order.filter((id, i) => walk.order[i - 1] !== id),
        result.stops,
      );
      assert.deepEqual(walk.rings, []);
      await page.keyboard.press('Enter');
      assert.equal(await focused(page), `${p}prompt`);
      assert.equal(await page.getAttribute(`#k-${kind}`, 'aria-selected'), 'true');
    });
  }
});
