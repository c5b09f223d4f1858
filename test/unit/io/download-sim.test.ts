// downloadToFile against the API simulator's signed result files and its download faults.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DownloadError, downloadToFile } from '../../../src/io/download/download';
import type { Simulator } from '../../simulator/server';
import { listDir, sha256, tempDir } from './helpers';
import { completedTaskId, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY], clockSpeed: 50, resultSizeBytes: 2 * 1024 * 1024 + 7 });
let dir: string;

beforeEach(async () => {
  dir = await tempDir('af-sim-dl-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function getJson(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim().url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.ok(res.ok, `GET ${path} → ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** A completed task and its result URL, read the way the extension reads it. */
async function completedTask(): Promise<{ id: string; resultUrl: string }> {
  const id = await completedTaskId(sim(), KEY, 'sea');
  return { id, resultUrl: await readResultUrl(id) };
}

async function readResultUrl(id: string): Promise<string> {
  const task = await getJson(`/v1/video/tasks/${id}`);
  assert.equal(task['status'], 'completed');
  return String(task['result_url']);
}

const fileRequests = (since: number): Simulator['requests'] =>
  sim()
    .requests.slice(since)
    .filter((r) => r.path.startsWith('/files/'));

describe('download from the simulator', () => {
  test('saves identical bytes and sends no Authorization to the result URL', async () => {
    const { resultUrl } = await completedTask();
    const mark = sim().requests.length;
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    const files = fileRequests(mark);
    assert.equal(files.length, 1);
    for (const r of files) assert.equal(r.headers['authorization'], undefined);
  });

  test('download-truncate → Range resume → identical bytes', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-truncate', param: 300_000, times: 1 });
    const mark = sim().requests.length;
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.equal(result.resumed, 1);
    const files = fileRequests(mark);
    assert.equal(files.length, 2);
    assert.match(files[1]?.headers['range'] ?? '', /^bytes=\d+-$/);
    assert.equal(files[1]?.status, 206);
  });

  test('range-ignored after a truncation → start over → identical bytes', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-truncate', param: 500_000, times: 1 });
    sim().addFault({ fault: 'range-ignored', times: 1 });
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.equal(result.restarted, 1);
  });

  test("url-expired → one GET, an expired DownloadError, nothing on disk (the refresh is the tracker's)", async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'url-expired' });
    const mark = sim().requests.length;
    await assert.rejects(
      downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', baseIsLoopback: true }),
      (e: unknown) => e instanceof DownloadError && e.code === 'expired' && e.status === 403,
    );
    assert.equal(fileRequests(mark).length, 1);
    assert.deepEqual(await listDir(dir), []);
  });

  test('a really expired URL → expired, nothing left on disk', async () => {
    const { resultUrl } = await completedTask();
    sim().advanceClock(86_400 + 60);
    await assert.rejects(
      downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', baseIsLoopback: true }),
      (e: unknown) => e instanceof DownloadError && e.code === 'expired' && e.status === 403,
    );
    assert.deepEqual(await listDir(dir), []);
  });
});

describe('#8 a file gets its final name only when its length is confirmed', () => {
  const isFiller = (b: Buffer): boolean => b.includes(Buffer.alloc(4096, 0x5a));

  test('#8 a 206 announcing a different total is never spliced: the part starts over', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-truncate', param: 300_000, times: 1 });
    sim().addFault({ fault: 'download-range-mixed', times: 1 });
    const mark = sim().requests.length;
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    const saved = await fsp.readFile(result.path);
    assert.equal(saved.length, sim().resultBytes.length);
    assert.equal(sha256(saved), sha256(sim().resultBytes));
    assert.ok(!isFiller(saved), 'no bytes of the other file');
    assert.equal(result.restarted, 1);
    const files = fileRequests(mark);
    assert.deepEqual(
      files.map((r) => r.fault),
      ['download-truncate', 'download-range-mixed', undefined],
    );
    assert.ok(files[1]?.headers['if-range'], 'the resume named its validator');
  });

  test('#8 mixed totals on every resume → a clear failure, nothing under the final name', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-truncate', param: 300_000 });
    sim().addFault({ fault: 'download-range-mixed' });
    await assert.rejects(
      downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, maxResumes: 3, baseIsLoopback: true }),
      (e: unknown) => e instanceof DownloadError && e.code === 'size_mismatch' && /different file/.test(e.message),
    );
    assert.deepEqual(await listDir(dir), []);
  });

  test('#8 no Content-Length and cut early → not complete: a Range probe fetches the rest', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-no-length', param: 500_000, times: 1 });
    const mark = sim().requests.length;
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    const files = fileRequests(mark);
    assert.equal(files[0]?.fault, 'download-no-length');
    assert.equal(files[1]?.headers['range'], 'bytes=500000-');
    assert.equal(files[1]?.status, 206);
    assert.equal(result.resumed, 1);
  });

  test('#8 no Content-Length and the end never confirmed → not saved', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-no-length', param: 500_000 });
    sim().addFault({ fault: 'range-ignored' });
    await assert.rejects(
      downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, maxResumes: 2, baseIsLoopback: true }),
      (e: unknown) => e instanceof DownloadError && e.code === 'size_mismatch' && /never confirmed/.test(e.message),
    );
    assert.deepEqual(await listDir(dir), []);
  });

  test('no Content-Length, complete body → confirmed by a 416 naming the size', async () => {
    const { resultUrl } = await completedTask();
    sim().addFault({ fault: 'download-no-length', param: 10 * 1024 * 1024, times: 1 });
    const mark = sim().requests.length;
    const result = await downloadToFile({ url: resultUrl, dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    const files = fileRequests(mark);
    assert.deepEqual(
      files.map((r) => [r.status, r.headers['range']]),
      [
        [200, undefined],
        [416, `bytes=${sim().resultBytes.length}-`],
      ],
    );
  });
});
