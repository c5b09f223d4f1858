// An operation on a workspace file checked before anything is read or sent (issue 19): the model
// must serve the operation, the file must be media of a listed type and within the upload limit,
// the language a code, the voice chosen; the checked request keeps only known fields; the estimate
// is per minute of the measured duration, "price unknown" without one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateJobRequest as estimate, validateJobRequest as validateRequest } from '../../../src/api/rules/byJobKind';
import { estimateOperation, extensionOf, isMediaSource, MAX_SOURCE_BYTES, validateOperationRequest } from '../../../src/api/rules/validationMedia';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';

const model = (id: string): Model => MODELS.find((m) => m.id === id) as unknown as Model;
const problemsOf = (r: ReturnType<typeof validateOperationRequest>): Record<string, string> => {
  assert.equal(r.ok, false, 'refused');
  return Object.fromEntries((r as { problems: { field: string; code?: string }[] }).problems.map((p) => [p.field, p.code ?? '']));
};

describe('validateOperationRequest', () => {
  it('accepts a transcription on a transcription model, keeping only the known fields and the measures', () => {
    const r = validateOperationRequest(
      'transcribe',
      { model: 'whisper-1', file: '/w/talk.MP4', language: 'en', prompt: 'Names: Ada', voice: 'adam', response_format: 'srt', source_bytes: 1000, source_duration_seconds: 3 },
      model('whisper-1'),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.request, { model: 'whisper-1', file: '/w/talk.MP4', language: 'en', prompt: 'Names: Ada', source_bytes: 1000, source_duration_seconds: 3 });
  });

  it('a model that does another operation, or no model, is refused naming the model', () => {
    assert.deepEqual(problemsOf(validateOperationRequest('transcribe', { model: 'eleven-sts-v2', file: 'a.wav' }, model('eleven-sts-v2'))), { model: 'model.notOperation' });
    assert.deepEqual(problemsOf(validateOperationRequest('isolate', { model: 'whisper-1', file: 'a.wav' }, model('whisper-1'))), { model: 'model.notOperation' });
    assert.deepEqual(problemsOf(validateOperationRequest('voiceChange', { model: 'eleven-tts-v3', file: 'a.wav', voice: 'adam' }, model('eleven-tts-v3'))), {
      model: 'model.notOperation',
    });
    const r = validateOperationRequest('isolate', { model: 'whisper-1', file: 'a.wav' }, model('whisper-1'));
    assert.match((r as { problems: { message: string }[] }).problems[0]!.message, /model "whisper-1" does not do isolated voice/);
    assert.deepEqual(problemsOf(validateOperationRequest('isolate', { model: 'nope', file: 'a.wav' }, undefined)), { model: 'model.unknown' });
    assert.deepEqual(problemsOf(validateOperationRequest('isolate', { file: 'a.wav' }, undefined)), { model: 'model.missing' });
  });

  it('the file must be one of the media types: the message lists them and names the one given', () => {
    const r = validateOperationRequest('transcribe', { model: 'whisper-1', file: '/w/notes.txt' }, model('whisper-1'));
    assert.deepEqual(problemsOf(r), { file: 'file.type' });
    assert.match((r as { problems: { message: string }[] }).problems[0]!.message, /^file must be one of mp3, wav, m4a, ogg, flac, mp4, webm, mov \(it is txt\)$/);
    assert.deepEqual(problemsOf(validateOperationRequest('transcribe', { model: 'whisper-1', file: '/w/README' }, model('whisper-1'))), { file: 'file.type' });
    assert.deepEqual(problemsOf(validateOperationRequest('transcribe', { model: 'whisper-1', file: '' }, model('whisper-1'))), { file: 'file.missing' });
    assert.deepEqual(problemsOf(validateOperationRequest('transcribe', { model: 'whisper-1' }, model('whisper-1'))), { file: 'file.missing' });
    for (const ext of ['mp3', 'wav', 'm4a', 'ogg', 'flac', 'mp4', 'webm', 'mov', 'MOV']) assert.ok(isMediaSource(`/w/clip.${ext}`), ext);
    assert.equal(extensionOf('C:\\w\\my.take.Wav'), 'wav');
    assert.equal(extensionOf('/w/.mp3'), '', 'a dot file has no extension');
  });

  it('a file over the upload limit is refused with both sizes', () => {
    const r = validateOperationRequest('isolate', { model: 'eleven-isolation-v1', file: 'big.wav', source_bytes: MAX_SOURCE_BYTES + 1 }, model('eleven-isolation-v1'));
    assert.deepEqual(problemsOf(r), { file: 'file.tooLarge' });
    assert.match((r as { problems: { message: string }[] }).problems[0]!.message, /^the file is 200 MiB; at most 200 MiB can be uploaded/);
    const small = validateOperationRequest(
      'isolate',
      { model: 'eleven-isolation-v1', file: 'x.wav', source_bytes: 3 * 1024 * 1024 },
      model('eleven-isolation-v1'),
      2 * 1024 * 1024,
    );
    assert.match((small as { problems: { message: string }[] }).problems[0]!.message, /^the file is 3\.0 MiB; at most 2\.0 MiB/);
    assert.ok(validateOperationRequest('isolate', { model: 'eleven-isolation-v1', file: 'x.wav', source_bytes: MAX_SOURCE_BYTES }, model('eleven-isolation-v1')).ok);
  });

  it('the language must be a language code; empty means detect', () => {
    for (const language of ['en', 'RU', 'pt-BR', 'yue'])
      assert.ok(validateOperationRequest('transcribe', { model: 'whisper-1', file: 'a.wav', language }, model('whisper-1')).ok, language);
    for (const language of ['English', 'e', 'en_US!', 7]) {
      assert.deepEqual(
        problemsOf(validateOperationRequest('transcribe', { model: 'whisper-1', file: 'a.wav', language }, model('whisper-1'))),
        { language: 'language.code' },
        String(language),
      );
    }
    const detect = validateOperationRequest('transcribe', { model: 'whisper-1', file: 'a.wav', language: '' }, model('whisper-1'));
    assert.ok(detect.ok && !('language' in detect.request));
  });

  it('a voice change needs a voice; the other operations drop one', () => {
    assert.deepEqual(problemsOf(validateOperationRequest('voiceChange', { model: 'eleven-sts-v2', file: 'a.wav' }, model('eleven-sts-v2'))), { voice: 'voice.empty' });
    assert.deepEqual(problemsOf(validateOperationRequest('voiceChange', { model: 'eleven-sts-v2', file: 'a.wav', voice: '  ' }, model('eleven-sts-v2'))), { voice: 'voice.empty' });
    const ok = validateOperationRequest('voiceChange', { model: 'eleven-sts-v2', file: 'a.wav', voice: 'adam', voice_name: 'Adam', language: 'en' }, model('eleven-sts-v2'));
    assert.ok(ok.ok);
    assert.deepEqual(ok.request, { model: 'eleven-sts-v2', file: 'a.wav', voice: 'adam', voice_name: 'Adam' });
    const iso = validateOperationRequest('isolate', { model: 'eleven-isolation-v1', file: 'a.wav', voice: 'adam', language: 'xx!' }, model('eleven-isolation-v1'));
    assert.ok(iso.ok, 'fields the operation does not take are not checked, only dropped');
    assert.deepEqual(iso.request, { model: 'eleven-isolation-v1', file: 'a.wav' });
  });

  it('every problem at once', () => {
    const r = validateOperationRequest('voiceChange', { model: 'whisper-1', file: 'a.doc', source_bytes: MAX_SOURCE_BYTES * 2 }, model('whisper-1'));
    assert.deepEqual(
      (r as { problems: { field: string; code?: string }[] }).problems.map((p) => `${p.field}:${p.code}`),
      ['model:model.notOperation', 'file:file.type', 'file:file.tooLarge', 'voice:voice.empty'],
    );
  });

  it('byJobKind routes the operations here', () => {
    assert.ok(validateRequest('transcribe', { model: 'whisper-1', file: 'a.wav' }, model('whisper-1')).ok);
    assert.equal(validateRequest('voiceChange', { model: 'eleven-sts-v2', file: 'a.wav' }, model('eleven-sts-v2')).ok, false);
    assert.deepEqual(estimate('isolate', { source_duration_seconds: 30 }, model('eleven-isolation-v1')), { cents: 6 });
    assert.deepEqual(estimate('isolate', { source_duration_seconds: 30 }, undefined), { unknown: true, reason: 'price unknown' });
  });
});

describe('estimateOperation', () => {
  it('per minute of the measured duration', () => {
    assert.deepEqual(estimateOperation('transcribe', { source_duration_seconds: 120 }, model('whisper-1')), { cents: 1.2 });
    assert.deepEqual(estimateOperation('voiceChange', { source_duration_seconds: 3 }, model('eleven-sts-v2')), { cents: 1.5 });
    assert.deepEqual(estimateOperation('isolate', { source_duration_seconds: 0 }, model('eleven-isolation-v1')), { cents: 0 });
  });

  it('"price unknown" without a duration, or for a model that lists no per-minute price', () => {
    assert.deepEqual(estimateOperation('transcribe', {}, model('whisper-1')), { unknown: true, reason: "price unknown: the file's duration could not be read" });
    assert.deepEqual(estimateOperation('transcribe', { source_duration_seconds: '60' }, model('whisper-1')), {
      unknown: true,
      reason: "price unknown: the file's duration could not be read",
    });
    assert.deepEqual(estimateOperation('transcribe', { source_duration_seconds: 60 }, model('scribe-v1')), {
      unknown: true,
      reason: 'price unknown: scribe-v1 lists no price per audio minute',
    });
  });
});
