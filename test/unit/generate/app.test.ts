// The panel app in a real browser (headless Chromium): the page is the one the host builds (same
// HTML, same CSP), the bundle is built from source, acquireVsCodeApi is faked, and host messages
// are posted into the page. Screenshots of the light, dark and high-contrast themes go to
// test-results/ for a person to look at. Skipped where there is no Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { JobView } from '../../../src/generate/protocol';
import { fixturePath } from '../../simulator/resultBytes';
import { SHOTS, TOKEN_A, TOKEN_B, appBundle, baseUrl, initMessage, models, open, ready, seen, send, setRange, skip, useAppHarness } from './app-helpers';

describe('webview app in Chromium', { skip }, () => {
  useAppHarness();

  it('bundles without node built-ins or zod', () => {
    assert.doesNotMatch(appBundle(), /require\(["'](node:|fs|path|crypto|os|child_process)/);
    assert.doesNotMatch(appBundle(), /ZodError|\$ZodType/);
  });

  it('starts, says ready, and renders the models it is given', async () => {
    const { page, posted, problems } = await open('dark');
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
    assert.match((await page.textContent('#desc-model')) ?? '', /Loading video models/);
    await send(page, initMessage());
    const labels = await page.$$eval('#f-model option', (os) => os.map((o) => o.textContent));
    assert.ok(labels.includes('wan-2.6 — $0.40/s'), labels.join('|'));
    assert.equal(await page.inputValue('#f-model'), 'wan-2.6');
    assert.equal(await page.inputValue('#f-ratio'), '16:9');
    assert.equal(await page.inputValue('#f-quality'), '480p');
    assert.equal(await page.textContent('#f-duration-out'), '5 s');
    assert.deepEqual(problems(), []);
  });

  it('enables Generate once the prompt is written and posts the request', async () => {
    const { page, posted, problems } = await ready('dark');
    assert.equal(await page.isDisabled('#f-generate'), true);
    assert.match((await page.textContent('#f-hint')) ?? '', /Describe the video/);
    await page.fill('#f-prompt', 'A red fox runs through fresh snow at dawn');
    assert.equal(await page.isDisabled('#f-generate'), false);
    await setRange(page, '#f-duration', 8);
    assert.equal(await page.textContent('#f-cost'), 'Estimated cost: $3.20');
    await page.selectOption('#f-ratio', '9:16');
    await page.click('summary');
    await page.fill('#f-seed', '42');
    await page.check('#f-sound');
    await page.click('#f-add-param');
    await page.fill('.extra-row .extra-key', 'steps');
    await page.fill('.extra-row .extra-value', '30');
    await page.click('#f-generate');
    const generate = (await posted()).find((m) => m.type === 'generate');
    assert.deepEqual(generate, {
      type: 'generate',
      kind: 'video',
      request: {
        seed: 42,
        sound: true,
        steps: 30,
        model: 'wan-2.6',
        prompt: 'A red fox runs through fresh snow at dawn',
        mode: 'text',
        duration_seconds: 8,
        aspect_ratio: '9:16',
        quality: '480p',
      },
      images: [],
    });
    await page.screenshot({ path: path.join(SHOTS, 'webview-form-dark.png'), fullPage: true });
    assert.deepEqual(problems(), []);
  });

  it('shows problems next to their fields and blocks Generate', async () => {
    const { page } = await ready('light');
    await page.fill('#f-prompt', 'x');
    await page.fill('#f-prompt', '');
    assert.match((await page.textContent('#msg-prompt')) ?? '', /Describe the video/);
    assert.equal(await page.getAttribute('#f-prompt', 'aria-invalid'), 'true');
    await page.fill('#f-prompt', 'ok');
    await page.click('summary');
    await page.fill('#f-seed', '1.5');
    assert.match((await page.textContent('#msg-seed')) ?? '', /whole number/);
    assert.equal(await page.isDisabled('#f-generate'), true);
    await page.fill('#f-seed', '');
    // A refusal from the host lands next to its field but does not block a retry.
    await send(page, { type: 'validation', problems: [{ field: 'duration_seconds', message: 'duration_seconds must be between 5 and 10' }] });
    assert.equal(await page.textContent('#msg-duration_seconds'), 'duration_seconds must be between 5 and 10');
    assert.equal(await page.getAttribute('#f-duration', 'aria-invalid'), 'true');
    await send(page, { type: 'validation', problems: [{ field: 'form', message: 'Rate limited (request id r-1).' }] });
    assert.equal(await page.textContent('#msg-form'), 'Rate limited (request id r-1).');
    assert.equal(await page.isDisabled('#f-generate'), false);
  });

  it('re-limits all fields at once when the model changes', async () => {
    const { page } = await ready('dark');
    await page.fill('#f-prompt', 'p');
    await setRange(page, '#f-duration', 10);
    await page.selectOption('#f-quality', '1080p');
    const small = models.find((m) => m.video_caps.max_duration_s < 10 && !m.video_caps.qualities.includes('1080p'));
    assert.ok(small, 'the simulator catalog has a smaller model');
    await page.selectOption('#f-model', small.id);
    assert.equal(await page.textContent('#f-duration-out'), `${small.video_caps.max_duration_s} s`);
    assert.ok(small.video_caps.qualities.includes(await page.inputValue('#f-quality')));
    assert.equal(await page.isHidden('#field-mode'), small.video_caps.modes.length < 2);
  });

  it('takes images in image mode (one) and sends their sources', async () => {
    const { page, posted } = await ready('dark');
    assert.equal(await page.isHidden('#field-images'), true);
    await page.check('#f-mode-image');
    assert.equal(await page.isHidden('#field-images'), false);
    assert.match((await page.textContent('#msg-input_images')) ?? '', /exactly one image/);
    await page.click('#f-add-images');
    assert.deepEqual((await posted()).at(-1), { type: 'pickImages', multi: false });
    const png = readFileSync(fixturePath('demo-image.png')).toString('base64');
    await send(page, { type: 'imagesAdded', images: [{ source: TOKEN_A, label: 'a.png', thumb: `data:image/png;base64,${png}` }], rejected: [] });
    await send(page, {
      type: 'imagesAdded',
      images: [{ source: TOKEN_B, label: 'b.png', thumb: `data:image/png;base64,${png}` }],
      rejected: [{ source: 'c.gif', reason: 'Only PNG, JPEG and WebP images can be used' }],
    });
    // The label, not the token, is what a person sees (also on hover).
    assert.equal(await page.getAttribute('.thumb-label', 'title'), 'b.png');
    assert.deepEqual(await page.$$eval('.thumb-label', (ls) => ls.map((l) => l.textContent)), ['b.png']);
    assert.match((await page.textContent('#f-image-notices')) ?? '', /c\.gif/);
    // The big data: URL is shrunk before it is kept in the persisted state.
    await page.waitForFunction(() => {
      const s = (window as unknown as { __state: { forms: { video: { images: Array<{ thumb?: string }> } } } }).__state;
      return s.forms.video.images[0]?.thumb?.startsWith('data:image/webp');
    });
    const thumb = await page.evaluate(
      () => (window as unknown as { __state: { forms: { video: { images: Array<{ thumb: string }> } } } }).__state.forms.video.images[0].thumb.length,
    );
    assert.ok(thumb < png.length / 2, `thumb ${thumb} chars`);
    await page.fill('#f-url', 'http://insecure.example/x.png');
    await page.click('#f-add-url');
    assert.match((await page.textContent('#msg-url')) ?? '', /https/);
    await page.fill('#f-prompt', 'animate');
    await page.click('#f-generate');
    const generate = (await posted()).find((m) => m.type === 'generate');
    assert.deepEqual(generate && generate.type === 'generate' && 'images' in generate ? generate.images : undefined, [TOKEN_B]);
    await page.screenshot({ path: path.join(SHOTS, 'webview-images-dark.png'), fullPage: true });
  });

  it('collects several reference images from drops and URLs', async () => {
    const { page, posted } = await ready('light');
    const ref = models.find((m) => m.video_caps.modes.includes('reference'));
    assert.ok(ref);
    await page.selectOption('#f-model', ref.id);
    await page.check('#f-mode-reference');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/uri-list', '# from the Explorer\r\nfile:///work/one.png\r\nfile:///work/two.jpg');
      const zone = document.getElementById('f-drop');
      zone?.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    assert.deepEqual((await posted()).at(-1), { type: 'dropImages', uris: ['file:///work/one.png', 'file:///work/two.jpg'] });
    await send(page, {
      type: 'imagesAdded',
      images: [
        { source: TOKEN_A, label: 'one.png' },
        { source: TOKEN_B, label: 'two.jpg' },
      ],
      rejected: [],
    });
    // An https URL that cannot load (port 9 is refused): its thumbnail falls back to the type.
    await page.fill('#f-url', 'https://127.0.0.1:9/x.png');
    await page.press('#f-url', 'Enter');
    assert.equal(await page.$$eval('.thumb', (t) => t.length), 3);
    await page.waitForSelector('.thumb:nth-child(3) .placeholder');
    assert.equal(await page.textContent('.thumb:nth-child(3) .placeholder'), 'PNG');
    seen.splice(0, seen.length, ...seen.filter((e) => !/Failed to load resource: net::ERR_/.test(e)));
    await page.click('.thumb:first-child .remove');
    assert.deepEqual(await page.$$eval('.thumb-label', (ls) => ls.map((l) => l.textContent)), ['two.jpg', 'x.png']);
    await page.screenshot({ path: path.join(SHOTS, 'webview-reference-light.png'), fullPage: true });
  });

  it('shows a task from waiting to the played result, then goes back with the same values', async () => {
    const { page, posted } = await ready('dark');
    await page.fill('#f-prompt', 'A lighthouse in a storm');
    const start = Date.now() - 65_000;
    const task: JobView = { localId: 'loc-1', status: 'waiting', progress: 0, model: 'wan-2.6', prompt: 'A lighthouse in a storm', startedAt: start };
    await send(page, { type: 'task', task, reveal: true });
    assert.equal(await page.isVisible('#task-view'), true);
    assert.equal(await page.isHidden('#form-view'), true);
    assert.equal(await page.textContent('#t-status'), 'Waiting for a free slot');
    assert.equal(await page.isVisible('#t-waiting'), true);
    assert.match((await page.textContent('#t-elapsed')) ?? '', /^1:0[5-9]$/);
    await send(page, { type: 'task', task: { ...task, status: 'processing', progress: 37, taskId: 'vid_abc123', costCents: 200 }, reveal: false });
    assert.equal(await page.getAttribute('#t-progress', 'aria-valuenow'), '37');
    await page.waitForTimeout(400); // let the bar's width transition finish for the screenshot
    assert.equal(await page.textContent('#t-id'), 'vid_abc123');
    assert.equal(await page.textContent('#t-cost'), '$2.00');
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-progress-dark.png'), fullPage: true });
    const done: JobView = {
      ...task,
      status: 'completed',
      progress: 100,
      taskId: 'vid_abc123',
      costCents: 200,
      endedAt: start + 95_000,
      savedPath: '/work/airforce-media/vid_abc123.mp4',
      videoUri: `${baseUrl()}/video.mp4?v=1`,
    };
    await send(page, { type: 'task', task: done, reveal: false });
    assert.equal(await page.getAttribute('#t-video', 'src'), `${baseUrl()}/video.mp4?v=1`);
    assert.equal(await page.textContent('#t-elapsed'), '1:35');
    await page.waitForFunction(() => (document.getElementById('t-video') as HTMLVideoElement).readyState >= 2, undefined, { timeout: 5000 }).catch(() => undefined);
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-done-dark.png'), fullPage: true });
    await page.click('#t-open');
    await page.click('#t-reveal');
    await page.click('#t-external');
    await page.click('#t-again');
    const tail = (await posted()).slice(-4);
    assert.deepEqual(tail, [
      { type: 'openFile', localId: 'loc-1' },
      { type: 'revealFile', localId: 'loc-1' },
      { type: 'openExternal', localId: 'loc-1' },
      { type: 'generateAgain', localId: 'loc-1' },
    ]);
    await send(page, { type: 'prefill', values: { model: 'wan-2.6', mode: 'text', prompt: 'A lighthouse in a storm', duration_seconds: 7, extra: { seed: 9 } }, images: [] });
    assert.equal(await page.isVisible('#form-view'), true);
    assert.equal(await page.textContent('#f-duration-out'), '7 s');
    assert.equal(await page.inputValue('#f-seed'), '9');
  });

  it('shows a failure with the API message and request id', async () => {
    const { page } = await ready('hc');
    await send(page, {
      type: 'task',
      task: {
        localId: 'l2',
        taskId: 'vid_x',
        status: 'failed',
        progress: 12,
        model: 'wan-2.6',
        prompt: 'Broken',
        startedAt: Date.now() - 5000,
        endedAt: Date.now(),
        error: 'Upstream provider rejected the prompt.',
        requestId: 'req-77',
      },
      reveal: true,
    });
    assert.match((await page.textContent('#t-error')) ?? '', /Upstream provider rejected the prompt\..*Request ID: req-77/);
    assert.equal(await page.isHidden('#t-open'), true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-failed-hc.png'), fullPage: true });
  });

  it('restores the form and the view from its saved state after a reload', async () => {
    const first = await ready('dark');
    await first.page.fill('#f-prompt', 'keep me');
    await first.page.check('#f-mode-image');
    const state = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const { page, posted } = await open('dark', state);
    assert.equal(await page.inputValue('#f-prompt'), 'keep me');
    await send(page, initMessage());
    assert.equal(await page.isChecked('#f-mode-image'), true);
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
  });

  it('notes the confirmation above the threshold and uses the light theme', async () => {
    const { page } = await ready('light', 100);
    await page.fill('#f-prompt', 'Wide aerial shot over a glacier, slow push-in');
    assert.match((await page.textContent('#f-hint')) ?? '', /confirm amounts above \$1\.00/);
    await page.screenshot({ path: path.join(SHOTS, 'webview-form-light.png'), fullPage: true });
  });

  it('#11 after VS Code reloaded the panel, images the new host does not know are removed with a note', async () => {
    const first = await ready('dark');
    const ref = models.find((m) => m.video_caps.modes.includes('reference'));
    assert.ok(ref);
    await first.page.selectOption('#f-model', ref.id);
    await first.page.check('#f-mode-reference');
    await send(first.page, {
      type: 'imagesAdded',
      images: [
        { source: TOKEN_A, label: 'a.png' },
        { source: TOKEN_B, label: 'b.png' },
      ],
      rejected: [],
    });
    await first.page.fill('#f-url', 'https://127.0.0.1:9/x.png');
    await first.page.press('#f-url', 'Enter');
    seen.splice(0, seen.length, ...seen.filter((e) => !/Failed to load resource: net::ERR_/.test(e)));
    const state = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const { page } = await open('dark', state);
    await send(page, initMessage({ imageTokens: [TOKEN_B] }));
    seen.splice(0, seen.length, ...seen.filter((e) => !/Failed to load resource: net::ERR_/.test(e)));
    assert.deepEqual(await page.$$eval('.thumb-label', (ls) => ls.map((l) => l.textContent)), ['b.png', 'x.png']);
    assert.match((await page.textContent('#f-image-notices')) ?? '', /must be added again/);
  });

  it('#1 a fate-unknown task explains itself and offers Look again and Send again', async () => {
    const { page, posted } = await ready('dark');
    const task: JobView = { localId: 'lost-1', status: 'fate-unknown', progress: 0, model: 'wan-2.6', prompt: 'A sent request', startedAt: Date.now() - 30_000 };
    await send(page, { type: 'task', task, reveal: true });
    assert.equal(await page.textContent('#t-status'), 'Sent — fate unknown');
    assert.equal(await page.isVisible('#t-unsure'), true);
    assert.match((await page.textContent('#t-unsure')) ?? '', /may be billed twice/);
    assert.equal(await page.isHidden('#t-progress'), true);
    assert.equal(await page.textContent('#t-look-again'), 'Look again');
    assert.equal(await page.textContent('#t-send-again'), 'Send again (may be billed twice)');
    assert.equal(await page.isHidden('#t-try-again'), true);
    await page.click('#t-look-again');
    await page.click('#t-send-again');
    assert.deepEqual((await posted()).slice(-2), [
      { type: 'taskAction', action: 'lookAgain', id: 'lost-1' },
      { type: 'taskAction', action: 'sendAgain', id: 'lost-1' },
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-fate-unknown-dark.png'), fullPage: true });
    // Once matched, the buttons go.
    await send(page, { type: 'task', task: { ...task, status: 'processing', progress: 10, taskId: 'vid_1' }, reveal: false });
    assert.equal(await page.isHidden('#t-task-actions'), true);
    assert.equal(await page.isHidden('#t-unsure'), true);
  });

  it('#4 a retryable failure shows its error and Try again; a waiting task shows why and since when', async () => {
    const { page, posted } = await ready('light');
    const since = Date.now() - 10_000;
    const task: JobView = {
      localId: 'w-1',
      status: 'waiting',
      progress: 0,
      model: 'wan-2.6',
      prompt: 'Held back',
      startedAt: since,
      waitReason: 'Rate limited by the API: next try at 12:03:05.',
      waitingSince: since,
    };
    await send(page, { type: 'task', task, reveal: true });
    assert.match((await page.textContent('#t-waiting')) ?? '', /^Rate limited by the API: next try at 12:03:05\. Waiting since .+\.$/);
    await send(page, {
      type: 'task',
      task: { ...task, status: 'failed', waitReason: undefined, waitingSince: undefined, endedAt: Date.now(), error: 'Daily request cap reached.', retryable: true },
      reveal: false,
    });
    assert.match((await page.textContent('#t-error')) ?? '', /Daily request cap reached\./);
    assert.equal(await page.isVisible('#t-try-again'), true);
    assert.equal(await page.isHidden('#t-send-again'), true);
    await page.click('#t-try-again');
    assert.deepEqual((await posted()).at(-1), { type: 'taskAction', action: 'tryAgain', id: 'w-1' });
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-retryable-light.png'), fullPage: true });
    // A plain failure offers no Try again.
    await send(page, { type: 'task', task: { ...task, status: 'failed', endedAt: Date.now(), error: 'Provider error.' }, reveal: false });
    assert.equal(await page.isHidden('#t-task-actions'), true);
  });

  it('#9 an unrecognized status is named; a running problem shows while progress continues', async () => {
    const { page } = await ready('hc');
    const task: JobView = {
      localId: 'u-1',
      taskId: 'vid_u',
      status: 'unrecognized',
      rawStatus: 'paused',
      progress: 35,
      model: 'wan-2.6',
      prompt: 'Odd',
      startedAt: Date.now() - 5000,
    };
    await send(page, { type: 'task', task, reveal: true });
    assert.equal(await page.textContent('#t-status'), 'Unknown status “paused”');
    assert.equal(await page.isVisible('#t-progress'), true);
    assert.equal(await page.isHidden('#t-warning'), true);
    await send(page, {
      type: 'task',
      task: { ...task, status: 'processing', rawStatus: undefined, progress: 50, error: 'The status could not be read (HTTP 500).' },
      reveal: false,
    });
    assert.equal(await page.isVisible('#t-warning'), true);
    assert.match((await page.textContent('#t-warning')) ?? '', /HTTP 500.*Still following/);
    assert.equal(await page.getAttribute('#t-progress', 'aria-valuenow'), '50');
    assert.equal(await page.isHidden('#t-error'), true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-problem-hc.png'), fullPage: true });
  });
});
