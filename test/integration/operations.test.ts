// Issue 19: Transcribe, Isolate Voice and Change Voice… on workspace files, end to end inside the
// real VS Code against the simulator the runner started: as commands with request objects (the
// upload: basename only, the key only in its header; the result files, their names and sidecar; the
// transcript faults; airforce.saveBesideSource), and from the editor title, the palette, a Tasks
// view row and Run again. Refusals, money and the views: operationGuards.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sim, waitFor } from './simControl';
import { cfg, countPosts, ISOLATION, isMp3, operationsSuite, postsTo, sha256, spending, TRANSCRIPTIONS, VOICE_CHANGER } from './operationHelpers';

suite('Operations on workspace files (transcribe, isolate, change a voice)', () => {
  const s = operationsSuite();
  const { copy, fixture, ids, newRecords } = s;
  test('transcribe(uri, {language}) saves the transcript first, then .srt and .vtt, with a sidecar naming the source; one upload of the basename', async () => {
    const source = await copy('sample.mp4', 'talks/demo.mp4');
    const before = await countPosts(TRANSCRIPTIONS);
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, { language: 'en' }, { confirm: false });
    assert.deepEqual(
      uris.map((u) => path.basename(u.fsPath)),
      ['demo.transcript.txt', 'demo.srt', 'demo.vtt'],
    );
    for (const u of uris) assert.equal(path.dirname(u.fsPath), s.outDir, 'saved in the output folder');
    // sample.mp4 lasts 3 s: the simulator hears one sentence per 2 s.
    assert.equal(await fs.readFile(uris[0]!.fsPath, 'utf8'), 'Hello from the simulator. Sentence 2.\n');
    const srt = await fs.readFile(uris[1]!.fsPath, 'utf8');
    assert.match(srt, /^1\n00:00:00,000 --> 00:00:02,000\nHello from the simulator\.\n\n2\n00:00:02,000 --> 00:00:03,0\d\d\nSentence 2\.\n$/);
    const vtt = await fs.readFile(uris[2]!.fsPath, 'utf8');
    assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> 00:00:02\.000\nHello from the simulator\.\n/);

    const side = JSON.parse(await fs.readFile(path.join(s.outDir, 'demo.transcript.json'), 'utf8')) as Record<string, unknown>;
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
    assert.ok(!JSON.stringify(post).includes(s.dir), 'no local folder in the request');
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
    const side = JSON.parse(await fs.readFile(path.join(s.outDir, 'take.one.transcript-2.json'), 'utf8')) as Record<string, unknown>;
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
    const record = s.api.airforce.tracker.records().find((r) => r.files?.[0] === retried[0]!.fsPath);
    assert.ok(record?.settledCostCents !== undefined && record.settledCostCents > 0);
    const after = await waitFor('the ledger to settle the transcript', async () => {
      const d = await spending();
      return d.todayCents > spentBefore.todayCents ? d : undefined;
    });
    assert.ok(Math.abs(after.todayCents - spentBefore.todayCents - record.settledCostCents) < 1e-9, 'counted once');
  });

  test("a generated video's subtitles are <stem>.srt and <stem>.vtt beside it, though its sidecar is <stem>.json", async () => {
    // A video this extension saved: clip.mp4 and its sidecar clip.json, in the output folder.
    const video = path.join(s.outDir, 'generated-clip.mp4');
    await fs.mkdir(s.outDir, { recursive: true });
    await fs.copyFile(fixture('sample.mp4'), video);
    await fs.writeFile(path.join(s.outDir, 'generated-clip.json'), JSON.stringify({ generator: 'airforce-media', result_file: 'generated-clip.mp4' }));
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', vscode.Uri.file(video), {}, { confirm: false });
    assert.deepEqual(
      uris.map((u) => path.basename(u.fsPath)),
      ['generated-clip.transcript.txt', 'generated-clip.srt', 'generated-clip.vtt'],
    );
    const videoSidecar = JSON.parse(await fs.readFile(path.join(s.outDir, 'generated-clip.json'), 'utf8')) as Record<string, unknown>;
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
    const side = JSON.parse(await fs.readFile(path.join(s.outDir, 'studio.adam.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(side.kind, 'voiceChange');
    assert.equal(side.voice, 'adam');
    assert.equal((await postsTo(VOICE_CHANGER)).at(-1)?.body?.fields.voice, 'adam');

    const before = await countPosts(VOICE_CHANGER);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.changeVoice', source, {}, { confirm: false })), /\bvoice\b/);
    assert.equal(await countPosts(VOICE_CHANGER), before, 'nothing sent');
  });

  test('from the editor title (the file, then its group) and the palette (the active media file) it asks as a menu does, and saves', async () => {
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

    // Dub into… from the editor title asks the languages (accepted here: the first of each list).
    const dubs = await countPosts('/v1/audio/dubbing');
    let settled = false;
    const dubbing = Promise.resolve(vscode.commands.executeCommand('airforce.dub', source, { groupId: 1 })).finally(() => (settled = true));
    for (let waited = 0; !settled && waited < 15_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.equal(await dubbing, undefined, 'the interactive flow leaves the job to the Tasks view');
    // Created from the tracker's queue, like a video: a moment after the command resolved.
    const sent = await waitFor('the dubbing create', async () => {
      const creates = (await postsTo('/v1/audio/dubbing')).slice(dubs);
      return creates.length > 0 ? creates : undefined;
    });
    assert.equal(sent.length, 1, 'one dubbing create');
    assert.equal(sent[0]?.body?.fields.target_lang, 'en');
  });

  test('from a saved result in the Tasks view (its row id); Run again finds a source renamed in its folder, not one whose content changed', async () => {
    const source = await copy('tone.wav', 'again/first.wav');
    const [transcript] = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, { language: 'en' }, { confirm: false });
    const first = s.api.airforce.tracker.records().find((r) => r.files?.[0] === transcript!.fsPath)!;
    // A row's menu passes its local id (and the selection): the job's saved file is the source.
    const voiceRow = s.api.airforce.tracker.records().find((r) => r.kind === 'isolate' && r.status === 'completed')!;
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
});
