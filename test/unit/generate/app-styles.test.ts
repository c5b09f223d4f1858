// What a person would notice in the panel's looks, measured in headless Chromium (same harness as
// app.test.ts) with the real stylesheets: high contrast keeps the slider, the radios and the
// progress bar visible; image results sit in even frames with their file buttons on one row; the
// recent-prompts picker is as tall as its button; the progress bar stays inside the column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { JobView } from '../../../src/generate/protocol';
import { CONTROL_SELECTOR, describeUnseen, unseenControls } from '../../ui/visibility';
import { baseUrl, mediaList, ready, send, SHOTS, skip, useAppHarness, videoList } from './app-helpers';

/** Every kind's form with its optional parts shown (Advanced open with a row, image mode, an edit model). */
async function unseenInEveryKind(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const kind of ['video', 'image', 'speech', 'music', 'sfx']) {
    await page.click(`#k-${kind}`);
    await page.waitForSelector(`#k-${kind}[aria-selected="true"]`);
    if (kind === 'video') await page.check('#f-mode-image');
    const advanced = kind === 'video' ? '#f-advanced' : kind === 'image' ? '#m-f-advanced' : undefined;
    if (advanced) {
      await page.$eval(advanced, (d) => ((d as HTMLDetailsElement).open = true));
      await page.click(`${advanced} button.secondary`);
    }
    await page.mouse.move(0, 0); // no hover colours
    const unseen = await page.evaluate(unseenControls, { rootSelector: '#app', selector: CONTROL_SELECTOR, minDiff: 12 });
    found.push(...describeUnseen(kind, unseen));
  }
  return found;
}

const style = (page: Page, selector: string, prop: string): Promise<string> => page.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), prop);

const box = (page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

const progressTask: JobView = { localId: 'p-1', taskId: 'vid_p', status: 'processing', progress: 35, model: 'wan-2.6', prompt: 'Slow', startedAt: 0 };

describe('webview app: looks in every theme', { skip }, () => {
  useAppHarness();

  it('fh#3 Light+ (no input border) and a theme with no border colours at all: every field, select and button of every kind stands out from the page', async () => {
    for (const theme of ['lightplus', 'bare']) {
      const { page } = await ready(theme, 500, { lists: [videoList(), mediaList({ image: 'flux-2-dev' })] });
      const found = await unseenInEveryKind(page);
      assert.deepEqual(found, [], `${theme}:\n${found.join('\n')}`);
      await page.screenshot({ path: `${SHOTS}/webview-fields-${theme}.png`, fullPage: true });
    }
    // The fallback does not replace a theme's own border.
    const { page } = await ready('light');
    assert.equal(await style(page, '#f-prompt', 'border-top-color'), 'rgb(206, 206, 206)');
  });

  it('high contrast: the slider and radios take the contrast border colour, not the black button colour', async () => {
    const { page } = await ready('hc');
    const background = await style(page, 'body', 'background-color');
    for (const selector of ['#f-duration', '#f-mode-text']) {
      const accent = await style(page, selector, 'accent-color');
      assert.notEqual(accent, background, selector);
      assert.equal(accent, 'rgb(243, 133, 24)', selector); // --vscode-focusBorder of the HC theme
    }
    const dark = await ready('dark');
    assert.equal(await style(dark.page, '#f-duration', 'accent-color'), 'rgb(0, 120, 212)'); // unchanged: the button colour
  });

  it("high contrast: the progress track is an outline, so the bar's part of it shows", async () => {
    const { page } = await ready('hc');
    await send(page, { type: 'task', task: { ...progressTask, startedAt: Date.now() }, reveal: true });
    assert.equal(await style(page, '#t-progress', 'background-color'), 'rgba(0, 0, 0, 0)');
    assert.notEqual(await style(page, '#t-progress .bar', 'background-color'), 'rgba(0, 0, 0, 0)');
  });

  it('the progress bar ends where the column ends (its border inside its width)', async () => {
    for (const theme of ['hc', 'light']) {
      const { page } = await ready(theme);
      await send(page, { type: 'task', task: { ...progressTask, startedAt: Date.now() }, reveal: true });
      const bar = await box(page, '#t-progress');
      const title = await page.$eval('#t-progress', (el) => (el.parentElement as HTMLElement).getBoundingClientRect().right);
      assert.equal(bar.x + bar.width, title, theme);
    }
  });

  it('image results: one frame size whatever the pixels, and Open, Reveal, Copy path on one row', async () => {
    const { page } = await ready('dark', 500, { kind: 'image' });
    const task: JobView = {
      localId: 'i-1',
      kind: 'image',
      status: 'completed',
      progress: 100,
      model: 'flux-2-dev',
      prompt: 'Two sizes',
      startedAt: 0,
      endedAt: 1,
      files: [
        { uri: `${baseUrl()}/x.png?v=1`, name: 'a-1.png', media: 'image' },
        { uri: `${baseUrl()}/y.jpg?v=1`, name: 'a-2.jpg', media: 'image' },
      ],
    };
    await send(page, { type: 'task', task, reveal: true });
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.r-thumb')].every((i) => i.complete && i.naturalWidth > 0));
    const sizes = await page.$$eval('img.r-thumb', (imgs) =>
      imgs.map((i) => [(i as HTMLImageElement).naturalWidth, i.getBoundingClientRect().width, i.getBoundingClientRect().height]),
    );
    assert.notEqual(sizes[0][0], sizes[1][0], 'the fixtures differ in size');
    assert.deepEqual(sizes[0].slice(1), sizes[1].slice(1));
    const rows = await page.$$eval('.r-item', (items) => items.map((item) => [...item.querySelectorAll('.actions button')].slice(0, 3).map((b) => b.getBoundingClientRect().top)));
    for (const tops of rows) assert.equal(new Set(tops).size, 1, `buttons on several rows: ${tops.join(', ')}`);
  });

  it('the recent-prompts picker is as tall as its Clear button', async () => {
    const { page } = await ready('light', 500, { kind: 'image', recentPrompts: { image: ['A red kite'] } });
    const select = await box(page, '.recent-row select');
    const button = await box(page, '.recent-row button');
    assert.ok(Math.abs(select.height - button.height) <= 1, `${select.height} vs ${button.height}`);
  });
});
