// Issue 15 point 1, second half: a new extension host after the reload, the same workspace state.
// What had finished (the video and the image of announce.before-restart.ts, and every other finished
// job the suite made) is neither announced nor opened again; the video that was in flight when the window
// reloaded is announced exactly once, when it finishes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { announcedFile, openTabs, type Announced } from './announceCase';
import { KEY, extensionApi, sim, waitFor } from './simControl';

suite('fh#1 a reload announces nothing that already finished (after the reload)', () => {
  let api: AirforceExtensionApi;
  let before: Announced;

  suiteSetup(async () => {
    const file = announcedFile();
    assert.ok(fs.existsSync(file), 'the host before the reload handed over its jobs (see its test)');
    before = JSON.parse(fs.readFileSync(file, 'utf8')) as Announced;
    api = await extensionApi();
    if (!(await api.airforce.keys.get())) await vscode.commands.executeCommand('airforce.setApiKey', KEY);
  });

  test('fh#1 after the reload: nothing that had finished is announced or opened; the video in flight is announced once', async () => {
    // The restore runs by itself after activation (records are persisted): wait for it, then longer
    // than the "finished while closed" notice waits to gather.
    await waitFor('the records restored', () => api.airforce.trackerIfBuilt?.get(before.video.localId)?.savedPath);
    await waitFor('the video in flight followed again', () => api.airforce.trackerIfBuilt?.get(before.flight.localId)?.status === 'processing');
    await new Promise((r) => setTimeout(r, 3_000));
    const finished = new Set(before.finished);
    const told = api.announcements().filter((a) => a.localIds.some((id) => finished.has(id)));
    assert.deepEqual(
      told.map((a) => `${a.type}: ${a.text}`),
      [],
      'a reload announces no job that had finished',
    );
    assert.ok(finished.has(before.video.localId) && finished.has(before.image.localId));
    for (const path of [before.video.path, before.image.path]) assert.ok(!openTabs().includes(path), `${path} is not opened again`);

    await sim('POST', `/__sim/tasks/${before.flight.taskId}/complete`);
    const saved = await waitFor('the video in flight saved', () => api.airforce.tracker.get(before.flight.localId)?.savedPath);
    await waitFor('the video in flight announced', () => api.announcements().some((a) => a.type === 'info' && a.localIds.includes(before.flight.localId)));
    await new Promise((r) => setTimeout(r, 2_000));
    const forFlight = api.announcements().filter((a) => a.localIds.includes(before.flight.localId));
    assert.deepEqual(
      forFlight.map((a) => a.type).sort(),
      ['info', 'open'],
      `one notice and one editor for the video that finished in this window; told: ${JSON.stringify(api.announcements())}; before: ${JSON.stringify(before)}; records: ${JSON.stringify(
        api.airforce.tracker.records().map((r) => [r.localId, r.kind, r.status, r.prompt, r.created, r.completedAt]),
      )}`,
    );
    await waitFor('its editor tab', () => openTabs().includes(saved));
  });
});
