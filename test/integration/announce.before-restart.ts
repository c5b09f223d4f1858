// Issue 15 point 1, first half (runs with the restart cases, before the window reloads): a video and
// an image finish and are announced as usual, every editor is closed, and a second video is still
// being made when the window reloads. The second half (announce.after-restart.ts) checks that the
// reload announces nothing that had finished and announces the one in flight exactly once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { sim, waitFor } from './simControl';
import { simSuiteSetup } from './suiteHelpers';
import { announcedFile, type Announced } from './announceCase';

suite('fh#1 a reload announces nothing that already finished (before the reload)', () => {
  let api: AirforceExtensionApi;

  suiteSetup(async () => {
    ({ api } = await simSuiteSetup());
  });

  test('fh#1 a video and an image finish and are announced; editors closed; a video in flight at the reload', async () => {
    const run = Date.now().toString(36);
    const prompts = { video: `Finished before the reload ${run}`, image: `Image before the reload ${run}`, flight: `In flight across the reload ${run}` };
    const { tracker } = api.airforce;
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', { model: 'wan-2.6', prompt: prompts.video, duration_seconds: 5 }, { confirm: false });
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.generateImage', { model: 'flux-2-dev', prompt: prompts.image }, { confirm: false });
    const video = await waitFor('the video saved', () => tracker.get(taskId));
    const videoPath = await waitFor('the video saved', () => tracker.get(taskId)?.savedPath);
    const image = tracker.records().find((r) => r.prompt === prompts.image);
    assert.ok(image?.savedPath && uris.length === 1, 'the image job is recorded with its file');
    // Before the reload they are announced the usual way (once).
    await waitFor('the video announced', () => api.announcements().some((a) => a.localIds.includes(video.localId)));
    await waitFor('the image announced', () => api.announcements().some((a) => a.localIds.includes(image.localId)));

    // A video the server keeps making until the next host lets it finish.
    const flightTask = await vscode.commands.executeCommand<string>(
      'airforce.generateVideo',
      { model: 'wan-2.6', prompt: prompts.flight, duration_seconds: 5 },
      { confirm: false },
    );
    await sim('PATCH', `/__sim/tasks/${flightTask}`, { status: 'processing', progress: 40 });
    const flight = await waitFor('the video in flight followed', () => {
      const r = tracker.get(flightTask);
      return r?.status === 'processing' ? r : undefined;
    });

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await tracker.flush();
    const handOver: Announced = {
      video: { localId: video.localId, prompt: prompts.video, path: videoPath },
      image: { localId: image.localId, prompt: prompts.image, path: image.savedPath },
      flight: { localId: flight.localId, taskId: flightTask, prompt: prompts.flight },
      finished: tracker
        .records()
        .filter((r) => ['completed', 'failed', 'expired'].includes(r.status))
        .map((r) => r.localId),
    };
    fs.writeFileSync(announcedFile(), JSON.stringify(handOver));
  });
});
