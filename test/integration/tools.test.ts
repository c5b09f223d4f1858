// Issue 20 "The editor's own AI": the language model tools inside the real VS Code, against the
// simulator. vscode.lm.tools lists every tool with the schema package.json declares. Invoked outside
// a chat (toolInvocationToken undefined), VS Code shows a tool's confirmationMessages as a modal
// dialog — except in a window running extension tests, whose dialog service confirms without
// showing anything ("refused to show confirmation dialog in tests"): so these calls go straight
// through, and the words the person would see are checked on the same implementation's
// prepareInvocation (the extension's test API). Each kind saves the same bytes as its command with
// one POST; a refusal (budget, validation, a file outside the workspace, no key) is text, no POST.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirforceExtensionApi } from '../../src/extension';
import { KEY, sim, waitFor } from './simControl';
import { simRequests, simSuiteSetup } from './suiteHelpers';
import { workspaceFixture } from './dubbingCase';

const LONG = 90_000;

const posts = async (p?: string): Promise<number> => (await simRequests()).filter((r) => r.method === 'POST' && (p === undefined || r.path === p)).length;
const textOf = (r: vscode.LanguageModelToolResult): string => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('\n');

/** The saved files a tool's result lists ("- <path> (sidecar: <path>)"), as absolute paths with their sidecars. */
function savedFiles(workspace: string, text: string): { file: string; sidecar?: string }[] {
  return [...text.matchAll(/^- (.+?)(?: \(sidecar: (.+)\))?$/gm)].map((m) => ({ file: path.join(workspace, m[1]!), ...(m[2] ? { sidecar: path.join(workspace, m[2]) } : {}) }));
}

/** A tool invoked as an agent outside a chat would (the test window confirms without a dialog). */
async function invoke(name: string, input: object): Promise<string> {
  return textOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
}

suite('Language model tools (vscode.lm against the simulator)', () => {
  let api: AirforceExtensionApi;
  let workspace: string;
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');

  suiteSetup(async () => {
    ({ api, workspace } = await simSuiteSetup());
  });

  /** What VS Code's confirmation shows for this input: the title and the message as plain text. */
  const confirmation = async (name: string, input: object): Promise<string> => {
    const prepared = await api.languageModelTool(name)!.prepareInvocation!({ input: input as Record<string, unknown> }, new vscode.CancellationTokenSource().token);
    const messages = prepared?.confirmationMessages;
    assert.ok(messages, `${name} always asks VS Code to confirm`);
    return `${messages.title}\n${typeof messages.message === 'string' ? messages.message : messages.message.value}`;
  };

  suiteTeardown(async () => {
    await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', undefined, vscode.ConfigurationTarget.Global);
    await sim('DELETE', '/__sim/faults');
  });

  test('vscode.lm.tools lists every tool with the input schema and model description package.json declares', () => {
    const declared = (
      api.airforce.context.extension.packageJSON as { contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: object; tags: string[] }[] } }
    ).contributes.languageModelTools;
    assert.equal(declared.length, 10);
    for (const tool of declared) {
      const listed = vscode.lm.tools.find((t) => t.name === tool.name);
      assert.ok(listed, `${tool.name} is in vscode.lm.tools`);
      assert.deepEqual(listed.inputSchema, tool.inputSchema, `${tool.name}'s schema`);
      assert.equal(listed.description, tool.modelDescription);
      assert.deepEqual([...listed.tags], tool.tags);
    }
  });

  test('airforce_list_models answers with the catalog by kind, unit prices and caps, asking nothing and sending nothing', async () => {
    const before = await posts();
    const text = textOf(await vscode.lm.invokeTool('airforce_list_models', { input: {}, toolInvocationToken: undefined }));
    const listing = JSON.parse(text) as { kinds: Record<string, { id: string; prices_cents: Record<string, number>; caps?: Record<string, unknown> }[]> };
    const flux = listing.kinds.image?.find((m) => m.id === 'flux-2-dev');
    assert.equal(flux?.prices_cents.per_image, 2.5);
    assert.equal(flux?.caps?.max_n, 4);
    assert.equal(listing.kinds.video?.find((m) => m.id === 'seedance-lite')?.prices_cents.per_second, 5);
    assert.equal(listing.kinds.transcribe?.find((m) => m.id === 'whisper-1')?.prices_cents.per_minute, 0.6);
    const speech = JSON.parse(textOf(await vscode.lm.invokeTool('airforce_list_models', { input: { kind: 'speech' }, toolInvocationToken: undefined }))) as {
      kinds: Record<string, unknown[]>;
      voices: { voice_id: string }[];
    };
    assert.deepEqual(Object.keys(speech.kinds), ['speech']);
    assert.ok(speech.voices.some((v) => v.voice_id === 'rachel'));
    assert.equal(await posts(), before);
    const prepared = await api.languageModelTool('airforce_list_models')!.prepareInvocation!({ input: {} }, new vscode.CancellationTokenSource().token);
    assert.equal(prepared?.confirmationMessages, undefined, 'reading the catalog spends nothing: no confirmation');
  });

  test('image, speech, music and sound effect: the confirmation names kind, model and price; one POST each; the command’s bytes; sidecar and cost', async function () {
    this.timeout(LONG);
    const cases = [
      {
        tool: 'airforce_generate_image',
        command: 'airforce.generateImage',
        endpoint: '/v1/images/generations',
        input: { model: 'flux-2-dev', prompt: 'A tool-made lighthouse' },
        kind: /image/i,
        price: /\$0\.025/,
      },
      {
        tool: 'airforce_generate_speech',
        command: 'airforce.generateSpeech',
        endpoint: '/v1/audio/speech',
        input: { model: 'eleven-tts-v3', input: 'Hello from a tool', voice: 'rachel' },
        kind: /speech/i,
        price: /\$0\.00/,
      },
      {
        tool: 'airforce_generate_music',
        command: 'airforce.generateMusic',
        endpoint: '/v1/audio/music',
        input: { model: 'eleven-music-v1', prompt: 'Calm piano', music_length_ms: 15_000 },
        kind: /music/i,
        price: /\$0\.20/,
      },
      {
        tool: 'airforce_generate_sound_effect',
        command: 'airforce.generateSoundEffect',
        endpoint: '/v1/audio/sound-effects',
        input: { model: 'eleven-sfx-v2', prompt: 'A door creaks', duration_seconds: 2 },
        kind: /sound effect/i,
        price: /\$0\.02/,
      },
    ];
    for (const c of cases) {
      const before = await posts(c.endpoint);
      const dialog = await confirmation(c.tool, c.input);
      const text = await invoke(c.tool, c.input);
      assert.match(dialog, c.kind, `${c.tool}: the dialog names the kind`);
      assert.match(dialog, new RegExp(c.input.model), `${c.tool}: the dialog names the model`);
      assert.match(dialog, c.price, `${c.tool}: the dialog shows the price`);
      assert.equal((await posts(c.endpoint)) - before, 1, `${c.tool}: one POST`);
      const saved = savedFiles(workspace, text);
      assert.equal(saved.length, 1, `${c.tool} lists its file: ${text}`);
      assert.ok(saved[0]!.sidecar, `${c.tool} names the sidecar`);
      assert.equal((JSON.parse(await fs.readFile(saved[0]!.sidecar!, 'utf8')) as { model: string }).model, c.input.model);
      assert.match(text, /Cost: \$\d/, `${c.tool} says what it cost`);
      const byCommand = await vscode.commands.executeCommand<vscode.Uri | vscode.Uri[]>(c.command, c.input, { confirm: false });
      const commandFile = Array.isArray(byCommand) ? byCommand[0]! : byCommand;
      assert.ok((await fs.readFile(saved[0]!.file)).equals(await fs.readFile(commandFile.fsPath)), `${c.tool} saved the bytes the command saves`);
    }
  });

  test('video: the tool waits for the MP4 (the same bytes as the command’s), one create', async function () {
    this.timeout(LONG);
    const input = { model: 'seedance-lite', prompt: 'A paper boat on a stream', duration_seconds: 4 };
    const taskId = await vscode.commands.executeCommand<string>('airforce.generateVideo', input, { confirm: false });
    const before = await posts('/v1/video/generations');
    const dialog = await confirmation('airforce_generate_video', input);
    const text = await invoke('airforce_generate_video', input);
    assert.match(dialog, /video/i);
    assert.match(dialog, /\$0\.20/, 'the confirmation shows 4 s × 5 ¢');
    assert.equal((await posts('/v1/video/generations')) - before, 1);
    const [saved] = savedFiles(workspace, text);
    assert.ok(saved && saved.file.endsWith('.mp4') && saved.sidecar, text);
    const byCommand = await waitFor('the command’s video', () => api.airforce.tracker.get(taskId)?.savedPath, LONG);
    assert.ok((await fs.readFile(saved.file)).equals(await fs.readFile(byCommand)));
  });

  test('cancelling a video invocation stops the wait, never the task: it is saved later and the text says where', async function () {
    this.timeout(LONG);
    const source = new vscode.CancellationTokenSource();
    const known = new Set(api.airforce.tracker.records().map((r) => r.localId));
    // VS Code rejects a cancelled vscode.lm.invokeTool itself (its result is dropped): the implementation is called directly.
    const input = { model: 'seedance-lite', prompt: 'A slow sunrise', duration_seconds: 8 };
    const running = Promise.resolve(api.languageModelTool('airforce_generate_video')!.invoke({ input, toolInvocationToken: undefined }, source.token));
    const record = await waitFor('the tool’s task created', () => api.airforce.tracker.records().find((r) => !known.has(r.localId) && r.kind === 'video' && r.taskId));
    source.cancel();
    const text = textOf((await running)!);
    assert.match(text, /Stopped waiting/);
    assert.match(text, /Tasks view/);
    const saved = await waitFor('the cancelled wait’s video saved anyway', () => api.airforce.tracker.get(record.localId)?.savedPath, LONG);
    assert.ok(saved.endsWith('.mp4'));
    const deletes = (await simRequests()).filter((r) => r.method === 'DELETE' && r.path.includes(record.taskId!));
    assert.equal(deletes.length, 0, 'nothing was cancelled on the server');
  });

  test('transcribe: a workspace-relative file gives the transcript and subtitles the command gives; a path outside is refused as text, no POST', async function () {
    this.timeout(LONG);
    const uri = await workspaceFixture(api, workspace, 'tone.mp3', `tool-talk-${Date.now().toString(36)}.mp3`);
    const relative = path.relative(workspace, uri.fsPath);
    const before = await posts('/v1/audio/transcriptions');
    const dialog = await confirmation('airforce_transcribe', { file: relative, model: 'whisper-1' });
    const text = await invoke('airforce_transcribe', { file: relative, model: 'whisper-1' });
    assert.match(dialog, new RegExp(path.basename(uri.fsPath).replace(/\./g, '\\.')), 'the dialog names the file');
    assert.match(dialog, /whisper-1/);
    assert.equal((await posts('/v1/audio/transcriptions')) - before, 1);
    const saved = savedFiles(workspace, text);
    assert.ok(saved.length >= 1 && saved[0]!.file.endsWith('.transcript.txt'), text);
    const byCommand = await vscode.commands.executeCommand<vscode.Uri[]>('airforce.transcribe', uri, { model: 'whisper-1' }, { confirm: false });
    assert.equal(byCommand.length, saved.length);
    for (const [i, f] of saved.entries()) assert.equal(await fs.readFile(f.file, 'utf8'), await fs.readFile(byCommand[i]!.fsPath, 'utf8'));

    const missing = await invoke('airforce_transcribe', { file: '../../etc/hostname.mp3' });
    assert.match(missing, /^Not sent: .*not a file in the workspace/);
    // A file that exists outside, by its absolute path or through a link inside the workspace.
    const elsewhere = path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'tone.mp3');
    const link = path.join(path.dirname(uri.fsPath), `link-${Date.now().toString(36)}.mp3`);
    await fs.symlink(elsewhere, link);
    for (const file of [elsewhere, path.relative(workspace, link)]) {
      assert.match(await invoke('airforce_transcribe', { file }), /^Not sent: .*outside the open workspace folders/, file);
    }
    assert.equal((await posts('/v1/audio/transcriptions')) - before, 2, 'only the command’s POST since');
  });

  test('an image tool edits workspace images given as relative paths (sent as base64); one outside the workspace is refused', async () => {
    const target = path.join(workspace, `tool-edit-${Date.now().toString(36)}.png`);
    await fs.copyFile(path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'demo-image.png'), target);
    const input = { model: 'flux-2-dev', prompt: 'Make it winter', input_images: [path.basename(target)] };
    assert.match(await confirmation('airforce_generate_image', input), new RegExp(path.basename(target).replace(/\./g, '\\.')));
    const text = await invoke('airforce_generate_image', input);
    assert.equal(savedFiles(workspace, text).length, 1, text);
    const sent = (await simRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/images/generations').at(-1);
    assert.ok((sent?.body?.input_images as { b64_json?: string }[] | undefined)?.[0]?.b64_json, 'the image went as base64');
    const before = await posts();
    const outside = path.join(api.airforce.context.extensionPath, 'test', 'fixtures', 'demo-image.png');
    assert.match(await invoke('airforce_generate_image', { ...input, input_images: [outside] }), /^Not sent: .*outside the open workspace folders/);
    assert.equal(await posts(), before);
  });

  test('isolate voice, change voice and dub: one upload each, the results saved beside the record, the dub waited for', async function () {
    this.timeout(LONG);
    const cases = [
      { tool: 'airforce_isolate_voice', endpoint: '/v1/audio/audio-isolation', input: {}, suffix: /\.voice\.mp3$/ },
      { tool: 'airforce_change_voice', endpoint: '/v1/audio/voice-changer', input: { voice: 'adam', voice_name: 'Adam' }, suffix: /\.Adam\.mp3$/i },
      { tool: 'airforce_dub', endpoint: '/v1/audio/dubbing', input: { target_lang: 'it' }, suffix: /\.it\.mp3$/ },
    ];
    for (const c of cases) {
      const uri = await workspaceFixture(api, workspace, 'tone.wav', `tool-${c.tool.replace(/_/g, '-')}-${Date.now().toString(36)}.wav`);
      const input = { file: path.relative(workspace, uri.fsPath), ...c.input };
      assert.match(await confirmation(c.tool, input), /\$0\.0/, `${c.tool}: priced per minute of the file`);
      const before = await posts(c.endpoint);
      const text = await invoke(c.tool, input);
      assert.equal((await posts(c.endpoint)) - before, 1, `${c.tool}: one upload`);
      const [saved] = savedFiles(workspace, text);
      assert.ok(saved && c.suffix.test(saved.file) && saved.sidecar, `${c.tool}: ${text}`);
      assert.ok((await fs.stat(saved.file)).size > 0);
    }
  });

  test('the budget refuses an over-budget invocation as text naming what is left, with no POST', async () => {
    await cfg().update('budgetCents', 1, vscode.ConfigurationTarget.Global);
    await cfg().update('budgetPeriod', 'day', vscode.ConfigurationTarget.Global);
    try {
      const before = await posts();
      const input = { model: 'imagen-4', prompt: 'Over budget' };
      const dialog = await confirmation('airforce_generate_image', input);
      const text = await invoke('airforce_generate_image', input);
      assert.match(dialog, /\$0\.04/, 'the confirmation still shows the price');
      assert.match(text, /^Not sent: Budget of \$0\.01 per day: .* left; this costs about \$0\.04\. Nothing was sent\./);
      assert.equal(await posts(), before, 'no POST');
    } finally {
      await cfg().update('budgetCents', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a validation problem and input that does not fit the schema come back as text naming the field, with no POST', async () => {
    const before = await posts();
    const tooMany = { model: 'flux-2-dev', prompt: 'Too many', n: 9 };
    assert.match(await invoke('airforce_generate_image', tooMany), /^Not sent: the request is not valid: .*\bn\b.*1 to 4/);
    assert.match(await confirmation('airforce_generate_image', tooMany), /not valid and will not be sent/);
    const unknownKey = await invoke('airforce_generate_speech', { input: 'Hi', voice: 'rachel', loudness: 11 });
    assert.match(unknownKey, /^Not sent: the input does not fit the tool/);
    assert.match(unknownKey, /loudness/);
    assert.equal(await posts(), before);
  });

  test('without an API key the tool answers with what to do, and sends nothing', async () => {
    await vscode.commands.executeCommand('airforce.clearApiKey');
    try {
      const before = await posts();
      const text = await invoke('airforce_generate_sound_effect', { model: 'eleven-sfx-v2', prompt: 'A bell' });
      assert.match(text, /^Not sent: .*Set API Key/);
      assert.equal(await posts(), before);
    } finally {
      await vscode.commands.executeCommand('airforce.setApiKey', KEY);
    }
  });
});
