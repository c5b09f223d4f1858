// The panel's host side sends a saved video's subtitles with it: `<stem>.vtt` beside the video, as a
// webview URI like the video's (the same folder, so no new resource root), with the language its
// header names; none for a missing or non-WebVTT file; a file made later is found the next time the
// video is shown. Against the `vscode` stand-in, as panel-host.test.ts.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { JobRecord } from '../../../src/jobs/types';
import { HostMessageSchema, type JobView } from '../../../src/generate/protocol';
import { calls, GenerationPanel, harness, lastOf, outDir, panelHooks, settle } from './panel-helpers';

const video = path.join(outDir, 'clip.mp4');
const vtt = path.join(outDir, 'clip.vtt');
writeFileSync(video, 'mp4');

const record = (): JobRecord => ({
  localId: 'done',
  kind: 'video',
  origin: { type: 'panel' },
  model: 'wan-2.6',
  prompt: 'p',
  mode: 'text',
  duration_seconds: 5,
  extra: {},
  inputImageSources: [],
  status: 'completed',
  progress: 100,
  created: 1_700_000_000,
  completedAt: 1_700_000_060,
  savedPath: video,
});

/** Opens the panel, shows the saved video and returns the task view it sent (checked against the protocol). */
async function shownTask(): Promise<JobView> {
  const h = harness();
  h.records.set('done', record());
  const panel = GenerationPanel.createOrShow(h.host);
  const p = calls.panels.at(-1)!;
  p.send({ type: 'ready' });
  await settle();
  panel.showTask('done');
  await settle();
  const message = lastOf(p, 'task');
  assert.ok(message, 'a task message was sent');
  assert.equal(HostMessageSchema.safeParse(message).success, true, JSON.stringify(message));
  return message.task;
}

describe('GenerationPanel: a saved video’s subtitles', () => {
  panelHooks();

  it('sends <stem>.vtt beside the video as its track, with the header’s language', async () => {
    writeFileSync(vtt, 'WEBVTT\nLanguage: en\n\n00:00.000 --> 00:01.000\nHello\n');
    try {
      const task = await shownTask();
      assert.match(task.videoUri ?? '', /^https:\/\/webview.*\/out\/clip\.mp4\?v=\d+$/);
      assert.match(task.subtitles?.uri ?? '', /^https:\/\/webview.*\/out\/clip\.vtt\?v=\d+$/);
      assert.equal(task.subtitles?.lang, 'en');
      // The video's folder is the output folder: the roots stay as they were.
      assert.deepEqual(
        calls.panels.at(-1)!.webview.options.localResourceRoots?.map((u) => u.fsPath),
        ['/ext/dist', '/ext/media', outDir],
      );
    } finally {
      rmSync(vtt, { force: true });
    }
  });

  it('sends no track without a WebVTT file, and finds one made later when the video is shown again', async () => {
    assert.equal((await shownTask()).subtitles, undefined);
    writeFileSync(vtt, '1\n00:00:00,000 --> 00:00:01,000\nSubRip text under a .vtt name\n');
    try {
      GenerationPanel.current?.dispose();
      assert.equal((await shownTask()).subtitles, undefined, 'not a WebVTT file: no track');
      writeFileSync(vtt, 'WEBVTT\n\n00:00.000 --> 00:01.000\nTranscribed since\n');
      GenerationPanel.current?.dispose();
      const task = await shownTask();
      assert.match(task.subtitles?.uri ?? '', /clip\.vtt\?v=\d+$/);
      assert.equal(task.subtitles?.lang, undefined, 'no Language: header, no srclang');
    } finally {
      rmSync(vtt, { force: true });
    }
  });
});
