// Issue 19: Transcribe, Isolate Voice and Change Voice… on workspace files, as commands with request
// objects, end to end inside the real VS Code against the simulator the runner started: the upload
// (basename only, the key only in its header), the result files and their sidecar, the refusals that
// send nothing (outside the workspace, not media, no voice, the confirmation threshold, the budget),
// the server's 413, the Tasks view's row and the spending ledger.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { SpendingData } from '../../src/spending/service';
import { sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup, type SimRequest } from './suiteHelpers';

const TRANSCRIPTIONS = '/v1/audio/transcriptions';
const ISOLATION = '/v1/audio/audio-isolation';
const VOICE_CHANGER = '/v1/audio/voice-changer';

interface UploadBody {
  fields: Record<string, string | string[]>;
  files: { field: string; filename: string; contentType: string; size: number; sha256: string }[];
}

const postsTo = async (p: string): Promise<Array<SimRequest<UploadBody>>> => (await simRequests<UploadBody>()).filter((r) => r.method === 'POST' && r.path === p);
const countPosts = async (p: string): Promise<number> => (await postsTo(p)).length;
const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
const spending = async (): Promise<SpendingData> => (await vscode.commands.executeCommand<SpendingData>('airforce.showSpending', { data: true }))!;
const isMp3 = (b: Buffer): boolean => (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0);

suite('Operations on workspace files (transcribe, isolate, change a voice)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;
  let dir: string;
  let outDir: string;
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');
  const fixture = (name: string): string => path.join(api.airforce.context.extensionPath, 'test', 'fixtures', name);
  /** A copy of a fixture inside the workspace (operations upload workspace files only). */
  const copy = async (name: string, as: string = name): Promise<vscode.Uri> => {
    const target = path.join(dir, as);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(fixture(name), target);
    return vscode.Uri.file(target);
  };
  const newRecords = (before: ReadonlySet<string>) => api.airforce.tracker.records().filter((r) => !before.has(r.localId));
  const ids = (): Set<string> => new Set(api.airforce.tracker.records().map((r) => r.localId));

  suiteSetup(async () => {
    ({ api, workspace } = await simSuiteSetup());
    dir = path.join(await fs.realpath(workspace), 'ops');
    outDir = path.join(await fs.realpath(workspace), 'airforce-media');
  });

  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
    for (const key of ['saveBesideSource', 'confirmCostAboveCents', 'budgetCents', 'budgetPeriod']) await cfg().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  test('transcribe(uri, {language}) saves the transcript first, then .srt and .vtt, with a sidecar naming the source; one upload of the basename', async () => {
    const source = await copy('sample.mp4', 'talks/demo.mp4');
    const before = await countPosts(TRANSCRIPTIONS);
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, { language: 'en' }, { confirm: false });
    assert.deepEqual(
      uris.map((u) => path.basename(u.fsPath)),
      ['demo.transcript.txt', 'demo.srt', 'demo.vtt'],
    );
    for (const u of uris) assert.equal(path.dirname(u.fsPath), outDir, 'saved in the output folder');
    // sample.mp4 lasts 3 s: the simulator hears one sentence per 2 s.
    assert.equal(await fs.readFile(uris[0]!.fsPath, 'utf8'), 'Hello from the simulator. Sentence 2.\n');
    const srt = await fs.readFile(uris[1]!.fsPath, 'utf8');
    assert.match(srt, /^1\n00:00:00,000 --> 00:00:02,000\nHello from the simulator\.\n\n2\n00:00:02,000 --> 00:00:03,0\d\d\nSentence 2\.\n$/);
    const vtt = await fs.readFile(uris[2]!.fsPath, 'utf8');
    assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> 00:00:02\.000\nHello from the simulator\.\n/);

    const side = JSON.parse(await fs.readFile(path.join(outDir, 'demo.transcript.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(side.kind, 'transcribe');
    assert.equal(side.model, 'whisper-1');
    assert.equal(side.language, 'en');
    assert.equal(side.result_file, 'demo.transcript.txt');
    assert.deepEqual((side.source as Record<string, unknown>).path, 'ops/talks/demo.mp4');
    assert.equal((side.source as Record<string, unknown>).sha256, await sha256(source.fsPath));
    assert.ok(typeof side.request_id === 'string' && side.request_id !== '', 'request id');
    assert.ok(typeof side.cost_cents === 'number' && side.cost_cents > 0, 'the settled cost');

    const posts = await postsTo(TRANSCRIPTIONS);
    assert.equal(posts.length, before + 1, 'exactly one POST');
    const post = posts.at(-1)!;
    assert.equal(side.request_id, post.headers?.['x-request-id'], 'the sidecar keeps the request id sent');
    assert.deepEqual(
      post.body?.files.map((f) => [f.field, f.filename]),
      [['file', 'demo.mp4']],
    );
    assert.equal(post.body?.files[0]?.sha256, await sha256(source.fsPath), 'the whole file was uploaded');
    assert.equal(post.body?.fields.language, 'en');
    assert.equal(post.body?.fields.response_format, 'verbose_json');
    assert.equal(post.headers?.authorization, 'Bearer sk-air-…');
    // Nowhere but in the Authorization header: no folder of this machine, no key, in the request.
    assert.ok(!JSON.stringify(post).includes(dir), 'no local folder in the request');
  });

  test('a second run gets -2 names; a stem with dots keeps its dots', async () => {
    const source = await copy('tone.wav', 'take.one.wav');
    const first = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    assert.deepEqual(
      first.map((u) => path.basename(u.fsPath)),
      ['take.one.transcript.txt', 'take.one.srt', 'take.one.vtt'],
    );
    const second = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    assert.deepEqual(
      second.map((u) => path.basename(u.fsPath)),
      ['take.one.transcript-2.txt', 'take.one-2.srt', 'take.one-2.vtt'],
    );
    const side = JSON.parse(await fs.readFile(path.join(outDir, 'take.one.transcript-2.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(side.result_file, 'take.one.transcript-2.txt');
  });

  test('an answer without segments saves the transcript alone; a text answer too; a refused response_format is sent once more without it', async () => {
    const source = await copy('tone.wav', 'faults.wav');
    await sim('POST', '/__sim/faults', { fault: 'transcript-no-segments', match: { path: TRANSCRIPTIONS }, times: 1 });
    const plain = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    assert.deepEqual(
      plain.map((u) => path.basename(u.fsPath)),
      ['faults.transcript.txt'],
    );
    assert.equal(await fs.readFile(plain[0]!.fsPath, 'utf8'), 'Hello from the simulator.\n');

    await sim('POST', '/__sim/faults', { fault: 'transcript-as-text', match: { path: TRANSCRIPTIONS }, times: 1 });
    const text = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    assert.deepEqual(
      text.map((u) => path.basename(u.fsPath)),
      ['faults.transcript-2.txt'],
    );
    assert.equal(await fs.readFile(text[0]!.fsPath, 'utf8'), 'Hello from the simulator.\n');

    const before = await countPosts(TRANSCRIPTIONS);
    const spentBefore = await spending();
    await sim('POST', '/__sim/faults', { fault: 'response-format-refused', match: { path: TRANSCRIPTIONS }, times: 1 });
    const retried = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    assert.equal(retried.length, 1, 'a plain JSON answer: the transcript alone');
    const posts = (await postsTo(TRANSCRIPTIONS)).slice(before);
    assert.deepEqual(
      posts.map((p) => [p.status, p.body?.fields.response_format]),
      [
        [400, 'verbose_json'],
        [200, undefined],
      ],
    );
    // Only the answered call was billed, and it is counted once.
    const record = api.airforce.tracker.records().find((r) => r.files?.[0] === retried[0]!.fsPath);
    assert.ok(record?.settledCostCents !== undefined && record.settledCostCents > 0);
    const after = await waitFor('the ledger to settle the transcript', async () => {
      const d = await spending();
      return d.todayCents > spentBefore.todayCents ? d : undefined;
    });
    assert.ok(Math.abs(after.todayCents - spentBefore.todayCents - record.settledCostCents) < 1e-9, 'counted once');
  });

  test("a generated video's subtitles are <stem>.srt and <stem>.vtt beside it, though its sidecar is <stem>.json", async () => {
    // A video this extension saved: clip.mp4 and its sidecar clip.json, in the output folder.
    const video = path.join(outDir, 'generated-clip.mp4');
    await fs.mkdir(outDir, { recursive: true });
    await fs.copyFile(fixture('sample.mp4'), video);
    await fs.writeFile(path.join(outDir, 'generated-clip.json'), JSON.stringify({ generator: 'airforce-media', result_file: 'generated-clip.mp4' }));
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', vscode.Uri.file(video), {}, { confirm: false });
    assert.deepEqual(
      uris.map((u) => path.basename(u.fsPath)),
      ['generated-clip.transcript.txt', 'generated-clip.srt', 'generated-clip.vtt'],
    );
    const videoSidecar = JSON.parse(await fs.readFile(path.join(outDir, 'generated-clip.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(videoSidecar.result_file, 'generated-clip.mp4', "the video's sidecar is left alone");
  });

  test('airforce.saveBesideSource puts the results beside the source', async () => {
    const source = await copy('tone.mp3', 'beside/voice-memo.mp3');
    await cfg().update('saveBesideSource', true, vscode.ConfigurationTarget.Global);
    try {
      const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
      for (const u of uris) assert.equal(path.dirname(u.fsPath), path.dirname(source.fsPath));
      assert.equal(path.basename(uris[0]!.fsPath), 'voice-memo.transcript.txt');
      await fs.access(path.join(path.dirname(source.fsPath), 'voice-memo.transcript.json'));
    } finally {
      await cfg().update('saveBesideSource', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('isolateVoice resolves to <stem>.voice.mp3; changeVoice({voice}) to <stem>.<voice>.mp3; without a voice nothing is sent', async () => {
    const mp3 = await fs.readFile(fixture('tone.mp3'));
    const source = await copy('tone.wav', 'studio.wav');
    const isolated = await vscode.commands.executeCommand<vscode.Uri>('airforce.isolateVoice', source, {}, { confirm: false });
    assert.ok(isolated instanceof vscode.Uri);
    assert.equal(path.basename(isolated.fsPath), 'studio.voice.mp3');
    const bytes = await fs.readFile(isolated.fsPath);
    assert.ok(isMp3(bytes) && bytes.equals(mp3), 'the served MP3');
    const iso = (await postsTo(ISOLATION)).at(-1)!;
    assert.equal(iso.body?.files[0]?.filename, 'studio.wav');

    const changed = await vscode.commands.executeCommand<vscode.Uri>('airforce.changeVoice', source, { voice: 'adam' }, { confirm: false });
    assert.equal(path.basename(changed.fsPath), 'studio.adam.mp3');
    assert.ok(isMp3(await fs.readFile(changed.fsPath)));
    const side = JSON.parse(await fs.readFile(path.join(outDir, 'studio.adam.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(side.kind, 'voiceChange');
    assert.equal(side.voice, 'adam');
    assert.equal((await postsTo(VOICE_CHANGER)).at(-1)?.body?.fields.voice, 'adam');

    const before = await countPosts(VOICE_CHANGER);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.changeVoice', source, {}, { confirm: false })), /\bvoice\b/);
    assert.equal(await countPosts(VOICE_CHANGER), before, 'nothing sent');
  });

  test('from the editor title (the file, then its group) and the palette (the active media file) it asks, here nothing, and saves', async () => {
    const source = await copy('tone.wav', 'title.wav');
    // The editor title's button passes the file and `{groupId}`: no request object.
    const fromTitle = await vscode.commands.executeCommand<vscode.Uri>('airforce.isolateVoice', source, { groupId: 1 });
    assert.equal(path.basename(fromTitle.fsPath), 'title.voice.mp3');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The palette: the active editor's media file (the only isolation model, a price under the threshold: no question).
    await vscode.commands.executeCommand('vscode.open', source);
    await waitFor('the media file to be the active tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
      return input?.uri?.fsPath === source.fsPath || undefined;
    });
    const fromPalette = await vscode.commands.executeCommand<vscode.Uri>('airforce.isolateVoice');
    assert.equal(path.basename(fromPalette.fsPath), 'title.voice-2.mp3');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('from a saved result in the Tasks view (its row id); Run again finds a source renamed in its folder, not one whose content changed', async () => {
    const source = await copy('tone.wav', 'again/first.wav');
    const [transcript] = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, { language: 'en' }, { confirm: false });
    const first = api.airforce.tracker.records().find((r) => r.files?.[0] === transcript!.fsPath)!;
    // A row's menu passes its local id (and the selection): the job's saved file is the source.
    const voiceRow = api.airforce.tracker.records().find((r) => r.kind === 'isolate' && r.status === 'completed')!;
    const fromRow = await vscode.commands.executeCommand<vscode.Uri>('airforce.isolateVoice', voiceRow.localId, [voiceRow.localId]);
    assert.equal(path.basename(fromRow.fsPath), `${path.basename(voiceRow.savedPath!, '.mp3')}.voice.mp3`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const renamed = path.join(path.dirname(source.fsPath), 'renamed.wav');
    await fs.rename(source.fsPath, renamed);
    const before = ids();
    await vscode.commands.executeCommand('airforce.rerunTask', first.localId);
    const [again] = newRecords(before);
    assert.equal(again?.kind, 'transcribe');
    assert.equal(again?.source?.path, renamed);
    assert.equal(again?.extra.language, 'en', 'the same choices');
    assert.equal(path.basename(again!.files![0]!), 'renamed.transcript.txt');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const bytes = await fs.readFile(renamed);
    bytes[bytes.length - 1] ^= 0xff;
    await fs.writeFile(renamed, bytes);
    const posts = await countPosts(TRANSCRIPTIONS);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.rerunTask', again!.localId)), /first\.wav|renamed\.wav/);
    assert.equal(await countPosts(TRANSCRIPTIONS), posts, 'nothing sent');
  });

  test('a file outside the workspace and a file that is not media are refused before anything is sent', async () => {
    const outside = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'airforce-ops-')), 'elsewhere.wav');
    await fs.copyFile(fixture('tone.wav'), outside);
    const notes = path.join(dir, 'notes.txt');
    await fs.writeFile(notes, 'not audio');
    const before = await countPosts(TRANSCRIPTIONS);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.transcribe', vscode.Uri.file(outside), {}, { confirm: false })), /outside the open workspace/);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('airforce.transcribe', vscode.Uri.file(notes), {}, { confirm: false })),
        /mp3, wav, m4a, ogg, flac, mp4, webm, mov/,
      );
      assert.equal(await countPosts(TRANSCRIPTIONS), before, 'nothing sent');
    } finally {
      await fs.rm(path.dirname(outside), { recursive: true, force: true });
    }
  });

  test("the server's 413 rejects with the too-large message; the job failed retryable and nothing is spent", async () => {
    const source = await copy('tone.wav', 'big.wav');
    const before = ids();
    const spentBefore = await spending();
    await sim('POST', '/__sim/faults', { fault: 'upload-too-large', match: { path: ISOLATION }, times: 1 });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.isolateVoice', source, {}, { confirm: false })), /too large to upload/);
    const [record] = newRecords(before);
    assert.equal(record?.kind, 'isolate');
    assert.equal(record?.status, 'failed');
    assert.equal(record?.retryable, true);
    assert.equal(record?.settledCostCents, undefined);
    const after = await waitFor('the hold to be released', async () => {
      const d = await spending();
      return Math.abs(d.inFlightCents - spentBefore.inFlightCents) < 1e-9 ? d : undefined;
    });
    assert.equal(after.todayCents, spentBefore.todayCents, 'nothing in the ledger');
  });

  test('above airforce.confirmCostAboveCents without {confirm:false} it is refused; over the budget too; nothing is sent', async () => {
    // sample.mp4 lasts 3 s: 1.5 ¢ at the voice changer's 30 ¢ a minute.
    const source = await copy('sample.mp4', 'pricey.mp4');
    const before = await countPosts(VOICE_CHANGER);
    await cfg().update('confirmCostAboveCents', 1, vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.changeVoice', source, { voice: 'rachel' })), /airforce\.confirmCostAboveCents/);
    } finally {
      await cfg().update('confirmCostAboveCents', undefined, vscode.ConfigurationTarget.Global);
    }
    const spent = await spending();
    // Less than the 1.5 ¢ left: a real budget that this change overruns.
    await cfg().update('budgetCents', Math.max(1, Math.ceil(spent.todayCents + spent.inFlightCents)), vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.changeVoice', source, { voice: 'rachel' }, { confirm: false })), (e: Error) => {
        assert.match(e.message, /^Budget of \$\d+\.\d\d per day: .*Nothing was sent\.$/);
        return true;
      });
    } finally {
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('budgetPeriod', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await countPosts(VOICE_CHANGER), before, 'nothing sent');
  });

  test('the Tasks view shows a saved transcription, and the ledger counts its cost under transcribe', async () => {
    const source = await copy('sample.mp4', 'ledger.mp4');
    const spentBefore = await spending();
    const todayBefore = spentBefore.days.at(-1)?.byKind.transcribe ?? 0;
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    const record = api.airforce.tracker.records().find((r) => r.files?.[0] === uris[0]!.fsPath);
    assert.ok(record, 'the job is tracked');
    assert.equal(record.kind, 'transcribe');
    assert.deepEqual(
      record.files,
      uris.map((u) => u.fsPath),
    );
    const item = await api.tasksTree.getTreeItem(record.localId);
    assert.equal(item.contextValue, 'airforce.task.transcribe.completed.saved');
    const cost = record.settledCostCents!;
    assert.ok(cost > 0);
    const after = await waitFor('the ledger to count the transcript', async () => {
      const d = await spending();
      const today = d.days.at(-1)?.byKind.transcribe ?? 0;
      return today > todayBefore ? today : undefined;
    });
    assert.ok(Math.abs(after - todayBefore - cost) < 1e-9, `counted ${after - todayBefore}, billed ${cost}`);
  });
});
