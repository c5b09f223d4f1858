// Issue 19 "Dub into…": dubbing jobs end to end inside the real VS Code, against the simulator. The
// create is an upload sent once; the job is polled until its track is saved as <stem>.<lang>.mp3;
// a failing job, an unknown status and a lost create are shown as such, and nothing is re-sent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';
import { DUBBING, dubPosts, workspaceFixture } from './dubbingCase';

suite('Dub into… (dubbing jobs against the simulator)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;

  suiteSetup(async () => {
    ({ api, workspace } = await simSuiteSetup());
  });

  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
  });

  test('dub resolves to the job id, polls it to completion and saves <stem>.<lang>.mp3 with its sidecar, one create', async () => {
    const uri = await workspaceFixture(api, workspace, 'tone.wav', `podcast-${Date.now().toString(36)}.wav`);
    const before = await dubPosts();
    const id = await vscode.commands.executeCommand<string>('airforce.dub', uri, { targetLanguage: 'ru' }, { confirm: false });
    assert.ok(typeof id === 'string' && id.startsWith('dub'), `a dubbing id (${id})`);
    assert.equal((await dubPosts()) - before, 1, 'one create');
    const record = await waitFor('the track saved', () => {
      const r = api.airforce.tracker.get(id);
      return r?.savedPath ? r : r?.status === 'failed' ? (assert.fail(`failed: ${r.error}`) as never) : undefined;
    });
    assert.equal(record.kind, 'dub');
    const stem = path.basename(uri.fsPath, '.wav');
    assert.equal(path.basename(record.savedPath!), `${stem}.ru.mp3`);
    const side = JSON.parse(await fs.readFile(record.savedPath!.replace(/\.mp3$/, '.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(side.kind, 'dub');
    assert.equal(side.target_lang, 'ru');
    assert.equal(side.dubbing_id, id);
    assert.equal((side.source as { path: string }).path, `recordings/${stem}.wav`);
    assert.match(String((side.source as { sha256?: string }).sha256), /^[0-9a-f]{64}$/);
    assert.equal(typeof side.cost_cents, 'number', 'the settled X-Cost-Cents of the create');
    const upload = (await simRequests()).filter((r) => r.method === 'POST' && r.path === DUBBING).pop()!;
    assert.equal(upload.headers?.authorization?.startsWith('Bearer '), true);
    assert.equal((await dubPosts()) - before, 1, 'still one create after the job finished');
    const item = await api.tasksTree.getTreeItem(record.localId);
    assert.equal(item.contextValue, 'airforce.task.dub.completed.saved');
  });

  test('a dubbing job that fails on the server is shown as failed with its reason, nothing re-sent', async () => {
    const uri = await workspaceFixture(api, workspace, 'tone.mp3', `fails-${Date.now().toString(36)}.mp3`);
    await sim('POST', '/__sim/faults', { fault: 'dubbing-fail', match: { method: 'POST', path: DUBBING }, times: 1 });
    const before = await dubPosts();
    const id = await vscode.commands.executeCommand<string>('airforce.dub', uri, { targetLanguage: 'it' }, { confirm: false });
    const record = await waitFor('the job to fail', () => (api.airforce.tracker.get(id)?.status === 'failed' ? api.airforce.tracker.get(id) : undefined));
    assert.match(record.error ?? '', /could not dub/);
    assert.equal(record.savedPath, undefined);
    assert.equal((await dubPosts()) - before, 1);
  });

  test('an unknown status is shown as such and followed until the job completes', async () => {
    const uri = await workspaceFixture(api, workspace, 'tone.wav', `odd-${Date.now().toString(36)}.wav`);
    await sim('POST', '/__sim/faults', { fault: 'dubbing-unknown-status', match: { method: 'POST', path: DUBBING }, times: 1, param: 'transmogrifying' });
    const id = await vscode.commands.executeCommand<string>('airforce.dub', uri, { targetLanguage: 'de' }, { confirm: false });
    // The simulator's clock runs fast: the odd word shows until the job completes.
    const saved = await waitFor('the track saved', () => api.airforce.tracker.get(id)?.savedPath);
    assert.match(path.basename(saved), /\.de\.mp3$/);
  });

  test('a create whose answer is lost is fate-unknown, never re-sent, and Send Again sends one more', async () => {
    const uri = await workspaceFixture(api, workspace, 'tone.wav', `lost-${Date.now().toString(36)}.wav`);
    await sim('POST', '/__sim/faults', { fault: 'reset-after-body', match: { method: 'POST', path: DUBBING }, times: 1 });
    const before = await dubPosts();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.dub', uri, { targetLanguage: 'fr' }, { confirm: false })));
    const lost = await waitFor('the fate-unknown record', () =>
      api.airforce.tracker.records().find((r) => r.kind === 'dub' && r.status === 'fate-unknown' && r.prompt.endsWith(path.basename(uri.fsPath))),
    );
    await new Promise((r) => setTimeout(r, 500)); // every chance for a (wrong) automatic re-send
    assert.equal((await dubPosts()) - before, 1, 'not re-sent on its own');
    assert.equal((await api.tasksTree.getTreeItem(lost.localId)).contextValue, 'airforce.task.dub.fate-unknown');
    const id = await vscode.commands.executeCommand<string>('airforce.sendAgain', lost.localId, { confirm: false });
    assert.ok(typeof id === 'string' && id.startsWith('dub'));
    assert.equal((await dubPosts()) - before, 2, 'one more create on the person’s say-so');
    await waitFor('the track saved', () => api.airforce.tracker.get(lost.localId)?.savedPath);
  });

  test("a create still uploading is stopped by the panel's Cancel (cancelSync): failed, never answered, not re-sent", async () => {
    // 24 MiB (more than the socket buffers hold, so the stall reaches the sender), a real WAV header.
    const bytes = 24 * 1024 * 1024;
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + bytes, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(16000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36);
    header.writeUInt32LE(bytes, 40);
    const file = path.join(workspace, 'recordings', `stalled-${Date.now().toString(36)}.wav`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, Buffer.concat([header, Buffer.alloc(bytes)]));
    await sim('POST', '/__sim/faults', { fault: 'upload-stall', match: { method: 'POST', path: DUBBING }, times: 1 });
    const before = await dubPosts();
    const created = Promise.resolve(vscode.commands.executeCommand<string>('airforce.dub', vscode.Uri.file(file), { targetLanguage: 'it' }, { confirm: false }));
    created.catch(() => undefined);
    // Its bytes are arriving (the simulator stalls after 64 KiB): the create is under way, no job id yet.
    await waitFor('the upload at the simulator', async () => (await dubPosts()) - before === 1 || undefined);
    const sending = await waitFor('the record of the create', () =>
      api.airforce.tracker.records().find((r) => r.kind === 'dub' && r.prompt.endsWith(path.basename(file)) && r.taskId === undefined),
    );
    api.airforce.tracker.cancelSync(sending.localId);
    await assert.rejects(created);
    const failed = await waitFor('the cancelled record', () =>
      api.airforce.tracker.get(sending.localId)?.status === 'failed' ? api.airforce.tracker.get(sending.localId) : undefined,
    );
    assert.equal(failed.taskId, undefined, 'no dubbing job was made');
    assert.match(failed.error ?? '', /nothing was made or billed/);
    assert.equal(failed.retryable, true, 'Try again is safe');
    const answered = (await simRequests()).filter((r) => r.method === 'POST' && r.path === DUBBING).slice(-1)[0]!;
    assert.equal(answered.status, 0, 'the simulator never answered the cancelled upload: nothing made or billed');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await dubPosts()) - before, 1, 'not re-sent');
    await fs.rm(file, { force: true });
  });

  test('without a target language the request is refused naming target_lang, nothing sent', async () => {
    const uri = await workspaceFixture(api, workspace, 'tone.wav', `nolang-${Date.now().toString(36)}.wav`);
    const before = await dubPosts();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.dub', uri, {}, { confirm: false })), /target_lang/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.dub', uri, { targetLanguage: 'not a language' }, { confirm: false })), /target_lang/);
    assert.equal((await dubPosts()) - before, 0);
  });
});
