// Clone a Voice… asked interactively (a stand-in `vscode` and a stand-in client): the samples from
// the dialog or the Explorer, the name, the price question, the consent text in a modal whose yes is
// "I Accept" — nothing sent unless accepted — the upload's progress, a stale consent re-shown once
// with the NEW text; and Delete Voice asking first.
import { fakeVscode, FakeUri, ui } from '../vscodeFake';
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../../src/container';
import { AirforceError } from '../../../src/api/http/errors';
import { ConsentStaleError, type CloneRequest } from '../../../src/api/voiceClone';
import type { UploadOptions } from '../../../src/api/http/upload';
import { fixturePath } from '../../simulator/resultBytes';
// The stand-in has no ProgressLocation; set before the module under test copies `vscode`'s keys.
Object.assign(fakeVscode, { ProgressLocation: { Notification: 15 } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cloneVoice, deleteVoice } = require('../../../src/commands/voiceCommands') as typeof import('../../../src/commands/voiceCommands');

const WAV = FakeUri.file(fixturePath('tone.wav'));
const MP3 = FakeUri.file(fixturePath('tone.mp3'));
const TEXT = FakeUri.file(fixturePath('storyboard.md'));
const V1 = { text: 'Consent v1: I own this voice.', hash: 'h1' };
const V2 = { text: 'Consent v2: I own this voice, and more.', hash: 'h2' };

type Shown = { message: string; detail?: string; items: string[] };
const w = fakeVscode.window as unknown as Record<string, unknown>;
let infos: Shown[];
let infoAnswers: (string | undefined)[];
let nameAnswer: string | undefined;
let progress: { increment?: number; message?: string }[];

beforeEach(() => {
  ui.reset();
  infos = [];
  infoAnswers = [];
  nameAnswer = 'Anna';
  progress = [];
  w.showInformationMessage = async (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { detail?: string }) : {};
    infos.push({ message, detail: options.detail, items: rest as string[] });
    return infoAnswers.shift();
  };
  w.showInputBox = async () => nameAnswer;
  w.withProgress = async <T>(_o: unknown, task: (p: unknown, t: unknown) => Promise<T>) =>
    task({ report: (r: { increment?: number; message?: string }) => progress.push(r) }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) });
});

/** A stand-in Airforce: the clone answers from `answers` in turn (an error is thrown). */
function fakeAf(answers: (Error | string)[] = ['cv_1']) {
  const clones: CloneRequest[] = [];
  let consentReads = 0;
  let changed = 0;
  const af = {
    keys: { get: async () => 'sk-air-test' },
    log: { info() {}, warn() {} },
    spending: { check: async () => ({ ok: true, holds: [], release() {} }) },
    client: {
      voiceClone: {
        consentText: async () => (consentReads++, V1),
        clone: async (req: CloneRequest, opts: UploadOptions) => {
          clones.push(req);
          opts.onProgress?.(50, 100);
          opts.onProgress?.(100, 100);
          const next = answers.shift()!;
          if (next instanceof Error) throw next;
          return { voice_id: next, name: req.name, requestId: 'req-1' };
        },
        delete: async () => true,
      },
    },
  };
  return { af: af as unknown as Airforce, clones, consentReads: () => consentReads, onChanged: () => void changed++, changed: () => changed };
}

const stale = (current: typeof V2 | undefined): ConsentStaleError =>
  new ConsentStaleError(new AirforceError({ message: 'stale', type: 'invalid_request', code: 'consent_stale', status: 400 }), current);

test('from the palette: samples from the dialog (audio and video only), the name, the price, the consent; then one clone with its hash', async () => {
  const f = fakeAf();
  ui.openDialog = [WAV, TEXT, MP3];
  ui.warningAnswer = 'Clone';
  infoAnswers = ['I Accept'];
  assert.equal(await cloneVoice(f.af, f.onChanged), 'cv_1');
  assert.deepEqual(
    ui.warnings.map((q) => [q.message, q.modal, q.items]),
    [['Clone the voice "Anna" for an unknown amount?', true, ['Clone']]],
  );
  assert.match(ui.warnings[0]!.detail!, /publishes no price for voice cloning/);
  assert.equal(infos[0]!.detail, V1.text, 'the consent text is shown whole');
  assert.deepEqual(infos[0]!.items, ['I Accept']);
  assert.deepEqual(f.clones, [{ name: 'Anna', files: [WAV.fsPath, MP3.fsPath], consent_hash: 'h1' }]);
  assert.deepEqual(
    progress.map((p) => p.increment),
    [50, 50],
  );
  assert.match(progress[0]!.message!, /uploading the samples: 50%/);
  assert.match(infos.at(-1)!.message, /The voice "Anna" is cloned.*My voices/);
  assert.equal(f.changed(), 1, 'the Models view lists the voices again');
});

test('from the Explorer: the selection is the samples (no dialog); the clicked file alone when nothing else is selected', async () => {
  const f = fakeAf(['cv_1', 'cv_2']);
  ui.openDialog = [TEXT]; // never asked
  ui.warningAnswer = 'Clone';
  infoAnswers = ['I Accept', undefined, 'I Accept']; // the second answers the "cloned" message
  await cloneVoice(f.af, f.onChanged, WAV, [WAV, MP3]);
  await cloneVoice(f.af, f.onChanged, MP3, []);
  assert.deepEqual(
    f.clones.map((c) => c.files),
    [[WAV.fsPath, MP3.fsPath], [MP3.fsPath]],
  );
  await assert.rejects(async () => cloneVoice(f.af, f.onChanged, TEXT, [TEXT]), /None of the chosen files is an audio or video sample/);
});

test('declining the consent, the price or the name sends nothing; the consent is read only after the price is agreed', async () => {
  const f = fakeAf();
  ui.openDialog = [WAV];
  ui.warningAnswer = 'Clone';
  infoAnswers = [undefined];
  assert.equal(await cloneVoice(f.af, f.onChanged), undefined);
  assert.equal(f.consentReads(), 1);
  ui.warningAnswer = undefined;
  assert.equal(await cloneVoice(f.af, f.onChanged), undefined);
  assert.equal(f.consentReads(), 1, 'a declined price reads no consent text');
  nameAnswer = undefined;
  assert.equal(await cloneVoice(f.af, f.onChanged), undefined);
  ui.openDialog = undefined;
  assert.equal(await cloneVoice(f.af, f.onChanged), undefined);
  assert.deepEqual(f.clones, []);
  assert.equal(f.changed(), 0);
});

test('a stale consent shows the NEW text and asks once more; accepted, the clone carries the new hash', async () => {
  const f = fakeAf([stale(V2), 'cv_9']);
  ui.openDialog = [WAV];
  ui.warningAnswer = 'Clone';
  infoAnswers = ['I Accept', 'I Accept'];
  assert.equal(await cloneVoice(f.af, f.onChanged), 'cv_9');
  assert.deepEqual(
    infos.slice(0, 2).map((i) => i.detail),
    [V1.text, V2.text],
  );
  assert.match(infos[1]!.message, /has changed/);
  assert.deepEqual(
    f.clones.map((c) => c.consent_hash),
    ['h1', 'h2'],
  );
});

test('a stale consent declined the second time sends nothing more; stale twice rejects', async () => {
  const declined = fakeAf([stale(V2)]);
  ui.openDialog = [WAV];
  ui.warningAnswer = 'Clone';
  infoAnswers = ['I Accept', undefined];
  assert.equal(await cloneVoice(declined.af, declined.onChanged), undefined);
  assert.equal(declined.clones.length, 1);
  const twice = fakeAf([stale(V2), stale(undefined)]);
  infoAnswers = ['I Accept', 'I Accept'];
  await assert.rejects(
    async () => cloneVoice(twice.af, twice.onChanged),
    (e: Error) => e instanceof ConsentStaleError,
  );
  assert.equal(twice.clones.length, 2, 'asked again once, not in a loop');
});

test('Delete Voice asks first from the Models view row (naming the voice), and not with {confirm:false}', async () => {
  const f = fakeAf();
  const row = { type: 'airforce.clonedVoice', voice: { voice_id: 'cv_1', name: 'Anna', category: 'cloned' } };
  ui.warningAnswer = undefined;
  assert.equal(await deleteVoice(f.af, f.onChanged, row), false);
  assert.deepEqual(
    ui.warnings.map((q) => [q.message, q.modal, q.items]),
    [['Delete the cloned voice "Anna"?', true, ['Delete']]],
  );
  ui.warningAnswer = 'Delete';
  assert.equal(await deleteVoice(f.af, f.onChanged, row), true);
  assert.equal(await deleteVoice(f.af, f.onChanged, 'cv_1', { confirm: false }), true);
  assert.equal(ui.warnings.length, 2, 'no question with {confirm:false}');
  assert.equal(f.changed(), 2);
});
