// The wire under a hostile server, round three (issue 16: #9, #10, #14, #21) and connection reuse
// (issue 17 item 2): the real client on node:http against the simulator, or a small local server
// where the simulator has no such answer (gzip, a redirect).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';
import { AirforceClient } from '../../../src/api/client';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { imageAnswerCap, readImageAnswer } from '../../../src/api/imageAnswer';
import { apiConnectionsPer20Calls, simulatorTarget } from '../../simulator/apiConnections';
import { captureLogger, recordingClient, useSimulator } from '../simulator/sim-helpers';
import { startFileServer } from '../io/helpers';

const KEY = 'sk-air-wire-unit-0123456789';
const MiB = 1024 * 1024;
const sim = useSimulator({ keys: [KEY] });
const PNG_MAGIC = '89504e470d0a1a0a';

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return assert.fail('expected a rejection');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('the wire (issue 16 round three, issue 17 item 2)', () => {
  it('r3#9 four ~2 MB images as base64 (a 10.7 MiB answer) are read whole, not refused at the 8 MiB JSON cap', async () => {
    sim().addFault({ fault: 'image-large', times: 1, param: 2_000_000 });
    const { client } = recordingClient(sim(), KEY);
    const r = await client.images.generate({ model: 'flux-2-dev', prompt: 'four big foxes', n: 4, response_format: 'b64_json' });
    assert.equal(r.images.length, 4);
    for (const img of r.images) {
      assert.ok('b64_json' in img);
      const bytes = Buffer.from(img.b64_json, 'base64');
      assert.ok(bytes.length >= 1_990_000 && bytes.length <= 2_010_000, `${bytes.length} bytes`);
      assert.equal(bytes.subarray(0, 8).toString('hex'), PNG_MAGIC);
    }
    assert.equal(r.costCents, 10); // still billed and recorded: 4 × 2500 / 1000
  });

  it('r3#9 the image answer cap is sized for n images (64 MiB at least), and an answer over it is refused as too large', async () => {
    assert.equal(imageAnswerCap(1), 64 * MiB);
    assert.equal(imageAnswerCap(8), 128 * MiB);
    const big = new Response(`data: ${'x'.repeat(5000)}\n\n`).body as ReadableStream<Uint8Array>;
    assert.deepEqual(await readImageAnswer(big, true, 4096), { kind: 'too-large', received: 5008 });
    // Lines split across chunks at any byte (CRLF split too) still make the one event.
    const text = ': keep-alive\r\n\r\ndata: {"created":1,\r\ndata: "data":[]}\r\n\r\ndata: [DONE]\r\n\r\n';
    const chunks = [...Buffer.from(text)].map((b) => new Uint8Array([b]));
    const stream = new ReadableStream<Uint8Array>({ start: (c) => (chunks.forEach((x) => c.enqueue(x)), c.close()) });
    assert.deepEqual(await readImageAnswer(stream, true, 4096), { kind: 'json', json: { created: 1, data: [] } });
  });

  it('r3#10 keep-alive comments every 0.3 s keep an image answer that comes at 4 s alive under a 3 s timeout', async () => {
    sim().addFault({ fault: 'image-slow-sse', times: 1, param: '4000,300' });
    const { client } = recordingClient(sim(), KEY, { requestTimeoutMs: 3_000 });
    const started = Date.now();
    const r = await client.images.generate({ model: 'flux-2-dev', prompt: 'a slow model' });
    assert.ok(Date.now() - started >= 3_900, 'the answer came at 4 s');
    assert.equal(r.images.length, 1);
  });

  it('r3#10 without keep-alives the same answer stalls: the idle timer ends it as "probably billed" (a 2xx), not a lost connection', async () => {
    sim().addFault({ fault: 'image-slow-sse', times: 1, param: '4000,60000' });
    const { client } = recordingClient(sim(), KEY, { requestTimeoutMs: 800 });
    const started = Date.now();
    const e = await caught(client.images.generate({ model: 'flux-2-dev', prompt: 'a silent model' }));
    assert.ok(Date.now() - started < 2_500, `ended after ${Date.now() - started} ms`);
    assert.ok(e instanceof AirforceError && !(e instanceof CreateOutcomeUnknownError), String(e));
    assert.equal(e.code, 'answer_stalled');
    assert.equal(e.status, 200);
    assert.match(e.message, /the answer stopped: nothing arrived for 1 s.*probably generated \(and billed\)/);
  });

  it('r3#14 a body trickling forever ends at the 2 s timeout even after a garbage collection at 0.7 s', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    sim().addFault({ fault: 'body-trickle', match: { path: '/v1/video/tasks' }, param: 50 });
    const { client } = recordingClient(sim(), KEY, { requestTimeoutMs: 2_000, maxRetries: 0 });
    const collect = setTimeout(gc, 700);
    const started = Date.now();
    let guard: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([caught(client.listTasks()), new Promise((resolve) => (guard = setTimeout(() => resolve('still reading at 6 s'), 6_000)))]);
    clearTimeout(collect);
    clearTimeout(guard);
    assert.ok(outcome instanceof AirforceError, String(outcome));
    assert.equal(outcome.code, 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 1_900 && took < 3_000, `ended after ${took} ms`);
  });

  it('r3#21 connection refused: a plain network error marked "nothing sent", never an unknown outcome, not retried', async () => {
    const port = await closedPort();
    const delays: number[] = [];
    const c = new AirforceClient({ baseUrl: `http://127.0.0.1:${port}`, getApiKey: async () => KEY, sleep: async (ms) => void delays.push(ms) });
    for (const call of [() => c.images.generate({ model: 'flux-2-dev', prompt: 'x' }), () => c.audio.speech({ model: 'eleven-tts-v3', input: 'x', voice: 'rachel' })]) {
      const e = await caught(call());
      assert.ok(e instanceof AirforceError && !(e instanceof CreateOutcomeUnknownError), String(e));
      assert.equal(e.type, 'network_error');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.equal(e.notSent, true);
    }
    assert.deepEqual(delays, [], 'a POST is not retried on its own');
  });

  it('r3#21 an error event in the image stream is a provider error without a 2xx status (nothing billed)', async () => {
    sim().addFault({ fault: 'image-error-event', times: 1, param: 'provider exploded' });
    const { client } = recordingClient(sim(), KEY);
    const e = await caught(client.images.generate({ model: 'flux-2-dev', prompt: 'doomed' }));
    assert.ok(e instanceof AirforceError, String(e));
    assert.equal(e.code, 'provider_error');
    assert.equal(e.status, undefined);
    assert.equal(e.apiMessage, 'provider exploded');
    assert.doesNotMatch(e.message, /probably|billed/);
  });

  it('perf#2 20 API calls of one client come on one TCP connection (node:http keep-alive)', async () => {
    const { client } = recordingClient(sim(), KEY);
    const before = sim().connections.accepted;
    const figure = await apiConnectionsPer20Calls(client, simulatorTarget(sim()));
    assert.equal(figure.calls, 20);
    assert.equal(figure.connections, 1, figure.trace.join('\n'));
    assert.equal(sim().connections.accepted - before, 1);
  });

  it('the transport decodes gzip, deflate and br answers, and never follows a redirect', async () => {
    const body = JSON.stringify({ data: [{ task_id: 't1', status: 'queued', model: 'wan-2.6', prompt: 'p', created: 1, progress: 0 }] });
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync };
    const server = await startFileServer((req, res, i) => {
      if (req.url?.startsWith('/moved')) return void res.writeHead(302, { location: '/v1/video/tasks' }).end();
      const enc = Object.keys(encoders)[i % 3];
      const out = encoders[enc](Buffer.from(body));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': enc, 'content-length': out.length }).end(out);
    });
    try {
      const logger = captureLogger();
      const c = new AirforceClient({ baseUrl: server.url, getApiKey: async () => KEY, logger, maxRetries: 0 });
      for (let i = 0; i < 3; i++) assert.equal((await c.listTasks())[0]?.task_id, 't1');
      assert.match(String(server.requests[0].headers['accept-encoding']), /gzip/);
      const moved = new AirforceClient({ baseUrl: `${server.url}/moved`, getApiKey: async () => KEY, maxRetries: 0 });
      const e = await caught(moved.listTasks());
      assert.ok(e instanceof AirforceError && e.code === 'redirect', String(e));
      assert.equal(server.requests.filter((r) => r.url === '/v1/video/tasks').length, 3, 'the redirect target was never asked');
    } finally {
      await server.close();
    }
  });
});
