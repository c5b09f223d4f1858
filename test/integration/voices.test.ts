// Issue 19, Clone a Voice: the voice commands as an API, end to end inside the real VS Code against
// the simulator the runner started (AIRFORCE_SIM_URL): the consent's hash and the samples as `files`
// parts, the refusals that send nothing (consent not accepted, price not accepted, budget), a stale
// consent, and the new voice in GET /v1/audio/voices and the Models view's Speech → My voices, then
// renamed and deleted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import type { ModelNode } from '../../src/views/modelsTree';
import { sim } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';

const CLONE = '/v1/voices/clone';
type Upload = { fields: Record<string, string | string[]>; files: { field: string; filename: string; size: number }[] };

const count = async (method: string, p: string | RegExp): Promise<number> =>
  (await simRequests()).filter((r) => r.method === method && (typeof p === 'string' ? r.path === p : p.test(r.path))).length;

/** The voices under Speech → My voices, as the Models view's provider gives them. */
async function myVoices(api: AirforceExtensionApi): Promise<{ id: string; label: string }[]> {
  const tree = api.modelsTree;
  const speech = ((await tree.getChildren()) ?? []).find((n) => n.type === 'airforce.modelGroup' && n.group === 'speech');
  assert.ok(speech, 'the Models view has a Speech group');
  const node = ((await tree.getChildren(speech)) ?? []).find((n) => n.type === 'airforce.myVoices');
  if (!node) return [];
  const rows = ((await tree.getChildren(node)) ?? []) as ModelNode[];
  return rows.map((r) => {
    const item = tree.getTreeItem(r) as vscode.TreeItem;
    assert.equal(item.contextValue, 'airforce.clonedVoice');
    return { id: String(item.description), label: String(item.label) };
  });
}

suite('Clone a Voice (commands as an API, against the simulator)', () => {
  let api: AirforceExtensionApi;
  let sample: vscode.Uri;
  let voiceId: string;

  suiteSetup(async () => {
    let workspace: string;
    ({ api, workspace } = await simSuiteSetup());
    const dir = path.join(workspace, 'voice-samples');
    await fs.mkdir(dir, { recursive: true });
    const target = path.join(dir, 'take one.wav');
    await fs.copyFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'tone.wav'), target);
    sample = vscode.Uri.file(target);
  });

  suiteTeardown(async () => {
    await sim('DELETE', '/__sim/faults');
    const cfg = vscode.workspace.getConfiguration('airforce');
    await cfg.update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
  });

  test('cloneVoice with a request object and {confirm:false} sends one clone with the consent hash and the sample as a files part', async () => {
    const before = await count('POST', CLONE);
    const consent = await sim<{ text: string; hash: string }>('GET', '/v1/voices/consent-text');
    voiceId = await vscode.commands.executeCommand<string>('airforce.cloneVoice', { name: 'Narrator', files: [sample], acceptConsent: true }, { confirm: false });
    assert.equal(typeof voiceId, 'string');
    assert.ok(voiceId.length > 0);
    const clones = (await simRequests<Upload>()).filter((r) => r.method === 'POST' && r.path === CLONE);
    assert.equal(clones.length, before + 1, 'one POST /v1/voices/clone');
    const body = clones.at(-1)!.body!;
    assert.equal(clones.at(-1)!.status, 200);
    assert.equal(body.fields.consent_hash, consent.hash);
    assert.equal(body.fields.name, 'Narrator');
    assert.deepEqual(
      body.files.map((f) => [f.field, f.filename]),
      [['files', 'take one.wav']],
      'the sample travels as a files part under its base name only',
    );
    assert.equal(body.files[0]!.size, (await fs.stat(sample.fsPath)).size);
  });

  test('the new voice is listed by GET /v1/audio/voices as cloned and under Speech → My voices', async () => {
    const listed = (await api.airforce.client.audio.voices()).find((v) => v.voice_id === voiceId);
    assert.equal(listed?.name, 'Narrator');
    assert.equal(listed?.category, 'cloned');
    assert.deepEqual(await myVoices(api), [{ id: voiceId, label: 'Narrator' }]);
  });

  test('without acceptConsent: true the request is refused naming the consent and the command to read it; nothing is sent', async () => {
    const before = await count('POST', CLONE);
    for (const acceptConsent of [undefined, false, 'true']) {
      await assert.rejects(
        async () =>
          vscode.commands.executeCommand(
            'airforce.cloneVoice',
            { name: 'No consent', files: [sample], ...(acceptConsent === undefined ? {} : { acceptConsent }) },
            { confirm: false },
          ),
        (e: Error) => /consent text must be accepted/.test(e.message) && /Airforce: Clone a Voice…/.test(e.message) && /acceptConsent: true/.test(e.message),
      );
    }
    assert.equal(await count('POST', CLONE), before);
  });

  test('an invalid request (no name, a missing file, a text file) is refused before anything is sent', async () => {
    const before = await count('POST', CLONE);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: ' ', files: [sample], acceptConsent: true }, /name must be a non-empty text/],
      [{ name: 'N', files: [], acceptConsent: true }, /files must list at least one/],
      [{ name: 'N', files: [vscode.Uri.file(path.join(path.dirname(sample.fsPath), 'gone.wav'))], acceptConsent: true }, /gone\.wav does not exist/],
      [{ name: 'N', files: [vscode.Uri.file(path.join(path.dirname(sample.fsPath), 'notes.txt'))], acceptConsent: true }, /notes\.txt is not an audio or video sample/],
      [{ name: 'N', files: [sample.fsPath], acceptConsent: true }, /files\[0\] is not a local file Uri/],
    ];
    for (const [request, message] of cases) {
      await assert.rejects(async () => vscode.commands.executeCommand('airforce.cloneVoice', request, { confirm: false }), message);
    }
    assert.equal(await count('POST', CLONE), before);
  });

  test('the unknown price is refused unless {confirm:false}, and a budget cannot cover it; nothing is sent', async () => {
    const before = await count('POST', CLONE);
    const consentReads = await count('GET', '/v1/voices/consent-text');
    const request = { name: 'Unconfirmed', files: [sample], acceptConsent: true };
    await assert.rejects(async () => vscode.commands.executeCommand('airforce.cloneVoice', request), /unknown.*airforce\.confirmCostAboveCents.*\{confirm: false\}/);
    const cfg = vscode.workspace.getConfiguration('airforce');
    await cfg.update('budgetCents', 10_000, vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(async () => vscode.commands.executeCommand('airforce.cloneVoice', request, { confirm: false }), /price of this request is unknown.*Nothing was sent/);
    } finally {
      await cfg.update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await count('POST', CLONE), before);
    assert.equal(await count('GET', '/v1/voices/consent-text'), consentReads, 'the consent text is read only once the cost is accepted');
  });

  test('a stale consent (consent_stale) rejects with a clear error and makes no voice', async () => {
    await sim('POST', '/__sim/faults', { fault: 'consent-stale', times: 1 });
    const before = (await api.airforce.client.audio.voices()).length;
    await assert.rejects(
      async () => vscode.commands.executeCommand('airforce.cloneVoice', { name: 'Stale', files: [sample], acceptConsent: true }, { confirm: false }),
      /consent text for voice cloning changed.*nothing was cloned.*Airforce: Clone a Voice…/,
    );
    const last = (await simRequests()).filter((r) => r.method === 'POST' && r.path === CLONE).at(-1);
    assert.equal(last?.status, 400);
    const voices = await api.airforce.client.audio.voices();
    assert.equal(voices.length, before);
    assert.ok(!voices.some((v) => v.name === 'Stale'));
  });

  test('renameVoice(id, name) renames without a dialog (PATCH), and My voices follows', async () => {
    const before = await count('PATCH', `${CLONE}/${voiceId}`);
    await vscode.commands.executeCommand('airforce.renameVoice', voiceId, 'Storyteller');
    assert.equal(await count('PATCH', `${CLONE}/${voiceId}`), before + 1);
    assert.equal((await api.airforce.client.audio.voices()).find((v) => v.voice_id === voiceId)?.name, 'Storyteller');
    assert.deepEqual(await myVoices(api), [{ id: voiceId, label: 'Storyteller' }]);
    await assert.rejects(async () => vscode.commands.executeCommand('airforce.renameVoice', voiceId, '  '), /non-empty/);
  });

  test('deleteVoice(id, {confirm:false}) deletes without asking (DELETE); the voice leaves the list and My voices; a default voice naming it is cleared', async () => {
    const cfg = () => vscode.workspace.getConfiguration('airforce');
    await cfg().update('defaultVoice', voiceId, vscode.ConfigurationTarget.Global);
    const deleted = await vscode.commands.executeCommand<boolean>('airforce.deleteVoice', voiceId, { confirm: false });
    assert.equal(deleted, true);
    assert.equal(await count('DELETE', `${CLONE}/${voiceId}`), 1);
    assert.ok(!(await api.airforce.client.audio.voices()).some((v) => v.voice_id === voiceId));
    assert.deepEqual(await myVoices(api), []);
    assert.equal(cfg().inspect<string>('defaultVoice')?.globalValue, undefined, 'airforce.defaultVoice no longer names the deleted voice');
  });
});
