// Issue 15 point 4 (what opens): several videos asked from the palette at once finish as a batch:
// no editor tab opens for any of them, and one summary notice names them all.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { openTabs } from './announceCase';
import { waitFor } from './simControl';
import { simSuiteSetup } from './suiteHelpers';

suite('fh#4 a batch of videos opens no editors', () => {
  let api: AirforceExtensionApi;

  suiteSetup(async () => {
    ({ api } = await simSuiteSetup());
  });

  test('fh#4 three videos from the palette at once: no editor tab opens, one summary names all three', async () => {
    const run = Date.now().toString(36);
    const prompts = [1, 2, 3].map((i) => `Batch video ${i} ${run}`);
    const { tracker } = api.airforce;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const taskIds = await Promise.all(
      prompts.map((prompt) => vscode.commands.executeCommand<string>('airforce.generateVideo', { model: 'wan-2.6', prompt, duration_seconds: 5 }, { confirm: false })),
    );
    const localIds = taskIds.map((id) => tracker.get(id)!.localId);
    const jobs = (): string => JSON.stringify(taskIds.map((id) => tracker.get(id)).map((r) => [r?.status, r?.progress, r?.error, r?.downloadError]));
    const paths = await waitFor('all three saved', () => {
      const saved = taskIds.map((id) => tracker.get(id)?.savedPath);
      return saved.every((p) => p !== undefined) ? (saved as string[]) : undefined;
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}; jobs: ${jobs()}`);
    });
    const summary = await waitFor('the summary', () => api.announcements().find((a) => a.type === 'info' && localIds.every((id) => a.localIds.includes(id)))).catch(
      (e: unknown) => {
        const told = api.announcements().filter((a) => a.localIds.some((id) => localIds.includes(id)));
        throw new Error(`${String(e)}; told: ${JSON.stringify(told)}; jobs: ${jobs()}`);
      },
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const about = api.announcements().filter((a) => a.localIds.some((id) => localIds.includes(id)));
    assert.deepEqual(about, [summary], `one notice for the batch; told: ${JSON.stringify(about)}`);
    for (const p of paths) assert.ok(!openTabs().includes(p), `${p} is not opened by itself`);
  });
});
