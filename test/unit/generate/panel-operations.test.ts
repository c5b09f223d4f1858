// The Generate panel's host for the operation forms (issue 19), with the VS Code stand-in: "Choose
// file…" and a drop answer `mediaAdded` with a token for a workspace audio file (measured), never for
// one outside; Generate turns the token back into the path and hands the one submit the operation
// with its choices (Dub's languages too); a token this panel did not issue is refused under the file;
// "Generate again" on a transcript or a dubbing refills the form with the source checked again; a transcript's task carries its first lines.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FakeUri } from '../vscodeFake';
import { fixturePath } from '../../simulator/resultBytes';
import { baseRecord, calls, elsewhere, GenerationPanel, harness, lastOf, outDir, panelHooks, settle, tmp, type PanelHost } from './panel-helpers';
import { isMediaToken } from '../../../src/generate/protocolConstants';

const wav = path.join(tmp, 'take.wav');
copyFileSync(fixturePath('tone.wav'), wav);
const outsideWav = path.join(elsewhere, 'secret.wav');
copyFileSync(fixturePath('tone.wav'), outsideWav);

function open(): { h: ReturnType<typeof harness>; p: (typeof calls.panels)[number]; seen: Array<{ kind: string; request: Record<string, unknown> }> } {
  const h = harness();
  const seen: Array<{ kind: string; request: Record<string, unknown> }> = [];
  h.host.voices = async () => [{ voice_id: 'cv_1', name: 'Narrator', category: 'cloned' }];
  h.host.submitJob = async (kind, request) => {
    seen.push({ kind, request });
    return { ok: true, localId: 'op-1', files: Promise.resolve([]) };
  };
  GenerationPanel.createOrShow(h.host);
  const p = calls.panels[0];
  p.send({ type: 'ready' });
  return { h, p, seen };
}

describe('Generate panel: the operation forms, host side', () => {
  panelHooks();

  it('Choose file… shows an open dialog for audio and video; a workspace file comes back as a measured token', async () => {
    const { p } = open();
    await settle();
    calls.openDialog = [FakeUri.file(wav)];
    p.send({ type: 'pickMedia' });
    await settle();
    const added = lastOf(p, 'mediaAdded');
    assert.ok(added?.file && isMediaToken(added.file.token));
    assert.equal(added.file.label, 'take.wav');
    assert.ok((added.file.durationSeconds ?? 0) > 0);
    assert.deepEqual(added.rejected, []);
    assert.doesNotMatch(JSON.stringify(added), new RegExp(tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Cancelled: nothing.
    calls.openDialog = undefined;
    const before = p.posted.length;
    p.send({ type: 'pickMedia' });
    await settle();
    assert.equal(p.posted.length, before);
  });

  it('refuses a drop from outside the workspace, a URL and a file that is no media, each with a reason', async () => {
    const { p } = open();
    await settle();
    p.send({ type: 'dropMedia', uris: [`file://${outsideWav}`] });
    await settle();
    assert.deepEqual(lastOf(p, 'mediaAdded'), {
      type: 'mediaAdded',
      rejected: [{ source: 'secret.wav', reason: 'Not inside a workspace folder: only workspace files are uploaded' }],
    });
    const notes = path.join(tmp, 'notes.txt');
    writeFileSync(notes, 'x');
    p.send({ type: 'dropMedia', uris: ['https://example.com/a.mp3', `file://${notes}`] });
    await settle();
    const added = lastOf(p, 'mediaAdded');
    assert.equal(added?.file, undefined);
    assert.deepEqual(
      added?.rejected.map((r) => r.source),
      ['https://example.com/a.mp3', 'notes.txt'],
    );
  });

  it('Generate hands the one submit the operation, its choices and the path behind the token; an unknown token is refused under the file', async () => {
    const { p, seen } = open();
    await settle();
    p.send({ type: 'dropMedia', uris: [`file://${wav}`] });
    await settle();
    const token = lastOf(p, 'mediaAdded')?.file?.token ?? '';
    p.send({ type: 'generate', kind: 'voiceChange', request: { model: 'eleven-sts-v2', voice: 'cv_1' }, file: token });
    await settle();
    // The result is named after the voice's own name, not the list's "Narrator (cloned)".
    assert.deepEqual(seen, [{ kind: 'voiceChange', request: { model: 'eleven-sts-v2', voice: 'cv_1', voice_name: 'Narrator', file: wav } }]);
    assert.deepEqual(lastOf(p, 'validation')?.problems, []);
    assert.equal(lastOf(p, 'recentPrompts'), undefined, 'an operation has no prompt to remember');
    p.send({ type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: 'med:ZZZZZZZZZZZZZZZZZZZZZZZZ' });
    await settle();
    assert.equal(seen.length, 1);
    assert.deepEqual(
      lastOf(p, 'validation')?.problems.map((q) => q.field),
      ['file'],
    );
  });

  it('Generate again on a transcript refills its form: model, language and the source as a new token', async () => {
    const { h, p } = open();
    await settle();
    h.records.set('tr-1', {
      ...baseRecord('tr-1'),
      kind: 'transcribe',
      model: 'whisper-1',
      prompt: 'take.wav',
      extra: { language: 'it' },
      status: 'completed',
      source: { path: wav, relative: 'take.wav' },
    } as ReturnType<PanelHost['trackerRecord']> & object);
    p.send({ type: 'generateAgain', localId: 'tr-1' });
    await settle();
    const prefill = lastOf(p, 'prefill');
    assert.equal(prefill?.kind, 'transcribe');
    assert.equal(prefill?.operation?.model, 'whisper-1');
    assert.equal(prefill?.operation?.language, 'it');
    assert.ok(prefill?.operation?.file && isMediaToken(prefill.operation.file.token));
  });

  it('Dub: Generate hands the one submit the languages by their API names; Generate again refills them and the source', async () => {
    const { h, p, seen } = open();
    await settle();
    p.send({ type: 'dropMedia', uris: [`file://${wav}`] });
    await settle();
    const token = lastOf(p, 'mediaAdded')?.file?.token ?? '';
    p.send({ type: 'generate', kind: 'dub', request: { model: 'eleven-dubbing-v1', target_lang: 'it', source_lang: 'en' }, file: token });
    await settle();
    assert.deepEqual(seen, [{ kind: 'dub', request: { model: 'eleven-dubbing-v1', target_lang: 'it', source_lang: 'en', file: wav } }]);
    h.records.set('dub-1', {
      ...baseRecord('dub-1'),
      kind: 'dub',
      model: 'eleven-dubbing-v1',
      prompt: 'take.wav',
      extra: { target_lang: 'ru' },
      status: 'completed',
      source: { path: wav, relative: 'take.wav' },
    } as ReturnType<PanelHost['trackerRecord']> & object);
    p.send({ type: 'generateAgain', localId: 'dub-1' });
    await settle();
    const prefill = lastOf(p, 'prefill');
    assert.equal(prefill?.kind, 'dub');
    assert.equal(prefill?.operation?.target_lang, 'ru');
    assert.equal(prefill?.operation?.source_lang, undefined);
    assert.ok(prefill?.operation?.file && isMediaToken(prefill.operation.file.token));
  });

  it("a large upload's progress goes to the app for its task; Cancel upload stops it only while sending", async () => {
    const { h, p } = open();
    const MIB = 1024 * 1024;
    let report: ((sent: number, total: number) => void) | undefined;
    h.host.submitJob = async (_kind, _request, _images, _readFile, onUploadProgress) => {
      report = onUploadProgress;
      // The tracker starts sending once the job has its id: the first bytes may go out before the answer.
      onUploadProgress?.(MIB, 24 * MIB);
      return { ok: true, localId: 'up-1', files: new Promise<string[]>(() => undefined) };
    };
    await settle();
    p.send({ type: 'dropMedia', uris: [`file://${wav}`] });
    await settle();
    const token = lastOf(p, 'mediaAdded')?.file?.token ?? '';
    p.send({ type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: token });
    await settle();
    assert.deepEqual(lastOf(p, 'uploadProgress'), { type: 'uploadProgress', localId: 'up-1', sent: MIB, total: 24 * MIB });
    report?.(12 * MIB, 24 * MIB);
    assert.deepEqual(lastOf(p, 'uploadProgress'), { type: 'uploadProgress', localId: 'up-1', sent: 12 * MIB, total: 24 * MIB });
    p.send({ type: 'cancelUpload', localId: 'other' });
    p.send({ type: 'cancelUpload', localId: 'up-1' });
    p.send({ type: 'cancelUpload', localId: 'up-1' });
    await settle();
    assert.deepEqual(h.cancelled, ['up-1']);
  });

  it('Cancel upload after the last byte stops nothing (the answer may be billed)', async () => {
    const { h, p } = open();
    const MIB = 1024 * 1024;
    h.host.submitJob = async (_kind, _request, _images, _readFile, onUploadProgress) => {
      onUploadProgress?.(24 * MIB, 24 * MIB);
      return { ok: true, localId: 'up-2', files: new Promise<string[]>(() => undefined) };
    };
    await settle();
    p.send({ type: 'dropMedia', uris: [`file://${wav}`] });
    await settle();
    p.send({ type: 'generate', kind: 'transcribe', request: { model: 'whisper-1' }, file: lastOf(p, 'mediaAdded')?.file?.token ?? '' });
    await settle();
    assert.deepEqual(lastOf(p, 'uploadProgress'), { type: 'uploadProgress', localId: 'up-2', sent: 24 * MIB, total: 24 * MIB });
    p.send({ type: 'cancelUpload', localId: 'up-2' });
    await settle();
    assert.deepEqual(h.cancelled, []);
  });

  it("a finished transcript's task carries its first lines; the subtitles are text files without them", async () => {
    const { h, p } = open();
    await settle();
    const txt = path.join(outDir, 'take.transcript.txt');
    writeFileSync(txt, Array.from({ length: 20 }, (_, i) => `Line ${i + 1}.`).join('\n'));
    const srt = path.join(outDir, 'take.srt');
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:02,000\nLine 1.\n');
    h.records.set('tr-2', { ...baseRecord('tr-2'), kind: 'transcribe', model: 'whisper-1', prompt: 'take.wav', status: 'completed', files: [txt, srt] });
    GenerationPanel.current?.showTask('tr-2');
    await settle();
    const task = lastOf(p, 'task')?.task;
    assert.equal(task?.kind, 'transcribe');
    assert.deepEqual(
      task?.files?.map((f) => [f.name, f.media]),
      [
        ['take.transcript.txt', 'text'],
        ['take.srt', 'text'],
      ],
    );
    assert.equal(task?.files?.[0]?.excerpt, `${Array.from({ length: 12 }, (_, i) => `Line ${i + 1}.`).join('\n')}\n…`);
    assert.equal(task?.files?.[1]?.excerpt, undefined);
  });
});
