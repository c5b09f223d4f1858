// UI check (issue 19): a saved video plays with its subtitles. The video the generate check of the
// theme made gets a `<stem>.vtt` beside it (as Transcribe writes one); a click on its row in the Tasks
// view opens it in the Generate panel (VS Code's own video preview shows no subtitles), whose player
// has the file as its <track>, loaded through the webview's resource loader and showing its cue.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { UiCheck } from './checks';
import { generated } from './generate';
import type { ThemeKind } from './themes';
import { findWebviewFrame, moveMouseAway, openViewContainer, runCommandFromPalette, screenshot, startClean, viewHeader, waitForSideBarIdle } from './workbench';

const CUE = 'Subtitles from the .vtt beside the video';
const VTT = `WEBVTT\nLanguage: en\n\n00:00.000 --> 00:30.000\n${CUE}\n`;

/** The saved MP4 of a task: its name ends with the task id's first 8 characters (in the output folder under the workspace). */
function savedVideo(dir: string, taskId: string, depth = 2): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith(`-${taskId.slice(0, 8)}.mp4`)) return full;
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      const found = savedVideo(full, taskId, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function subtitlesCheck(theme: ThemeKind): UiCheck {
  return {
    title: `A video with a .vtt beside it plays with the file as its subtitle track, opened from the Tasks view (${theme})`,
    // Room for three clicks on the row (below).
    timeoutMs: 90_000,
    async run({ page, resultsDir, workspace, log }) {
      const task = generated.get(theme);
      if (!task) throw new Error(`the ${theme} generate check made no task to play`);
      const video = savedVideo(workspace, task.taskId);
      if (!video) throw new Error(`no saved MP4 for task ${task.taskId} under ${workspace}`);
      const vtt = video.replace(/\.mp4$/, '.vtt');
      fs.writeFileSync(vtt, VTT);
      try {
        await startClean(page);
        // A fresh panel, as when a video is opened from the Tasks view later: its player loads the
        // video and the track together (the generate check left this video playing in the panel).
        await runCommandFromPalette(page, 'View: Close All Editors');
        await openViewContainer(page, 'Airforce');
        await viewHeader(page, 'Tasks').first().waitFor({ state: 'visible', timeout: 20_000 });
        await waitForSideBarIdle(page);
        const row = page
          .locator('.part.sidebar .monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: task.prompt }) })
          .first();
        // A click that lands while the list redraws (a job of an earlier check settling) selects the row
        // but runs a command VS Code has just dropped ("Actual command not found, wanted to execute
        // airforce.openResult /593" in the browser console), as it would for a person: who clicks again.
        const player = '#task-view:not([hidden]) #t-video track';
        let frame: Frame | undefined;
        for (let attempt = 1; ; attempt++) {
          await row.click();
          frame = await findWebviewFrame(page, player, attempt < 3 ? 8_000 : 20_000).catch(() => undefined);
          if (frame) break;
          const tab = (
            await page
              .locator('.tabs-container .tab.active')
              .first()
              .textContent()
              .catch(() => null)
          )?.trim();
          if (attempt === 3) throw new Error(`three clicks on the task's row showed no player with a <track> (the active editor is "${tab ?? 'none'}")`);
          log(`click ${attempt} on the row opened no player (the active editor is "${tab ?? 'none'}"); clicking again`);
        }
        const track = await frame.evaluate(() => {
          const t = document.querySelector<HTMLTrackElement>('#t-video track');
          const v = document.querySelector<HTMLVideoElement>('#t-video');
          return { src: t?.getAttribute('src') ?? '', kind: t?.kind, srclang: t?.srclang, label: t?.label, video: v?.getAttribute('src') ?? '', cors: v?.crossOrigin };
        });
        const name = path.basename(vtt);
        if (!new RegExp(`/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?v=\\d+$`).test(track.src)) {
          throw new Error(`the track's src is "${track.src}", expected the webview URI of ${name}`);
        }
        if (!track.video.includes(path.basename(video))) throw new Error(`the player plays "${track.video}", not ${path.basename(video)}`);
        if (track.kind !== 'subtitles' || track.srclang !== 'en' || track.label !== 'Subtitles' || track.cors !== 'anonymous') {
          throw new Error(`the track is ${JSON.stringify(track)}, expected kind subtitles, srclang en, label Subtitles, the video crossorigin anonymous`);
        }
        // Loaded through the webview's resource loader under the page's CSP, and shown.
        const cue = await frame
          .waitForFunction(
            () => {
              const t = document.querySelector<HTMLTrackElement>('#t-video track');
              const v = document.querySelector<HTMLVideoElement>('#t-video');
              if (t?.readyState === 3) return { error: 'the track failed to load (readyState ERROR)' };
              // The video now loads with CORS (crossorigin, for the track): it must still play.
              if (v?.error) return { error: `the video cannot play: media error ${v.error.code} ${v.error.message}` };
              const first = t?.readyState === 2 && t.track.mode === 'showing' ? (t.track.cues?.[0] as VTTCue | undefined) : undefined;
              return first && (v?.readyState ?? 0) >= 2 ? { text: first.text } : undefined;
            },
            undefined,
            { timeout: 15_000, polling: 100 },
          )
          .then((h) => h.jsonValue())
          .catch(async () => {
            const state = await frame.evaluate(() => {
              const t = document.querySelector<HTMLTrackElement>('#t-video track');
              const v = document.querySelector<HTMLVideoElement>('#t-video');
              return `track readyState ${t?.readyState}, mode ${t?.track.mode}, cues ${t?.track.cues?.length ?? 'none'}; video readyState ${v?.readyState}`;
            });
            throw new Error(`the subtitle track did not load and show (${state})`);
          });
        if (!cue) throw new Error('no track state');
        if ('error' in cue) throw new Error(cue.error);
        if (cue.text !== CUE) throw new Error(`the track's first cue reads "${cue.text}", expected "${CUE}"`);
        log(`track: ${name} (${track.srclang}), cue "${cue.text}"`);
        await moveMouseAway(page);
        log(`screenshot: ${await screenshot(page, resultsDir, `panel-subtitles-${theme}.png`)}`);
      } finally {
        fs.rmSync(vtt, { force: true });
      }
    },
  };
}
