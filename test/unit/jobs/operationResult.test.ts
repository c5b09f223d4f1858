// An operation's results (issue 19): named `<source stem>.<name>` in the operation's order, the
// voice's name as a slug, a text result written as is and an audio one by its bytes; one sidecar,
// beside the first result, naming the source by its relative path and sha256 with the request id
// and the settled cost; a second run of the same source gets `-2` names (io's claimFinalName).
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_FILE_NAME_LENGTH } from '../../../src/io/fileNames';
import { operationFileName, operationSidecar, OperationSidecarSchema, saveOperationResult } from '../../../src/jobs/sync/operationResult';
import { recordFromSyncRequest, type SyncRequest } from '../../../src/jobs/sync/record';
import { saveSyncResult } from '../../../src/jobs/sync/saveSyncResult';
import type { JobRecord } from '../../../src/jobs/types';
import type { Operation } from '../../../src/kinds';
import { fixturePath } from '../../simulator/resultBytes';
import { listDir, tempDir } from '../io/helpers';

const MP3 = readFileSync(fixturePath('tone.mp3'));
const WAV = readFileSync(fixturePath('tone.wav'));
const SHA = 'ab'.repeat(32);
const CREATED = 1_770_000_000;

/** A response body as the client hands it over: one chunk, read once. */
async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function job(op: Operation, file: string, request: Partial<SyncRequest> = {}, over: Partial<JobRecord> = {}): JobRecord {
  const source = { path: `/ws/${file}`, relative: file, sha256: SHA, bytes: 11070, durationSeconds: 3.0232199 };
  const record = recordFromSyncRequest(op, { model: 'm-1', file: source.path, source_bytes: 11070, ...request }, { origin: { type: 'command' }, source }, 'local-1', CREATED);
  return { ...record, taskId: 'req-42', settledCostCents: 0.0302, status: 'completed', completedAt: CREATED + 2, ...over };
}

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-op-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const save = (record: JobRecord, index: number, source: Parameters<typeof saveOperationResult>[1]['source']) =>
  saveOperationResult(record.kind as Operation, { record, source, index, count: 3, dir, baseIsLoopback: true });

describe('operationFileName', () => {
  it('a transcript, then its subtitles, after the source stem (dots in the stem kept)', () => {
    const r = job('transcribe', 'talks/demo.mp4');
    assert.deepEqual(
      [0, 1, 2].map((i) => operationFileName(r, 'transcribe', i)),
      ['demo.transcript.txt', 'demo.srt', 'demo.vtt'],
    );
    assert.equal(operationFileName(job('transcribe', 'take.one.wav'), 'transcribe', 0), 'take.one.transcript.txt');
    assert.equal(operationFileName(job('transcribe', 'интервью.mp3'), 'transcribe', 2), 'интервью.vtt');
  });

  it('isolate: <stem>.voice.mp3; change a voice: <stem>.<voice slug>.mp3, the name first, else the id', () => {
    assert.equal(operationFileName(job('isolate', 'a/studio.wav'), 'isolate', 0), 'studio.voice.mp3');
    assert.equal(operationFileName(job('voiceChange', 'studio.wav', { voice: 'adam' }), 'voiceChange', 0), 'studio.adam.mp3');
    assert.equal(operationFileName(job('voiceChange', 'studio.wav', { voice: 'v_1', voice_name: 'Deep Voice (UK)' }), 'voiceChange', 0), 'studio.deep-voice-uk.mp3');
  });

  it('a voice name with no Latin letter takes the id, never "video"', () => {
    assert.equal(operationFileName(job('voiceChange', 'studio.wav', { voice: 'voice_ab12', voice_name: 'Анна' }), 'voiceChange', 0), 'studio.voice-ab12.mp3');
    assert.equal(operationFileName(job('voiceChange', 'studio.wav', { voice: '声', voice_name: 'Анна' }), 'voiceChange', 0), 'studio.voice.mp3');
  });

  it('a long stem is cut, never the result name', () => {
    const long = `${'x'.repeat(200)}.wav`;
    for (const [op, i, tail] of [
      ['transcribe', 0, '.transcript.txt'],
      ['transcribe', 1, '.srt'],
      ['voiceChange', 0, '.adam.mp3'],
    ] as const) {
      const name = operationFileName(job(op, long, { voice: 'adam' }), op, i);
      assert.ok(name.endsWith(tail), name);
      assert.ok(name.length <= MAX_FILE_NAME_LENGTH, `${name.length}`);
    }
  });

  it('unsafe characters in the stem are replaced', () => {
    assert.equal(operationFileName(job('transcribe', 'what?.wav'), 'transcribe', 0), 'what-.transcript.txt');
  });
});

describe('operationSidecar', () => {
  it('names the source by relative path and sha256, the request id, the cost, the language or voice', () => {
    const side = operationSidecar(job('transcribe', 'talks/demo.mp4', { language: 'en' }), 'transcribe', `${dir}/demo.transcript.txt`);
    assert.ok(OperationSidecarSchema.safeParse(side).success);
    assert.deepEqual(side.source, { path: 'talks/demo.mp4', sha256: SHA, bytes: 11070, duration_seconds: 3.023 });
    assert.equal(side.kind, 'transcribe');
    assert.equal(side.model, 'm-1');
    assert.equal(side.language, 'en');
    assert.equal(side.request_id, 'req-42');
    assert.equal(side.cost_cents, 0.0302);
    assert.equal(side.result_file, 'demo.transcript.txt');
    assert.equal(side.generator, 'airforce-media');
    const voice = operationSidecar(job('voiceChange', 'a.wav', { voice: 'adam', voice_name: 'Adam' }), 'voiceChange', 'a.adam.mp3');
    assert.equal(voice.voice, 'adam');
    assert.equal(voice.voice_name, 'Adam');
    assert.equal(voice.language, undefined);
  });

  it('no cost or request id when the answer gave none', () => {
    const side = operationSidecar(job('isolate', 'a.wav', {}, { taskId: undefined, settledCostCents: undefined }), 'isolate', 'a.voice.mp3');
    assert.equal(side.request_id, undefined);
    assert.equal(side.cost_cents, undefined);
  });
});

describe('saveOperationResult', () => {
  it('texts as given, one sidecar beside the first; a second run gets -2 names', async () => {
    const r = job('transcribe', 'talks/demo.mp4');
    const first = [await save(r, 0, { text: 'Hello.\n' }), await save(r, 1, { text: '1\n00:00:00,000 --> 00:00:01,000\nHello.\n' }), await save(r, 2, { text: 'WEBVTT\n' })];
    assert.deepEqual(
      first.map((s) => path.basename(s.path)),
      ['demo.transcript.txt', 'demo.srt', 'demo.vtt'],
    );
    assert.equal(await fsp.readFile(first[0]!.path, 'utf8'), 'Hello.\n');
    assert.equal(first[0]!.sidecarPath, path.join(dir, 'demo.transcript.json'));
    assert.equal(first[1]!.sidecarPath, undefined);
    const again = [await save(r, 0, { text: 'Again.\n' }), await save(r, 1, { text: 'x' }), await save(r, 2, { text: 'y' })];
    assert.deepEqual(
      again.map((s) => path.basename(s.path)),
      ['demo.transcript-2.txt', 'demo-2.srt', 'demo-2.vtt'],
    );
    const side = JSON.parse(await fsp.readFile(again[0]!.sidecarPath!, 'utf8')) as Record<string, unknown>;
    assert.equal(side.result_file, 'demo.transcript-2.txt');
    assert.deepEqual(await listDir(dir), [
      'demo-2.srt',
      'demo-2.vtt',
      'demo.srt',
      'demo.transcript-2.json',
      'demo.transcript-2.txt',
      'demo.transcript.json',
      'demo.transcript.txt',
      'demo.vtt',
    ]);
    assert.equal(await fsp.readFile(path.join(dir, 'demo.transcript.txt'), 'utf8'), 'Hello.\n', 'the first transcript is never replaced');
  });

  it("a generated video's own sidecar (<stem>.json) does not push its subtitles to -2 names", async () => {
    await fsp.writeFile(path.join(dir, 'clip.mp4'), 'video');
    await fsp.writeFile(path.join(dir, 'clip.json'), JSON.stringify({ generator: 'airforce-media', result_file: 'clip.mp4' }));
    const r = job('transcribe', 'airforce-media/clip.mp4');
    const saved = [await save(r, 0, { text: 'Hi.\n' }), await save(r, 1, { text: 'srt' }), await save(r, 2, { text: 'vtt' })];
    assert.deepEqual(
      saved.map((s) => path.basename(s.path)),
      ['clip.transcript.txt', 'clip.srt', 'clip.vtt'],
    );
    assert.equal(JSON.parse(await fsp.readFile(path.join(dir, 'clip.json'), 'utf8')).result_file, 'clip.mp4');
  });

  it('audio takes the extension its bytes show; anything else is refused (saveSyncResult routes operations here)', async () => {
    const mp3 = await saveSyncResult({ record: job('isolate', 'studio.wav'), source: { bytes: chunks(MP3) }, index: 0, count: 1, dir, baseIsLoopback: true });
    assert.equal(path.basename(mp3.path), 'studio.voice.mp3');
    assert.equal(mp3.type, 'mp3');
    assert.ok((await fsp.readFile(mp3.path)).equals(MP3));
    const wav = await save(job('voiceChange', 'studio.wav', { voice: 'adam' }), 0, { bytes: chunks(WAV) });
    assert.equal(path.basename(wav.path), 'studio.adam.wav');
    await assert.rejects(save(job('isolate', 'x.wav'), 0, { bytes: chunks(Buffer.from('<!doctype html><p>nope</p>'.padEnd(64, ' '))) }), {
      name: 'DownloadError',
      code: 'unsupported_type',
    });
    assert.ok(!(await listDir(dir)).some((f) => f.startsWith('x.')), 'nothing left of the refused one');
  });
});
