// Streamed multipart uploads against the simulator (transcription as the carrier): the body's
// exact length and basename, the size limit before sending and the server's 413 mapped to the same
// error, progress, cancel, a stalled or cut upload (nothing billed) versus a lost answer (fate
// unknown), and every plausible transcription answer.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { Http } from '../../../src/api/http/http';
import { multipartBody } from '../../../src/api/http/multipart';
import { transcribe } from '../../../src/api/transcription';
import { fixturePath } from '../../simulator/resultBytes';
import { DEMO_KEY, startSimulator } from '../../simulator/server';
import { recordingHttp, useSimulator } from '../simulator/sim-helpers';

const sim = useSimulator({ keys: [DEMO_KEY], maxUploadBytes: 64 * 1024 });
const WAV = fixturePath('tone.wav');
const wavSha = createHash('sha256').update(fs.readFileSync(WAV)).digest('hex');
const http = (opts: Parameters<typeof recordingHttp>[2] = {}) => recordingHttp(sim(), DEMO_KEY, opts).http;
const lastBody = () =>
  sim().requests.at(-1)?.body as { fields: Record<string, string>; files: { field: string; filename: string; size: number; sha256: string; contentType: string }[] };

describe('multipart uploads', () => {
  it('ws#2 the body announces its exact length and sends only the basename as the file name', async () => {
    const body = await multipartBody([
      { name: 'model', value: 'whisper-1' },
      { name: 'file', path: WAV },
    ]);
    let total = 0;
    let text = '';
    for await (const chunk of body.open()) {
      total += chunk.byteLength;
      text += Buffer.from(chunk).toString('latin1');
    }
    assert.equal(total, body.length);
    assert.equal(body.fileBytes, fs.statSync(WAV).size);
    assert.match(text, /filename="tone\.wav"\r\nContent-Type: audio\/wav/);
    assert.ok(!text.includes(fs.realpathSync(fixturePath('.'))), 'no folder of the path in the body');
    assert.ok(!text.includes('fixtures'), 'no folder of the path in the body');
  });

  it('ws#1 ws#2 transcription: verbose_json segments, the file intact, the key only in Authorization', async () => {
    const t = await transcribe(http(), { file: WAV, model: 'whisper-1', language: 'en', prompt: 'A greeting' });
    assert.equal(t.text, 'Hello from the simulator.');
    assert.deepEqual(
      t.segments.map((s) => [s.start, s.text]),
      [[0, 'Hello from the simulator.']],
    );
    assert.ok(Math.abs((t.durationSeconds ?? 0) - 0.25) < 0.01);
    assert.ok(t.costCents !== undefined && t.costCents > 0);
    const req = sim().requests.at(-1);
    assert.equal(req?.headers.authorization, 'Bearer sk-air-…');
    assert.match(req?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.equal(req?.headers['content-length'], String(Number(req?.headers['content-length'])));
    const body = lastBody();
    assert.deepEqual(body.fields, { model: 'whisper-1', language: 'en', prompt: 'A greeting', response_format: 'verbose_json' });
    assert.deepEqual(
      body.files.map((f) => [f.field, f.filename, f.sha256]),
      [['file', 'tone.wav', wavSha]],
    );
    assert.ok(!JSON.stringify(body).includes(DEMO_KEY));
  });

  it('ws#1 transcription accepts plain JSON {text}, plain text, and a server that refuses response_format', async () => {
    sim().addFault({ fault: 'transcript-no-segments', times: 1 });
    const json = await transcribe(http(), { file: WAV, model: 'whisper-1' });
    assert.equal(json.text, 'Hello from the simulator.');
    assert.deepEqual(json.segments, []);
    sim().addFault({ fault: 'transcript-as-text', times: 1 });
    const text = await transcribe(http(), { file: WAV, model: 'whisper-1' });
    assert.deepEqual([text.text, text.segments], ['Hello from the simulator.', []]);
    sim().requests.length = 0;
    sim().addFault({ fault: 'response-format-refused', times: 1 });
    const again = await transcribe(http(), { file: WAV, model: 'whisper-1' });
    assert.equal(again.text, 'Hello from the simulator.');
    assert.deepEqual(
      sim().requests.map((r) => r.status),
      [400, 200],
      'refused once (not billed), sent once more without it',
    );
    assert.equal(lastBody().fields.response_format, undefined);
  });

  it('ws#2 a file over the limit is refused before anything is sent; the server 413 gives the same error', async () => {
    const local = await transcribe(http(), { file: WAV, model: 'whisper-1' }, { maxBytes: 1000 }).catch((e: unknown) => e);
    assert.ok(local instanceof AirforceError);
    assert.equal(local.code, 'upload_too_large');
    assert.equal(sim().requests.length, 0, 'nothing was sent');
    sim().addFault({ fault: 'upload-too-large', times: 1 });
    const server = await transcribe(http(), { file: WAV, model: 'whisper-1' }).catch((e: unknown) => e);
    assert.ok(server instanceof AirforceError);
    assert.equal(server.code, 'upload_too_large');
    assert.equal(server.type, local.type);
    assert.match(server.message, /^The file is too large to upload/);
    assert.equal(sim().requests.at(-1)?.status, 413);
  });

  it('ws#2 the simulator caps uploads by Content-Length (413) without reading them; no timer outlives the refusal', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const big = fixturePath('sample.mp4'); // ~84 KB over the 64 KiB cap of this simulator
    const err = await transcribe(http(), { file: big, model: 'whisper-1' }).catch((e: unknown) => e);
    assert.ok(err instanceof AirforceError && err.code === 'upload_too_large', String(err));
    // The body's last read comes after the early answer; a fresh answer timer then kept the test
    // process alive for 10 minutes (CI's unit layer timed out).
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(timers(), before, 'no timer left behind by the refused upload');
  });

  it('ws#2 progress climbs to the whole body, and an abort cancels the upload', async () => {
    const seen: number[] = [];
    let total = 0;
    await transcribe(http(), { file: WAV, model: 'whisper-1' }, { onProgress: (sent, all) => (seen.push(sent), (total = all)) });
    assert.ok(seen.length >= 2);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      'monotonic',
    );
    assert.equal(seen.at(-1), total);
    const ac = new AbortController();
    sim().addFault({ fault: 'upload-stall', times: 1, param: 1 });
    const p = transcribe(http(), { file: WAV, model: 'whisper-1' }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const err = await p.catch((e: unknown) => e);
    assert.equal((err as Error).name, 'AbortError');
  });

  it('ws#2 a stalled upload ends after the idle limit and says nothing was billed (the server never had it all)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'af-stall-'));
    const big = await startSimulator({ keys: [DEMO_KEY], maxUploadBytes: 64 * 1024 * 1024 });
    try {
      // Larger than every socket buffer on the way, so the stall reaches the sender.
      const file = path.join(dir, 'long.wav');
      fs.writeFileSync(file, Buffer.alloc(16 * 1024 * 1024));
      big.addFault({ fault: 'upload-stall', times: 1, param: 64 * 1024 });
      const started = Date.now();
      const err = await transcribe(recordingHttp(big, DEMO_KEY, { requestTimeoutMs: 400 }).http, { file, model: 'whisper-1' }).catch((e: unknown) => e);
      assert.ok(err instanceof AirforceError && !(err instanceof CreateOutcomeUnknownError), String(err));
      assert.equal(err.code, 'upload_stalled');
      assert.equal(err.type, 'network_error');
      assert.match(err.message, /nothing was billed/);
      assert.ok(Date.now() - started < 4000);
    } finally {
      await big.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws#2 a 429 refusal is retried with the whole file sent again (the body is opened afresh)', async () => {
    sim().addFault({ fault: 'status-429', times: 1, match: { path: '/v1/audio/transcriptions' } });
    const t = await transcribe(http(), { file: WAV, model: 'whisper-1' });
    assert.equal(t.text, 'Hello from the simulator.');
    assert.deepEqual(
      sim().requests.map((r) => r.status),
      [429, 200],
    );
    assert.equal(lastBody().files[0]?.sha256, wavSha);
  });

  it('ws#2 perf a file is read through one reused buffer, and arrives intact over node:http', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'af-reuse-'));
    const big = await startSimulator({ keys: [DEMO_KEY], maxUploadBytes: 4 * 1024 * 1024 });
    try {
      // Random bytes over many chunks: a chunk overwritten before it left would change the hash.
      const file = path.join(dir, 'take.wav');
      const bytes = randomBytes(1024 * 1024 + 123);
      fs.writeFileSync(file, bytes);
      const body = await multipartBody([{ name: 'file', path: file }]);
      const buffers = new Set<ArrayBufferLike>();
      const copies: Buffer[] = [];
      for await (const chunk of body.open()) {
        if (chunk.byteLength > 1024) buffers.add(chunk.buffer);
        copies.push(Buffer.from(chunk)); // a consumer that keeps chunks copies them
      }
      assert.equal(buffers.size, 1, 'every file chunk in the same buffer (no garbage per chunk)');
      assert.ok(Buffer.concat(copies).includes(bytes));
      await transcribe(recordingHttp(big, DEMO_KEY).http, { file, model: 'whisper-1' });
      const sent = (big.requests.at(-1)?.body as { files: { size: number; sha256: string }[] }).files[0];
      assert.deepEqual([sent?.size, sent?.sha256], [bytes.length, createHash('sha256').update(bytes).digest('hex')]);
    } finally {
      await big.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws#2 an injected fetch (which reads ahead) gets the upload intact: its chunks are copies', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'af-fetch-'));
    try {
      const file = path.join(dir, 'take.wav');
      const bytes = randomBytes(512 * 1024 + 7);
      fs.writeFileSync(file, bytes);
      let received = Buffer.alloc(0);
      const fetchImpl = (async (_url: string, init: RequestInit) => {
        received = Buffer.from(await new Response(init.body).arrayBuffer());
        return new Response(JSON.stringify({ text: 'ok' }), { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch;
      const client = new Http({ baseUrl: 'http://127.0.0.1:9', getApiKey: async () => DEMO_KEY, fetch: fetchImpl });
      const t = await transcribe(client, { file, model: 'whisper-1' });
      assert.equal(t.text, 'ok');
      assert.ok(received.includes(bytes), 'the file bytes arrive whole and in order');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws#2 an answer lost after the whole upload is a fate unknown, never re-sent', async () => {
    sim().addFault({ fault: 'reset-after-body', times: 1, match: { path: '/v1/audio/transcriptions' } });
    const err = await transcribe(http(), { file: WAV, model: 'whisper-1' }).catch((e: unknown) => e);
    assert.ok(err instanceof CreateOutcomeUnknownError, String(err));
    assert.equal(sim().requests.length, 1);
  });
});

describe('the wait for an upload’s answer (issue 19)', () => {
  it('ws#7 a server that works longer than the request timeout after the last byte is waited for: the answer timeout counts from then', async () => {
    sim().addFault({ fault: 'delay-after-body', match: { method: 'POST', path: '/v1/audio/transcriptions' }, times: 1, param: 700 });
    const t = await transcribe(http({ requestTimeoutMs: 300 }), { file: WAV, model: 'whisper-1' });
    assert.ok(t.text.length > 0, 'the transcript arrived after 700 ms, past the 300 ms request timeout');
  });

  it('ws#7 past the answer timeout the fate is unknown (the whole file was sent), never a plain failure', async () => {
    sim().addFault({ fault: 'delay-after-body', match: { method: 'POST', path: '/v1/audio/transcriptions' }, times: 1, param: 1500 });
    const err = await transcribe(http({ requestTimeoutMs: 300 }), { file: WAV, model: 'whisper-1' }, { answerTimeoutMs: 200 }).catch((e: unknown) => e);
    assert.ok(err instanceof CreateOutcomeUnknownError, String(err));
  });
});
