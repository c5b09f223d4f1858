// The task view plays a saved video with its subtitles (headless Chromium, same harness as
// app.test.ts): the host's `subtitles` become the video's one <track>, loaded under the page's CSP;
// a track from anywhere but the video's own folder is dropped; a video without one loads as before.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { JobView } from '../../../src/generate/protocol';
import { SHOTS, baseUrl, ready, send, skip, useAppHarness } from './app-helpers';

const done = (patch: Partial<JobView> = {}): JobView => ({
  localId: 'sub-1',
  taskId: 'vid_sub',
  status: 'completed',
  progress: 100,
  model: 'wan-2.6',
  prompt: 'A paper lantern drifting over a lake at night',
  startedAt: Date.now() - 60_000,
  endedAt: Date.now(),
  costCents: 200,
  savedPath: '/w/airforce-media/video.mp4',
  videoUri: `${baseUrl()}/video.mp4?v=1`,
  ...patch,
});

const trackAttrs = (page: Page): Promise<Record<string, string | null> | undefined> =>
  page.evaluate(() => {
    const t = document.querySelector('#t-video track');
    if (!t) return undefined;
    return Object.fromEntries(['kind', 'src', 'srclang', 'label', 'default'].map((a) => [a, t.getAttribute(a)]));
  });

describe('webview app: a saved video’s subtitles', { skip }, () => {
  useAppHarness();

  it('adds the .vtt as the video’s default subtitle track, which loads and shows its cue', async () => {
    const { page, problems } = await ready('dark');
    const uri = `${baseUrl()}/video.vtt?v=2`;
    await send(page, { type: 'task', task: done({ subtitles: { uri, lang: 'en' } }), reveal: true });
    assert.deepEqual(await trackAttrs(page), { kind: 'subtitles', src: uri, srclang: 'en', label: 'Subtitles', default: '' });
    assert.equal(await page.getAttribute('#t-video', 'crossorigin'), 'anonymous');
    const loaded = await page
      .waitForFunction(
        () => {
          const t = document.querySelector<HTMLTrackElement>('#t-video track');
          return t && t.readyState === 2 && t.track.mode === 'showing' && (t.track.cues?.length ?? 0) > 0 ? t.track.cues![0] && (t.track.cues![0] as VTTCue).text : undefined;
        },
        undefined,
        { timeout: 5000 },
      )
      .then((h) => h.jsonValue());
    assert.equal(loaded, 'A paper lantern drifts over the lake');
    assert.deepEqual(problems(), [], 'no CSP violation or failed load');
    await page.evaluate(() => (document.getElementById('t-video') as HTMLVideoElement).pause());
    await page.screenshot({ path: path.join(SHOTS, 'webview-task-subtitles-dark.png'), fullPage: true });

    // An update of the same task keeps the same track (its cues are not loaded again).
    await page.evaluate(() => ((window as unknown as { shownTrack: Element | null }).shownTrack = document.querySelector('#t-video track')));
    await send(page, { type: 'task', task: done({ subtitles: { uri, lang: 'en' }, costCents: 210 }), reveal: false });
    assert.equal(await page.evaluate(() => document.querySelector('#t-video track') === (window as unknown as { shownTrack: Element | null }).shownTrack), true);

    // Gone from the host's view (or never there): no track.
    await send(page, { type: 'task', task: done(), reveal: false });
    assert.equal(await trackAttrs(page), undefined);
  });

  it('drops a track that is not beside the video where it plays, and leaves a video without one as it was', async () => {
    const { page } = await ready('light');
    for (const uri of ['https://evil.example/video.vtt', `${baseUrl()}/other/video.vtt`, `${baseUrl()}/video.srt`]) {
      await send(page, { type: 'task', task: done({ subtitles: { uri } }), reveal: true });
      assert.equal(await trackAttrs(page), undefined, uri);
    }
    await send(page, { type: 'task', task: done({ localId: 'plain', videoUri: `${baseUrl()}/video.mp4?v=3` }), reveal: true });
    assert.equal(await page.getAttribute('#t-video', 'src'), `${baseUrl()}/video.mp4?v=3`);
    assert.equal(await page.getAttribute('#t-video', 'crossorigin'), null, 'no track: the video loads without CORS, as before');
    // Subtitles made since (the same video shown again): the track joins the playing video.
    await send(page, { type: 'task', task: done({ localId: 'plain', videoUri: `${baseUrl()}/video.mp4?v=3`, subtitles: { uri: `${baseUrl()}/video.vtt?v=4` } }), reveal: false });
    const attrs = await trackAttrs(page);
    assert.equal(attrs?.src, `${baseUrl()}/video.vtt?v=4`);
    assert.equal(attrs?.srclang, null, 'no language named, no srclang');
    assert.equal(await page.getAttribute('#t-video', 'src'), `${baseUrl()}/video.mp4?v=3`, 'the video itself is not reloaded');
    await page.waitForFunction(() => document.querySelector<HTMLTrackElement>('#t-video track')?.readyState === 2, undefined, { timeout: 5000 });
  });
});
