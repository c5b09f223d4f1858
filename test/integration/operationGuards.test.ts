// Issue 19, the operations on workspace files inside the real VS Code against the simulator: what
// is refused before anything is sent (a file outside the workspace or not media, a cost above
// airforce.confirmCostAboveCents or an unknown one without {confirm:false}, the budget), the
// server's 413 (failed, retryable, nothing spent), and a transcription's Tasks view row and ledger.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sim, waitFor } from './simControl';
import { cfg, countPosts, ISOLATION, operationsSuite, spending, TRANSCRIPTIONS, VOICE_CHANGER } from './operationHelpers';

suite('Operations on workspace files: refusals, money and the Tasks view', () => {
  const s = operationsSuite();
  const { copy, fixture, ids, newRecords } = s;
  test('a file outside the workspace and a file that is not media are refused before anything is sent', async () => {
    const outside = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'airforce-ops-')), 'elsewhere.wav');
    await fs.copyFile(fixture('tone.wav'), outside);
    const notes = path.join(s.dir, 'notes.txt');
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
    // A model without a per-minute price: "price unknown" always needs the say-so.
    const transcriptions = await countPosts(TRANSCRIPTIONS);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('airforce.transcribe', source, { model: 'scribe-v1' })),
      /price unknown: scribe-v1 lists no price.*\{confirm: false\}/,
    );
    assert.equal(await countPosts(TRANSCRIPTIONS), transcriptions, 'nothing sent');
    const unpriced = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, { model: 'scribe-v1' }, { confirm: false });
    assert.equal(path.basename(unpriced[0]!.fsPath), 'pricey.transcript.txt');
    const spent = await spending();
    // Less than the 1.5 ¢ left: a real budget that this change overruns.
    await cfg().update('budgetCents', Math.max(1, Math.ceil(spent.todayCents + spent.inFlightCents)), vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('airforce.changeVoice', source, { voice: 'rachel' }, { confirm: false })), (e: Error) => {
        assert.match(e.message, /^Budget of \$\d+\.\d\d per day: .*Nothing was sent\.$/);
        return true;
      });
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('airforce.transcribe', source, { model: 'scribe-v1' }, { confirm: false })),
        /Budget of .* the price of this request is unknown/,
      );
    } finally {
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('budgetPeriod', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await countPosts(VOICE_CHANGER), before, 'nothing sent');
    assert.equal(await countPosts(TRANSCRIPTIONS), transcriptions + 1, 'only the accepted unpriced transcript');
  });

  test('the Tasks view shows a saved transcription, and the ledger counts its cost under transcribe', async () => {
    const source = await copy('sample.mp4', 'ledger.mp4');
    const spentBefore = await spending();
    const todayBefore = spentBefore.days.at(-1)?.byKind.transcribe ?? 0;
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', source, {}, { confirm: false });
    const record = s.api.airforce.tracker.records().find((r) => r.files?.[0] === uris[0]!.fsPath);
    assert.ok(record, 'the job is tracked');
    assert.equal(record.kind, 'transcribe');
    assert.deepEqual(
      record.files,
      uris.map((u) => u.fsPath),
    );
    const item = await s.api.tasksTree.getTreeItem(record.localId);
    assert.equal(item.contextValue, 'airforce.task.transcribe.completed.saved');
    // The row's Open Transcript (the menu's words for a text result) opens the transcript.
    await vscode.commands.executeCommand('airforce.openTranscript', record.localId);
    await waitFor('the transcript to be the active tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
      return input?.uri?.fsPath === uris[0]!.fsPath || undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
