// The results step for base64 and byte results (issue 8, "One results step"): the bytes on disk are
// the bytes given, the extension comes from the magic number, a wrong type is refused, and a failure
// leaves nothing under the final name (and no part file).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DownloadError } from '../../../src/io/download/downloadError';
import { sniffMediaType, type MediaType } from '../../../src/io/magic';
import { writeResult, type WriteResultOptions } from '../../../src/io/results';
import { saveResult } from '../../../src/jobs/video/saveResult';
import { listDir, rejectsWith, sha256, tempDir } from './helpers';
import { fixturePath } from '../../simulator/resultBytes';
import { taskRecord } from '../jobs/record-helpers';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-results-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const bytes = (...parts: (number[] | string | Uint8Array)[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

// Heads of real files, padded with noise: only the signature matters to the sniffer, and an
// image's own end (PNG IEND, JPEG EOI, the WebP RIFF length) to the completeness check.
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const SAMPLES: Record<MediaType, Buffer> = {
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], randomBytes(300), PNG_IEND),
  jpeg: bytes(
    [0xff, 0xd8, 0xff, 0xe0],
    randomBytes(300).map((b) => (b === 0xff ? 0 : b)),
    [0xff, 0xd9],
  ),
  webp: bytes('RIFF', [0x34, 0x01, 0, 0], 'WEBPVP8 ', randomBytes(300)), // 0x134 = 308 = 4 + 4 + 300
  mp3: bytes('ID3', [4, 0, 0, 0, 0, 0, 0], randomBytes(300)),
  wav: bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ', randomBytes(300)),
  mp4: bytes([0, 0, 0, 0x20], 'ftypisom', randomBytes(300)),
};

const write = (source: WriteResultOptions['source'], extra: Partial<WriteResultOptions> = {}): ReturnType<typeof writeResult> =>
  writeResult({ source, dir, fileName: 'clip.mp4', ...extra });

async function* chunked(data: Buffer, size: number, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) {
    if (failAfter !== undefined && at >= failAfter) throw new Error('connection reset');
    yield data.subarray(at, at + size);
  }
}

describe('magic numbers', () => {
  test('each known signature is recognised; others are not', () => {
    for (const [type, sample] of Object.entries(SAMPLES)) assert.equal(sniffMediaType(sample), type, type);
    assert.equal(sniffMediaType(bytes([0xff, 0xfb, 0x90, 0x44])), 'mp3', 'an MPEG frame without ID3');
    assert.equal(sniffMediaType(bytes([0xff, 0xf1, 0x50, 0x80])), undefined, 'AAC ADTS is not MP3');
    assert.equal(sniffMediaType(bytes('RIFF', [0, 0, 0, 0], 'AVI LIST')), undefined);
    assert.equal(sniffMediaType(bytes('<html><body>')), undefined);
    assert.equal(sniffMediaType(new Uint8Array(0)), undefined);
  });
});

describe('writeResult from base64', () => {
  test('#8 b64 → file whose sha256 is the decoded input, extension from the magic number', async () => {
    const saved = await write({ b64: SAMPLES.png.toString('base64') });
    assert.equal(saved.path, path.join(dir, 'clip.png'));
    assert.equal(saved.type, 'png');
    assert.equal(saved.bytes, SAMPLES.png.length);
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(SAMPLES.png));
    assert.deepEqual(await listDir(dir), ['clip.png']);
  });

  test('#8 a JPEG takes .jpg; a taken name gets -2, nothing replaced', async () => {
    await fsp.writeFile(path.join(dir, 'clip.jpg'), 'mine');
    const saved = await write({ b64: SAMPLES.jpeg.toString('base64') });
    assert.equal(path.basename(saved.path), 'clip-2.jpg');
    assert.equal(await fsp.readFile(path.join(dir, 'clip.jpg'), 'utf8'), 'mine');
  });

  test('#8 a wrong magic number is refused and nothing is left', async () => {
    await rejectsWith(write({ b64: Buffer.from('<html>not an image</html>').toString('base64') }), 'unsupported_type');
    await rejectsWith(write({ b64: SAMPLES.wav.toString('base64') }, { accept: ['png', 'jpeg', 'webp'] }), 'unsupported_type');
    assert.deepEqual(await listDir(dir), []);
  });

  test('#8 text that is not base64 is refused, not silently decoded', async () => {
    await rejectsWith(write({ b64: `${SAMPLES.png.toString('base64')}!!` }), 'unsupported_type');
    await rejectsWith(write({ b64: `data:image/png;base64,${SAMPLES.png.toString('base64')}` }), 'unsupported_type');
    assert.deepEqual(await listDir(dir), []);
  });
});

describe('r3#16 an image cut short is refused by its own structure', () => {
  test('r3#16 a truncated but decodable base64 PNG, JPEG or WebP is refused and nothing is left; whole ones pass', async () => {
    for (const type of ['png', 'jpeg', 'webp'] as const) {
      const whole = SAMPLES[type];
      for (const keep of [22, Math.floor(whole.length / 2), whole.length - 1]) {
        await rejectsWith(write({ b64: whole.subarray(0, keep).toString('base64') }, { accept: ['png', 'jpeg', 'webp'] }), 'size_mismatch');
      }
      assert.deepEqual(
        (await listDir(dir)).filter((n) => !n.startsWith('whole-')),
        [],
        type,
      );
      const saved = await write({ b64: whole.toString('base64') }, { fileName: `whole-${type}.bin` });
      assert.equal(saved.type, type);
    }
  });

  test("r3#16 the simulator's image fixtures pass, also streamed in small chunks (the end marker spans chunks)", async () => {
    for (const name of ['demo-image.png', 'demo-image.jpg']) {
      const data = readFileSync(fixturePath(name));
      const saved = await write({ bytes: chunked(data, 5) }, { fileName: name });
      assert.equal(sha256(await fsp.readFile(saved.path)), sha256(data));
      const cut = data.subarray(0, data.length - 3);
      await rejectsWith(write({ bytes: chunked(cut, 7) }, { fileName: name }), 'size_mismatch');
    }
  });
});

describe('writeResult from bytes', () => {
  test('#8 an async iterable of chunks → sha256 equal to the input, .mp3 from ID3', async () => {
    const audio = bytes(SAMPLES.mp3, randomBytes(3 * 1024 * 1024));
    const saved = await write({ bytes: chunked(audio, 5) }); // 5-byte chunks: the head spans several
    assert.equal(path.basename(saved.path), 'clip.mp3');
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(audio));
  });

  test('#8 a fetch Response body (web stream) → .wav, identical bytes', async () => {
    const audio = bytes(SAMPLES.wav, randomBytes(100_000));
    const saved = await write({ bytes: new Response(new Uint8Array(audio)).body as ReadableStream<Uint8Array> }, { accept: ['mp3', 'wav'] });
    assert.equal(path.basename(saved.path), 'clip.wav');
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(audio));
  });

  test('#8 a wrong magic number is refused before the rest is read; nothing left', async () => {
    let pulled = 0;
    async function* html(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.from('<html>error page</html>');
      }
    }
    await rejectsWith(write({ bytes: html() }), 'unsupported_type');
    assert.equal(pulled, 1);
    assert.deepEqual(await listDir(dir), []);
  });

  test('#8 a stream that breaks midway, an over-size one, or an empty one leaves nothing under the final name', async () => {
    const audio = bytes(SAMPLES.mp3, randomBytes(200_000));
    await assert.rejects(write({ bytes: chunked(audio, 10_000, 100_000) }), /connection reset/);
    await rejectsWith(write({ bytes: chunked(audio, 10_000) }, { maxBytes: 50_000 }), 'too_large');
    await rejectsWith(write({ bytes: chunked(Buffer.alloc(0), 1) }), 'unsupported_type');
    assert.deepEqual(await listDir(dir), []);
  });

  test('#8 a cancelled save leaves nothing', async () => {
    const controller = new AbortController();
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield SAMPLES.mp3;
      controller.abort();
      yield Buffer.alloc(1000);
    }
    await rejectsWith(write({ bytes: slow() }, { signal: controller.signal }), 'aborted');
    assert.deepEqual(await listDir(dir), []);
  });
});

describe('saveResult with a base64 source', () => {
  test('#8 the task record, a b64 result → <name>.png and a sidecar naming it', async () => {
    const record = taskRecord({ taskId: 'img-task-1', prompt: 'A red fox', status: 'completed', progress: 100, created: 1_736_244_000 });
    const saved = await saveResult({ record, dir, baseIsLoopback: true, source: { b64: SAMPLES.png.toString('base64') }, accept: ['png'] });
    assert.match(path.basename(saved.path), /-a-red-fox-imgtask1\.png$/);
    assert.equal(saved.type, 'png');
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(SAMPLES.png));
    assert.ok(saved.sidecarPath, saved.sidecarProblem);
    const sidecar = JSON.parse(await fsp.readFile(saved.sidecarPath, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar['result_file'], path.basename(saved.path));
    assert.equal(sidecar['result_bytes'], SAMPLES.png.length);
  });

  test('#8 a refused b64 result leaves neither file nor sidecar', async () => {
    const record = taskRecord({ taskId: 'img-task-2', prompt: 'A red fox', status: 'completed', progress: 100 });
    await assert.rejects(
      saveResult({ record, dir, baseIsLoopback: true, source: { b64: SAMPLES.mp4.toString('base64') }, accept: ['png'] }),
      (e: unknown) => e instanceof DownloadError && e.code === 'unsupported_type',
    );
    assert.deepEqual(await listDir(dir), []);
  });
});
