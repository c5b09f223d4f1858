// Text results (a transcript and its subtitles, issue 19): written as UTF-8 under the name given
// (no signature to sniff: the name says what it is), through the same part file as bytes, never
// replacing a file, refused outside the folder or once cancelled, with no part file left behind.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { writeResult } from '../../../src/io/results';
import { listDir, rejectsWith, tempDir } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-text-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('writeResult with text', () => {
  it('writes the text as UTF-8 under its own name and extension, whatever `accept` says', async () => {
    const text = 'Привет, мир. Ciao.\n';
    const saved = await writeResult({ dir, fileName: 'clip.srt', source: { text }, accept: ['mp3'] });
    assert.equal(saved.path, path.join(dir, 'clip.srt'));
    assert.equal(saved.bytes, Buffer.byteLength(text, 'utf8'));
    assert.equal(saved.type, undefined, 'not sniffed');
    assert.equal(await fsp.readFile(saved.path, 'utf8'), text);
  });

  it('never replaces a file: the next one gets -2; an empty text is a file too', async () => {
    const first = await writeResult({ dir, fileName: 'a.transcript.txt', source: { text: 'one' } });
    const second = await writeResult({ dir, fileName: 'a.transcript.txt', source: { text: '' } });
    assert.equal(path.basename(second.path), 'a.transcript-2.txt');
    assert.equal(await fsp.readFile(first.path, 'utf8'), 'one');
    assert.equal(await fsp.readFile(second.path, 'utf8'), '');
    assert.deepEqual(await listDir(dir), ['a.transcript-2.txt', 'a.transcript.txt']);
  });

  it('refuses a name outside the folder and a cancelled write, leaving nothing', async () => {
    await rejectsWith(writeResult({ dir, fileName: '../escape.txt', source: { text: 'x' } }), 'unsafe_path');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await rejectsWith(writeResult({ dir, fileName: 'late.txt', source: { text: 'x' }, signal: controller.signal }), 'aborted');
    assert.deepEqual(await listDir(dir), []);
    await fsp.access(path.join(path.dirname(dir), 'escape.txt')).then(
      () => assert.fail('written outside'),
      () => undefined,
    );
  });

  it("another file's sidecar holds the base name, unless this result gets no sidecar of its own", async () => {
    await fsp.writeFile(path.join(dir, 'clip.mp4'), 'video');
    await fsp.writeFile(path.join(dir, 'clip.json'), JSON.stringify({ generator: 'airforce-media', result_file: 'clip.mp4' }));
    const held = await writeResult({ dir, fileName: 'clip.srt', source: { text: 'a' } });
    assert.equal(path.basename(held.path), 'clip-2.srt', 'a result with a sidecar would need clip.json');
    const free = await writeResult({ dir, fileName: 'clip.vtt', source: { text: 'b' }, ownSidecar: false });
    assert.equal(path.basename(free.path), 'clip.vtt');
    const taken = await writeResult({ dir, fileName: 'clip.vtt', source: { text: 'c' }, ownSidecar: false });
    assert.equal(path.basename(taken.path), 'clip-2.vtt', 'still never replacing a file');
    assert.equal(await fsp.readFile(free.path, 'utf8'), 'b');
  });

  it('creates the output folder when it is missing', async () => {
    const nested = path.join(dir, 'out', 'deeper');
    const saved = await writeResult({ dir: nested, fileName: 'x.vtt', source: { text: 'WEBVTT\n' } });
    assert.equal(saved.path, path.join(nested, 'x.vtt'));
  });
});
