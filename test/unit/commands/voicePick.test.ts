// Change Voice's voice pick with a stand-in `vscode`: every voice is listed (a cloned one marked), a
// voice with a preview_url has a Play button and one without has none; the button plays the cached
// preview (the panel's cache, no download when it is there) in VS Code's audio player beside, the pick
// staying open and busy meanwhile; a preview that fails is reported, not thrown; Enter chooses, Escape
// resolves to nothing.
import { fakeVscode, FakeUri, ui } from '../vscodeFake';
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Airforce } from '../../../src/container';
import type { Voice } from '../../../src/api/schemas/audioSchemas';
import { previewStem } from '../../../src/generate/host/voicePreviewCache';

/** The quick pick the code under test made: its state and its listeners, fired by the test. */
class FakeQuickPick<T> {
  items: readonly T[] = [];
  selectedItems: readonly T[] = [];
  title = '';
  matchOnDescription = false;
  ignoreFocusOut = false;
  busy = false;
  busySeen: boolean[] = [];
  shown = false;
  disposed = false;
  readonly button: ((e: { item: T }) => unknown)[] = [];
  readonly accept: (() => void)[] = [];
  readonly hidden: (() => void)[] = [];
  onDidTriggerItemButton(fn: (e: { item: T }) => unknown): void {
    this.button.push(fn);
  }
  onDidAccept(fn: () => void): void {
    this.accept.push(fn);
  }
  onDidHide(fn: () => void): void {
    this.hidden.push(fn);
  }
  show(): void {
    this.shown = true;
  }
  hide(): void {
    for (const fn of this.hidden) fn();
  }
  dispose(): void {
    this.disposed = true;
  }
}
let picks: FakeQuickPick<unknown>[] = [];
// The stand-in has neither; set before the module under test copies `vscode`'s keys.
Object.assign(fakeVscode.window, {
  createQuickPick: () => {
    const p = new FakeQuickPick();
    picks.push(p);
    return p;
  },
});
Object.assign(fakeVscode.ViewColumn, { Beside: -2 });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pickVoice, playVoicePreview, voicePickItems } = require('../../../src/commands/voicePick') as typeof import('../../../src/commands/voicePick');

const VOICES: Voice[] = [
  { voice_id: 'rachel', name: 'Rachel', preview_url: 'https://api.airforce/previews/rachel.mp3' },
  { voice_id: 'cv_1', name: 'My voice', category: 'cloned', preview_url: null },
] as Voice[];

beforeEach(() => {
  ui.reset();
  picks = [];
});

test('lists every voice, the cloned one marked; only a voice with a preview has a Play button', () => {
  const items = voicePickItems(VOICES);
  assert.deepEqual(
    items.map((i) => [i.label, i.description, i.id, i.previewUrl, i.buttons?.length ?? 0]),
    [
      ['Rachel', 'rachel', 'rachel', 'https://api.airforce/previews/rachel.mp3', 1],
      ['My voice', 'cloned · cv_1', 'cv_1', undefined, 0],
    ],
  );
  const button = items[0]!.buttons![0]!;
  assert.equal((button.iconPath as { id: string }).id, 'play');
  assert.equal(button.tooltip, 'Play a preview of this voice');
});

test('the Play button plays while the pick stays open and busy; Enter then chooses the voice', async () => {
  const items = voicePickItems(VOICES);
  const played: string[] = [];
  const chosen = pickVoice(items, 'Change Voice: new voice', async (item) => {
    played.push(item.id);
    picks[0]!.busySeen.push(picks[0]!.busy);
  });
  const pick = picks[0]!;
  assert.equal(pick.shown, true);
  assert.equal(pick.ignoreFocusOut, true, 'the player beside takes the focus: the pick must stay');
  assert.equal(pick.matchOnDescription, true);
  assert.deepEqual(pick.items, items);
  await pick.button[0]!({ item: items[0] });
  assert.deepEqual(played, ['rachel']);
  assert.deepEqual(pick.busySeen, [true]);
  assert.equal(pick.busy, false);
  pick.selectedItems = [items[0]];
  pick.accept[0]!();
  assert.equal((await chosen)?.id, 'rachel');
  assert.equal(pick.disposed, true);
});

test('a preview that fails is reported and the pick goes on; Escape resolves to nothing', async () => {
  const items = voicePickItems(VOICES);
  const chosen = pickVoice(items, 't', async () => {
    throw new Error('HTTP 404');
  });
  const pick = picks[0]!;
  await pick.button[0]!({ item: items[0] });
  assert.deepEqual(
    ui.warnings.map((w) => w.message),
    ['The preview of Rachel could not be played: HTTP 404'],
  );
  assert.equal(pick.busy, false);
  pick.hide();
  assert.equal(await chosen, undefined);
});

test("playing opens the panel's cached preview in VS Code's audio player beside, focus kept", async () => {
  const storage = mkdtempSync(path.join(os.tmpdir(), 'voice-pick-'));
  const dir = path.join(storage, 'voice-previews');
  mkdirSync(dir);
  const cached = path.join(dir, `${previewStem('rachel')}.mp3`);
  writeFileSync(cached, 'ID3 not really audio, but cached');
  const af = { context: { globalStorageUri: FakeUri.file(storage) }, log: { info() {}, warn() {}, debug() {}, error() {} } } as unknown as Airforce;
  await playVoicePreview(af, voicePickItems(VOICES)[0]!);
  assert.equal(ui.commands.length, 1);
  const [uri, viewType, options] = ui.commands[0]!.args as [FakeUri, string, Record<string, unknown>];
  assert.equal(ui.commands[0]!.id, 'vscode.openWith');
  assert.equal(uri.fsPath, cached);
  assert.equal(viewType, 'vscode.audioPreview');
  assert.deepEqual(options, { viewColumn: -2, preserveFocus: true, preview: true });
  // A voice without a preview plays nothing.
  await playVoicePreview(af, voicePickItems(VOICES)[1]!);
  assert.equal(ui.commands.length, 1);
});
