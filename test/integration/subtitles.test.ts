// Issue 19: a video in the Tasks view plays with its `.vtt` as a <track> when one exists. VS Code's
// own video preview shows no subtitles, so Open Video (the Tasks view's click) opens a video that has
// `<stem>.vtt` beside it in the Generate panel, whose player adds the track (the DOM is checked by the
// UI check test/ui/subtitles.ts); a video without one opens in VS Code's editor as before.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { KEY, SIM, extensionApi, sim, waitFor } from './simControl';

const LONG = 45_000;
const PROMPT = 'A lantern drifting over a lake, with subtitles later';

const allTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
/** The webview tab's viewType carries the panel's (VS Code prefixes it). */
const panelTabs = (): vscode.Tab[] => allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('airforce.generateVideo'));
/** A tab showing this file (the media preview is a custom editor; any other editor has a uri too). */
const fileTabs = (file: string): vscode.Tab[] =>
  allTabs().filter((t) => {
    const input = t.input as { uri?: vscode.Uri } | undefined;
    return input?.uri instanceof vscode.Uri && input.uri.fsPath === file;
  });

suite('A saved video with its subtitles (Open Video, against the simulator)', () => {
  let api: AirforceExtensionApi;
  let localId = '';
  let video = '';
  let vtt = '';

  suiteSetup(async function () {
    this.timeout(LONG + 15_000);
    assert.ok(SIM, 'AIRFORCE_SIM_URL is set by the runner');
    api = await extensionApi();
    await sim('DELETE', '/__sim/faults');
    await vscode.commands.executeCommand('airforce.setApiKey', KEY);
    // The finished video must not open by itself: each test opens it and looks at what opened.
    await vscode.workspace.getConfiguration('airforce').update('openResultOnComplete', false, vscode.ConfigurationTarget.Global);
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', { model: 'wan-2.6', prompt: PROMPT, duration_seconds: 5 });
    const record = await waitFor(
      'the video to be saved',
      () => {
        const r = api.airforce.tracker.get(taskId);
        if (r?.status === 'failed') throw new Error(`task failed: ${r.error}`);
        return r?.savedPath ? r : undefined;
      },
      LONG,
    );
    localId = record.localId;
    video = record.savedPath!;
    vtt = video.replace(/\.mp4$/, '.vtt');
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    if (vtt) await fs.rm(vtt, { force: true });
    await vscode.workspace.getConfiguration('airforce').update('openResultOnComplete', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('without a .vtt beside it, Open Video opens the MP4 in VS Code as before', async () => {
    await vscode.commands.executeCommand('airforce.openResult', localId);
    await waitFor('the MP4 to open in an editor', () => fileTabs(video).length > 0, 10_000);
    assert.equal(panelTabs().length, 0, 'the Generate panel is not opened');
  });

  test('with <stem>.vtt beside it, Open Video plays it in the Generate panel (its player shows subtitles)', async () => {
    await fs.writeFile(vtt, 'WEBVTT\nLanguage: en\n\n00:00.000 --> 00:05.000\nA lantern drifts\n');
    await vscode.commands.executeCommand('airforce.openResult', localId);
    const tab = await waitFor('the Generate panel to open', () => panelTabs()[0], 10_000);
    assert.equal(tab.isActive, true, 'the panel is in front');
    assert.deepEqual(fileTabs(video), [], 'the MP4 is not opened in VS Code’s preview');
    // A .vtt that is not WebVTT (an SRT under that name) is no track: the MP4 opens as before.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.writeFile(vtt, '1\n00:00:00,000 --> 00:00:01,000\nSubRip\n');
    await vscode.commands.executeCommand('airforce.openResult', localId);
    await waitFor('the MP4 to open in an editor', () => fileTabs(video).length > 0, 10_000);
    assert.equal(panelTabs().length, 0);
  });
});
