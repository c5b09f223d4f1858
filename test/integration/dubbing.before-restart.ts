// Issue 19: a reload during a dubbing job, first half (runs in the extension host before the
// restart). The job is created (one POST) and its first status poll is held by the simulator, so
// the window reloads while it runs. The second half (dubbing.after-restart.ts) checks that the new
// host follows it to the end: one create across both hosts, the track saved once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';
import { DUBBING, dubHandOverFile, workspaceFixture } from './dubbingCase';

suite('Dubbing across a reload (before the restart)', () => {
  test('a dubbing job is created and still running when the window reloads', async () => {
    const { api, workspace } = await simSuiteSetup();
    const uri = await workspaceFixture(api, workspace, 'tone.wav', `reload-${Date.now().toString(36)}.wav`);
    const id = await vscode.commands.executeCommand<string>('airforce.dub', uri, { targetLanguage: 'it' }, { confirm: false });
    // Its first status poll never answers in this host: the job is still running at the reload.
    await sim('POST', '/__sim/faults', { fault: 'hold-after-body', match: { method: 'GET', path: `${DUBBING}/${id}` }, times: 1 });
    await waitFor('the first status poll', async () => ((await simRequests()).some((r) => r.method === 'GET' && r.path === `${DUBBING}/${id}`) ? true : undefined));
    const record = api.airforce.tracker.get(id)!;
    assert.equal(record.savedPath, undefined, 'not saved in this host');
    await api.airforce.flush();
    fs.writeFileSync(dubHandOverFile(), JSON.stringify({ id, localId: record.localId }));
  });
});
