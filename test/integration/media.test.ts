// Issue 8 "Then the kinds": the image and audio commands as an API, end to end inside the real
// VS Code, against the simulator the runner started (AIRFORCE_SIM_URL).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { simRequests, simSuiteSetup } from './suiteHelpers';

const posts = async (p: string): Promise<number> => (await simRequests()).filter((r) => r.method === 'POST' && r.path === p).length;

const fixture = (api: AirforceExtensionApi, name: string): Promise<Buffer> => fs.readFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', name));
const sidecarOf = async (uri: vscode.Uri): Promise<Record<string, unknown>> =>
  JSON.parse(await fs.readFile(uri.fsPath.replace(/\.[^./\\]+$/, '.json'), 'utf8')) as Record<string, unknown>;

suite('Images and audio (commands as an API, against the simulator)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;

  suiteSetup(async () => {
    ({ api, workspace } = await simSuiteSetup());
  });

  // Speak Selection opens its audio in an editor (a media preview webview): leave the workbench as
  // the UI checks that follow expect to find it.
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('generateImage with n=2 saves two files with the served bytes and full sidecars', async () => {
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.generateImage', { model: 'flux-2-dev', prompt: 'A lighthouse at dusk', n: 2 });
    assert.equal(uris.length, 2);
    const png = await fixture(api, 'demo-image.png');
    for (const uri of uris) {
      assert.ok(uri instanceof vscode.Uri);
      assert.ok((await fs.readFile(uri.fsPath)).equals(png), `${uri.fsPath} holds the served PNG`);
      const side = await sidecarOf(uri);
      assert.equal(side.kind, 'image');
      assert.equal(side.model, 'flux-2-dev');
      assert.equal(side.prompt, 'A lighthouse at dusk');
      assert.equal(side.generator, 'airforce-media');
      assert.equal(side.result_file, path.basename(uri.fsPath));
      assert.equal(typeof side.cost_cents_request, 'number');
      assert.ok(typeof side.request_id === 'string' && side.request_id !== '');
      assert.ok(side.created !== undefined);
    }
    assert.notEqual(uris[0]!.fsPath, uris[1]!.fsPath);
  });

  test('the key never reaches a result URL: /files/ requests carry no authorization', async () => {
    await vscode.commands.executeCommand<vscode.Uri[]>('airforce.generateImage', { model: 'flux-2-dev', prompt: 'Key check', response_format: 'url' });
    const files = (await simRequests()).filter((r) => r.path.startsWith('/files/'));
    assert.ok(files.length > 0, 'a result URL was downloaded');
    for (const f of files) {
      const auth = Object.entries(f.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization');
      assert.equal(auth, undefined, `${f.path} was fetched without a key`);
    }
  });

  test('editImage sends the workspace image as b64_json and resolves to the edited images', async () => {
    const png = await fixture(api, 'demo-image.png');
    const target = path.join(workspace, 'edit-me.png');
    await fs.writeFile(target, png);
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.editImage', vscode.Uri.file(target), { prompt: 'Make it winter', model: 'flux-2-dev' });
    assert.equal(uris.length, 1);
    assert.ok((await fs.readFile(uris[0]!.fsPath)).length > 0);
    const last = (await simRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/images/generations').at(-1);
    const images = last?.body?.input_images as { b64_json?: unknown }[] | undefined;
    assert.ok(images?.[0]?.b64_json !== undefined, 'input_images[0] was sent as b64_json');
  });

  test('fh#5 sidecars: an edited image names its input relative to the workspace; n images record the request total and each its share', async () => {
    const png = await fixture(api, 'demo-image.png');
    await fs.mkdir(path.join(workspace, 'pics'), { recursive: true });
    const target = path.join(workspace, 'pics', 'winter-me.png');
    await fs.writeFile(target, png);
    const [edited] = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.editImage', vscode.Uri.file(target), { prompt: 'Make it snow', model: 'flux-2-dev' });
    assert.deepEqual((await sidecarOf(edited!)).input_images, ['pics/winter-me.png']);

    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.generateImage', { model: 'flux-2-dev', prompt: 'Two shares', n: 2 });
    const sides = await Promise.all(uris.map(sidecarOf));
    const total = sides[0]!.cost_cents_request as number;
    assert.ok(total > 0, 'the request total is recorded');
    for (const side of sides) {
      assert.equal(side.cost_cents_request, total);
      assert.equal(side.cost_cents_share, total / 2);
      assert.equal(side.cost_cents, undefined);
    }
  });

  test('generateSpeech, generateMusic and generateSoundEffect save the served audio bytes', async () => {
    const mp3 = await fixture(api, 'tone.mp3');
    const wav = await fixture(api, 'tone.wav');
    const speech = await vscode.commands.executeCommand<vscode.Uri>('airforce.generateSpeech', { model: 'eleven-tts-v3', input: 'Hello there', voice: 'rachel' });
    assert.ok((await fs.readFile(speech.fsPath)).equals(mp3));
    const side = await sidecarOf(speech);
    assert.equal(side.kind, 'speech');
    assert.equal(side.input, 'Hello there');
    const music = await vscode.commands.executeCommand<vscode.Uri>('airforce.generateMusic', { model: 'eleven-music-v1', prompt: 'Calm piano', music_length_ms: 10_000 });
    assert.ok((await fs.readFile(music.fsPath)).equals(mp3));
    const sfx = await vscode.commands.executeCommand<vscode.Uri>('airforce.generateSoundEffect', {
      model: 'eleven-sfx-v2',
      prompt: 'A door creaks',
      duration_seconds: 2,
      response_format: 'pcm_44100',
    });
    assert.ok((await fs.readFile(sfx.fsPath)).equals(wav));
    assert.equal((await sidecarOf(sfx)).kind, 'sfx');
  });

  test('an invalid request rejects naming the field and its allowed values, and sends nothing', async () => {
    const images = await posts('/v1/images/generations');
    await assert.rejects(async () => vscode.commands.executeCommand('airforce.generateImage', { model: 'flux-2-dev', prompt: 'Too many', n: 9 }), /\bn\b.*1 to 4/);
    assert.equal(await posts('/v1/images/generations'), images);
    const speech = await posts('/v1/audio/speech');
    await assert.rejects(
      async () => vscode.commands.executeCommand('airforce.generateSpeech', { model: 'eleven-tts-v3', input: 'Fast', voice: 'rachel', speed: 9 }),
      /speed.*0\.25.*4/,
    );
    assert.equal(await posts('/v1/audio/speech'), speech);
  });

  test('without arguments each command opens the Generate panel on its kind, resolves to nothing and sends nothing', async () => {
    const postsBefore = (await simRequests()).filter((r) => r.method === 'POST').length;
    // The webview tab's viewType carries the panel's (VS Code prefixes it).
    const panelTabs = (): vscode.Tab[] =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('airforce.generateVideo'));
    for (const id of ['generateImage', 'generateSpeech', 'generateMusic', 'generateSoundEffect']) {
      assert.equal(await vscode.commands.executeCommand(`airforce.${id}`), undefined, id);
      // The tab model reaches the extension host a moment after the panel is created.
      for (let waited = 0; panelTabs().length === 0 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      assert.equal(panelTabs().length, 1, `${id} shows the one panel`);
    }
    // Loading the models (GET) is fine; nothing was generated.
    assert.equal((await simRequests()).filter((r) => r.method === 'POST').length, postsBefore);
    await vscode.window.tabGroups.close(panelTabs());
  });

  test('a cost above airforce.confirmCostAboveCents is refused naming the setting unless {confirm:false}', async () => {
    const cfg = vscode.workspace.getConfiguration('airforce');
    await cfg.update('confirmCostAboveCents', 1, vscode.ConfigurationTarget.Global);
    try {
      const before = await posts('/v1/images/generations');
      await assert.rejects(
        async () => vscode.commands.executeCommand('airforce.generateImage', { model: 'flux-2-dev', prompt: 'Pricey', n: 4 }),
        /airforce\.confirmCostAboveCents/,
      );
      assert.equal(await posts('/v1/images/generations'), before);
      const uris = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.generateImage', { model: 'flux-2-dev', prompt: 'Pricey', n: 4 }, { confirm: false });
      assert.equal(uris.length, 4);
    } finally {
      await cfg.update('confirmCostAboveCents', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('speakSelection turns the selection into an MP3 and opens it', async () => {
    const cfg = vscode.workspace.getConfiguration('airforce');
    await cfg.update('defaultSpeechModel', 'eleven-tts-v3', vscode.ConfigurationTarget.Global);
    await cfg.update('defaultVoice', 'adam', vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument({ content: 'Read this sentence aloud.\nNot this one.' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 25);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('airforce.speakSelection');
      const bytes = await fs.readFile(uri.fsPath);
      const mp3 = (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0);
      assert.ok(mp3, 'the file starts with MP3 magic bytes');
      const last = (await simRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/audio/speech').at(-1);
      assert.equal(last?.body?.voice, 'adam');
      assert.equal((await sidecarOf(uri)).input, 'Read this sentence aloud.');
      // With nothing selected: a clear error.
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await assert.rejects(async () => vscode.commands.executeCommand('airforce.speakSelection'), /Select the text/);
    } finally {
      await cfg.update('defaultSpeechModel', undefined, vscode.ConfigurationTarget.Global);
      await cfg.update('defaultVoice', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
