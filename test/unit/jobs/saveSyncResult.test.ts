// Saving image and audio results (issue 8): `<date>-<slug>-<id8>[-<i>].<ext>` with the extension
// from the bytes, written through a part file, and a sidecar with the fields the issue lists.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { saveSyncResult, syncFileName } from '../../../src/jobs/sync/saveSyncResult';
import { MediaSidecarSchema, mediaSidecarFromRecord } from '../../../src/jobs/sync/mediaSidecar';
import { writeSidecarJson } from '../../../src/io/sidecar';
import { recordFromSyncRequest, type SyncKind, type SyncRequest } from '../../../src/jobs/sync/record';
import type { TrackedJobRecord } from '../../../src/jobs/records';
import { fixturePath } from '../../simulator/resultBytes';
import { listDir, serveBytes, sha256, startFileServer, tempDir } from '../io/helpers';

const PNG = readFileSync(fixturePath('demo-image.png'));
const JPEG = readFileSync(fixturePath('demo-image.jpg'));
const MP3 = readFileSync(fixturePath('tone.mp3'));
// 2026-03-04 12:00 local time.
const CREATED = Math.floor(new Date(2026, 2, 4, 12).getTime() / 1000);

function job(kind: SyncKind, request: SyncRequest, over: Partial<TrackedJobRecord> = {}): TrackedJobRecord {
  const record = recordFromSyncRequest(kind, request, { origin: { type: 'panel' } }, 'local-1', CREATED);
  return { ...record, taskId: 'Req7f3a9c21ffee', settledCostCents: 4, status: 'completed', completedAt: CREATED + 3, ...over };
}

const readJson = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await fsp.readFile(file, 'utf8')) as Record<string, unknown>;

describe('saveSyncResult', () => {
  it('two b64 PNG results become <date>-<slug>-<id8>-1.png and -2.png with sidecars, bytes identical', async () => {
    const dir = await tempDir();
    const record = job('image', { model: 'imagen-4', prompt: 'A red fox, at dusk!', n: 2, aspect_ratio: '1:1', seed: 7 });
    const saved = [];
    for (const index of [0, 1]) {
      saved.push(await saveSyncResult({ record, source: { b64: PNG.toString('base64') }, index, count: 2, dir, baseIsLoopback: true }));
    }
    assert.deepEqual(
      saved.map((s) => path.basename(s.path)),
      ['2026-03-04-a-red-fox-at-dusk-req7f3a9-1.png', '2026-03-04-a-red-fox-at-dusk-req7f3a9-2.png'],
    );
    assert.deepEqual(await listDir(dir), [
      '2026-03-04-a-red-fox-at-dusk-req7f3a9-1.json',
      '2026-03-04-a-red-fox-at-dusk-req7f3a9-1.png',
      '2026-03-04-a-red-fox-at-dusk-req7f3a9-2.json',
      '2026-03-04-a-red-fox-at-dusk-req7f3a9-2.png',
    ]);
    for (const [i, s] of saved.entries()) {
      assert.equal(s.type, 'png');
      assert.equal(sha256(await fsp.readFile(s.path)), sha256(PNG));
      const sidecar = await readJson(s.sidecarPath ?? '');
      assert.ok(MediaSidecarSchema.safeParse(sidecar).success);
      assert.equal(sidecar.kind, 'image');
      assert.equal(sidecar.model, 'imagen-4');
      assert.equal(sidecar.prompt, 'A red fox, at dusk!');
      assert.equal(sidecar.n, 2);
      assert.equal(sidecar.aspect_ratio, '1:1');
      assert.equal(sidecar.seed, 7);
      assert.equal(sidecar.cost_cents_request, 4);
      assert.equal(sidecar.cost_cents_share, 2);
      assert.equal(sidecar.request_id, 'Req7f3a9c21ffee');
      assert.equal(sidecar.created, new Date(CREATED * 1000).toISOString());
      assert.equal(sidecar.result_file, path.basename(s.path));
      assert.equal(sidecar.index, i + 1);
      assert.equal(sidecar.generator, 'airforce-media');
    }
  });

  it('speech bytes are named by their magic number (.mp3 although wav was asked for); the sidecar has input, not prompt', async () => {
    const dir = await tempDir();
    const record = job('speech', { model: 'eleven-tts', input: 'Hello there.', voice: 'rachel', response_format: 'wav' }, { settledCostCents: undefined });
    async function* body(): AsyncGenerator<Uint8Array> {
      yield MP3.subarray(0, 5); // split inside the sniffed head
      yield MP3.subarray(5);
    }
    const s = await saveSyncResult({ record, source: { bytes: body() }, index: 0, count: 1, dir, baseIsLoopback: true });
    assert.equal(path.basename(s.path), '2026-03-04-hello-there-req7f3a9.mp3');
    assert.equal(sha256(await fsp.readFile(s.path)), sha256(MP3));
    const sidecar = await readJson(s.sidecarPath ?? '');
    assert.equal(sidecar.kind, 'speech');
    assert.equal(sidecar.input, 'Hello there.');
    assert.equal(sidecar.prompt, undefined);
    assert.equal(sidecar.voice, 'rachel');
    assert.equal(sidecar.response_format, 'wav');
    assert.equal('cost_cents' in sidecar, false, 'no cost when the server sent none');
    assert.equal('index' in sidecar, false);
  });

  it('a URL result is downloaded and renamed to what its bytes are (JPEG → .jpg)', async () => {
    const dir = await tempDir();
    const server = await startFileServer((req, res) => serveBytes(req, res, JPEG));
    try {
      const record = job('image', { model: 'imagen-4', prompt: 'harbour' });
      const s = await saveSyncResult({ record, source: { url: `${server.url}/img` }, index: 0, count: 1, dir, baseIsLoopback: true, lookup: null });
      assert.equal(path.basename(s.path), '2026-03-04-harbour-req7f3a9.jpg');
      assert.equal(s.type, 'jpeg');
      assert.equal(sha256(await fsp.readFile(s.path)), sha256(JPEG));
      assert.deepEqual(await listDir(dir), ['2026-03-04-harbour-req7f3a9.jpg', '2026-03-04-harbour-req7f3a9.json']);
      assert.equal((await readJson(s.sidecarPath ?? '')).result_file, '2026-03-04-harbour-req7f3a9.jpg');
    } finally {
      await server.close();
    }
  });

  it("a URL result takes its sniffed extension before its one rename: no file ever holds the kind's usual name", async () => {
    const dir = await tempDir();
    const server = await startFileServer((req, res) => serveBytes(req, res, JPEG));
    const claimed: string[] = [];
    const realLink = fsp.link.bind(fsp);
    const realRename = fsp.rename.bind(fsp);
    const link = mock.method(fsp, 'link', (from: string, to: string) => (claimed.push(path.basename(String(to))), realLink(from, to)));
    const rename = mock.method(fsp, 'rename', (from: string, to: string) => (claimed.push(path.basename(String(to))), realRename(from, to)));
    try {
      const record = job('image', { model: 'imagen-4', prompt: 'harbour' });
      const s = await saveSyncResult({ record, source: { url: `${server.url}/img` }, index: 0, count: 1, dir, baseIsLoopback: true, lookup: null });
      assert.equal(path.basename(s.path), '2026-03-04-harbour-req7f3a9.jpg');
      // One final name claimed; a second rename (download as .png, then fix) would add '….png' first.
      assert.deepEqual(
        claimed.filter((n) => !n.endsWith('.json')),
        ['2026-03-04-harbour-req7f3a9.jpg'],
        'the sidecar aside',
      );
    } finally {
      link.mock.restore();
      rename.mock.restore();
      await server.close();
    }
  });

  it('bytes of the wrong kind (an MP3 for an image job, HTML by URL) are refused and nothing stays on disk', async () => {
    const dir = await tempDir();
    const record = job('image', { model: 'imagen-4', prompt: 'fox' });
    await assert.rejects(saveSyncResult({ record, source: { b64: MP3.toString('base64') }, index: 0, count: 1, dir, baseIsLoopback: true }), /not a PNG, JPG, WEBP file \(MP3\)/);
    const server = await startFileServer((req, res) => serveBytes(req, res, Buffer.from('<html>no</html>')));
    try {
      await assert.rejects(saveSyncResult({ record, source: { url: `${server.url}/x` }, index: 0, count: 1, dir, baseIsLoopback: true, lookup: null }), /unknown type/);
    } finally {
      await server.close();
    }
    assert.deepEqual(await listDir(dir), []);
  });

  it('a single result has no -<i>; an empty prompt falls back to the kind; the id falls back to the local id', () => {
    const record = job('sfx', { model: 'sfx-1', prompt: '' }, { taskId: undefined });
    assert.equal(syncFileName(record, 0, 1, 'wav'), '2026-03-04-sfx-local1.wav');
    assert.equal(syncFileName(record, 2, 3, 'wav'), '2026-03-04-sfx-local1-3.wav');
  });

  it('a sidecar name held by a foreign file is left alone (the result still counts as saved); one of ours is replaced', async () => {
    const dir = await tempDir();
    const record = job('music', { model: 'music-1', prompt: 'calm piano', music_length_ms: 10_000 });
    const name = '2026-03-04-calm-piano-req7f3a9';
    const save = (): ReturnType<typeof saveSyncResult> => saveSyncResult({ record, source: { b64: MP3.toString('base64') }, index: 0, count: 1, dir, baseIsLoopback: true });
    await fsp.writeFile(path.join(dir, `${name}.json`), '{"mine": true}');
    const first = await save();
    assert.equal(path.basename(first.path), `${name}.mp3`);
    assert.equal(first.sidecarPath, undefined);
    assert.match(first.sidecarProblem ?? '', /not an Airforce sidecar; left untouched/);
    assert.deepEqual(await readJson(path.join(dir, `${name}.json`)), { mine: true });

    // An earlier save's sidecar whose file is gone: replaced by the new one.
    await fsp.rm(first.path);
    await fsp.writeFile(
      path.join(dir, `${name}.json`),
      JSON.stringify({ kind: 'music', model: 'old', prompt: 'old', created: 1, result_file: 'old.mp3', generator: 'airforce-media' }),
    );
    const second = await save();
    assert.equal(second.sidecarPath, path.join(dir, `${name}.json`));
    const sidecar = await readJson(second.sidecarPath);
    assert.equal(sidecar.model, 'music-1');
    assert.equal(sidecar.music_length_ms, 10_000);
  });
});

describe('r3#12 a base name is taken for the file and its sidecar together', () => {
  it('r3#12 a later JPEG with the same base name as an earlier PNG gets -2 with its own sidecar; x.json keeps describing x.png', async () => {
    const dir = await tempDir();
    const name = '2026-03-04-a-fox-req7f3a9';
    const save = (taskId: string, localId: string, bytes: Buffer): ReturnType<typeof saveSyncResult> =>
      saveSyncResult({
        record: job('image', { model: 'imagen-4', prompt: 'a fox' }, { taskId, localId }),
        source: { b64: bytes.toString('base64') },
        index: 0,
        count: 1,
        dir,
        baseIsLoopback: true,
      });
    const png = await save('req7f3a9-first', 'local-1', PNG);
    const jpg = await save('req7f3a9-second', 'local-2', JPEG);
    assert.equal(path.basename(png.path), `${name}.png`);
    assert.equal(path.basename(jpg.path), `${name}-2.jpg`);
    assert.deepEqual(await listDir(dir), [`${name}-2.jpg`, `${name}-2.json`, `${name}.json`, `${name}.png`]);
    const first = await readJson(path.join(dir, `${name}.json`));
    assert.equal(first.result_file, `${name}.png`);
    assert.equal(first.request_id, 'req7f3a9-first');
    const second = await readJson(path.join(dir, `${name}-2.json`));
    assert.equal(second.result_file, `${name}-2.jpg`);
    assert.equal(second.request_id, 'req7f3a9-second');
  });

  it('r3#12 a sidecar of ours describing another file that is still there is never replaced by a later one', async () => {
    const dir = await tempDir();
    await fsp.writeFile(path.join(dir, 'x.png'), PNG);
    await fsp.writeFile(path.join(dir, 'x.json'), JSON.stringify({ kind: 'image', model: 'm', prompt: 'p', created: 1, result_file: 'x.png', generator: 'airforce-media' }));
    await assert.rejects(
      writeSidecarJson(path.join(dir, 'x.jpg'), { generator: 'airforce-media', kind: 'image', result_file: 'x.jpg' }),
      /x\.json already describes x\.png; left untouched/,
    );
    assert.equal((await readJson(path.join(dir, 'x.json'))).result_file, 'x.png');
  });
});

describe('fh#5 sidecars: relative paths, the cost of the request and of the file', () => {
  it('fh#5 an edited image records its input image relative to the workspace (a URL as it is)', async () => {
    const dir = await tempDir();
    const root = path.dirname(dir);
    const record = job(
      'image',
      { model: 'flux-2-dev', prompt: 'make it winter' },
      { inputImageSources: [path.join(root, 'pics', 'edit-me.png'), 'https://example.invalid/ref.jpg'] },
    );
    const saved = await saveSyncResult({ record, source: { b64: PNG.toString('base64') }, index: 0, count: 1, dir, workspaceRoot: root, baseIsLoopback: true });
    const sidecar = await readJson(saved.sidecarPath ?? '');
    assert.deepEqual(sidecar.input_images, ['pics/edit-me.png', 'https://example.invalid/ref.jpg']);
  });

  it('fh#5 each of n image sidecars records the request total and its own share; the shares add up to the total, no double count', async () => {
    const dir = await tempDir();
    const record = job('image', { model: 'flux-2-dev', prompt: 'three kites', n: 3 }, { settledCostCents: 7.5 });
    const sidecars = [];
    for (const index of [0, 1, 2]) {
      const saved = await saveSyncResult({ record, source: { b64: PNG.toString('base64') }, index, count: 3, dir, baseIsLoopback: true });
      sidecars.push(await readJson(saved.sidecarPath ?? ''));
    }
    for (const s of sidecars) {
      assert.equal(s.cost_cents_request, 7.5);
      assert.equal(s.cost_cents_share, 2.5);
      assert.equal('cost_cents' in s, false, 'the ambiguous old name is no longer written');
    }
    assert.equal(
      sidecars.reduce((sum, s) => sum + Number(s.cost_cents_share), 0),
      7.5,
    );
  });

  it('fh#5 a sidecar written before (cost_cents, no share) still reads', () => {
    const old = { kind: 'image', model: 'imagen-4', prompt: 'x', cost_cents: 4, created: '2026-03-04T12:00:00.000Z', result_file: 'x.png', generator: 'airforce-media' };
    const parsed = MediaSidecarSchema.safeParse(old);
    assert.ok(parsed.success);
    assert.equal(parsed.data.cost_cents, 4);
  });
});

describe('mediaSidecarFromRecord', () => {
  it('an image of a comparison carries the group in its sidecar', () => {
    const sidecar = mediaSidecarFromRecord(job('image', { model: 'imagen-4', prompt: 'x' }, { origin: { type: 'compare', group: 'g-7' } }), '/tmp/x.png');
    assert.equal(sidecar.group, 'g-7');
  });

  it('a completion time no ISO date can express (past year 9999) is kept as raw seconds, like the video sidecar', () => {
    const far = 3e11; // year ~11476: toISOString gives "+011476-…", which is not an ISO date
    const sidecar = mediaSidecarFromRecord(job('image', { model: 'imagen-4', prompt: 'x' }, { completedAt: far }), '/tmp/x.png');
    assert.equal(sidecar.completed, far);
    assert.equal(typeof sidecar.created, 'string');
  });
});
