// Each operation's one POST as the tracker's call (issue 19), with a fake client: what is sent (the
// file, the model, only the operation's own fields, the signal and the progress listener), and what
// comes back: a transcript with segments gives three text results in the order txt, srt, vtt;
// without segments only the text; an audio answer one byte stream; the request id and cost as given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AudioResult } from '../../../src/api/audio';
import type { UploadOptions } from '../../../src/api/http/upload';
import type { Transcript } from '../../../src/api/transcription';
import { operationCall, type OperationClient } from '../../../src/submit/operationCall';

interface Sent {
  method: string;
  req: Record<string, unknown>;
  opts: UploadOptions;
}

function fakeClient(transcript: Partial<Transcript> = {}): { client: OperationClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const audio = (): AudioResult => ({ requestId: 'req-a', costCents: 1.5, contentType: 'audio/mpeg', body: new Blob([new Uint8Array([0xff, 0xfb])]).stream() });
  const client: OperationClient = {
    transcribe: async (req, opts = {}) => {
      sent.push({ method: 'transcribe', req: { ...req }, opts });
      return { text: 'Hello. Again.', segments: [], requestId: 'req-t', costCents: 0.03, ...transcript };
    },
    isolateVoice: async (req, opts = {}) => {
      sent.push({ method: 'isolateVoice', req: { ...req }, opts });
      return audio();
    },
    changeVoice: async (req, opts = {}) => {
      sent.push({ method: 'changeVoice', req: { ...req }, opts });
      return audio();
    },
  };
  return { client, sent };
}

const SEGMENTS = [
  { start: 0, end: 2, text: 'Hello.' },
  { start: 2, end: 3.02, text: 'Again.' },
];

describe('operationCall', () => {
  it('a transcript with segments: the text, then .srt, then .vtt', async () => {
    const { client, sent } = fakeClient({ segments: SEGMENTS });
    const signal = new AbortController().signal;
    const progress = (): void => undefined;
    const call = operationCall(
      client,
      'transcribe',
      { model: 'whisper-1', file: '/ws/a.wav', language: 'en', prompt: 'Names', source_bytes: 9, source_duration_seconds: 3 },
      progress,
    );
    const out = await call(signal);
    assert.deepEqual(sent[0]!.req, { file: '/ws/a.wav', model: 'whisper-1', language: 'en', prompt: 'Names' }, 'only the API fields');
    assert.equal(sent[0]!.opts.signal, signal);
    assert.equal(sent[0]!.opts.onProgress, progress);
    assert.equal(out.requestId, 'req-t');
    assert.equal(out.costCents, 0.03);
    assert.deepEqual(out.results, [
      { text: 'Hello. Again.\n' },
      { text: '1\n00:00:00,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 --> 00:00:03,020\nAgain.\n' },
      { text: 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n\n00:00:02.000 --> 00:00:03.020\nAgain.\n' },
    ]);
  });

  it('without segments only the text; a text ending in a newline keeps just that one', async () => {
    const { client, sent } = fakeClient({ text: 'Plain.\n' });
    const out = await operationCall(client, 'transcribe', { model: 'whisper-1', file: '/ws/a.wav', language: '' })(new AbortController().signal);
    assert.deepEqual(out.results, [{ text: 'Plain.\n' }]);
    assert.deepEqual(sent[0]!.req, { file: '/ws/a.wav', model: 'whisper-1' }, 'an empty language is not sent');
    assert.equal('onProgress' in sent[0]!.opts, false);
  });

  it('isolate and change a voice: one byte stream; the voice is sent, its display name is not', async () => {
    const { client, sent } = fakeClient();
    const iso = await operationCall(client, 'isolate', { model: 'eleven-isolation-v1', file: '/ws/a.wav', voice: 'x' })(new AbortController().signal);
    assert.equal(iso.results.length, 1);
    assert.ok('bytes' in iso.results[0]!);
    assert.equal(iso.requestId, 'req-a');
    assert.equal(iso.costCents, 1.5);
    const changed = await operationCall(client, 'voiceChange', { model: 'eleven-sts-v2', file: '/ws/a.wav', voice: 'adam', voice_name: 'Adam' })(new AbortController().signal);
    assert.equal(changed.results.length, 1);
    assert.deepEqual(
      sent.map((s) => [s.method, s.req]),
      [
        ['isolateVoice', { file: '/ws/a.wav', model: 'eleven-isolation-v1' }],
        ['changeVoice', { file: '/ws/a.wav', model: 'eleven-sts-v2', voice: 'adam' }],
      ],
    );
  });

  it('a failed call rejects as it is (the tracker decides what it means)', async () => {
    const { client } = fakeClient();
    const boom = Object.assign(new Error('too large'), { code: 'upload_too_large' });
    client.isolateVoice = async () => {
      throw boom;
    };
    await assert.rejects(operationCall(client, 'isolate', { model: 'm', file: '/ws/a.wav' })(new AbortController().signal), (e) => e === boom);
  });
});
