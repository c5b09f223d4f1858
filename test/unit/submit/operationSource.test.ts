// An operation's workspace file (issue 19): only a file inside an open workspace folder is measured
// (size, duration from its header) and ever uploaded; its sha256 is streamed; "Run again" finds it
// at its path, or after a rename in the same folder by its size and sha256 — but not once its
// content changed.
import { fakeVscode, FakeUri } from '../vscodeFake';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixturePath } from '../../simulator/resultBytes';

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'af-opsrc-')));
const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'af-opout-')));
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(root) }];
Object.assign(fakeVscode.workspace, { asRelativePath: (p: string) => path.relative(root, p).split(path.sep).join('/') });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { locateSource, measureSource, sha256Of } = require('../../../src/submit/vscode/operationSource') as typeof import('../../../src/submit/vscode/operationSource');

after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const place = (name: string, fixture = 'tone.wav', dir = root): string => {
  const file = path.join(dir, name);
  copyFileSync(fixturePath(fixture), file);
  return file;
};

describe('measureSource', () => {
  it('a workspace media file: its path, relative path, size and duration (no hash yet)', async () => {
    const file = place('take.wav');
    const s = await measureSource(file);
    assert.equal(s.path, file);
    assert.equal(s.relative, 'take.wav');
    assert.equal(s.bytes, readFileSync(file).length);
    assert.ok(s.durationSeconds !== undefined && Math.abs(s.durationSeconds - 0.25) < 0.01);
    assert.equal(s.sha256, undefined);
  });

  it('a file whose header tells nothing: measured without a duration (the estimate says price unknown)', async () => {
    const file = path.join(root, 'notes.txt');
    writeFileSync(file, 'not media');
    const s = await measureSource(file);
    assert.equal(s.durationSeconds, undefined);
  });

  it('refuses a file outside the workspace folders, a missing file and a folder, by name', async () => {
    await assert.rejects(measureSource(place('elsewhere.wav', 'tone.wav', outside)), /elsewhere\.wav is outside the open workspace folders/);
    await assert.rejects(measureSource(path.join(root, 'gone.wav')), /gone\.wav is not a file that can be read/);
    await assert.rejects(measureSource(root), /is not a file that can be read/);
    await assert.rejects(measureSource(undefined), /Choose an audio or video file/);
  });
});

describe('sha256Of and locateSource', () => {
  it('the streamed sha256 is the file’s', async () => {
    const file = place('hash.mp4', 'sample.mp4');
    assert.equal(await sha256Of(file), sha(file));
  });

  it('finds the file at its path, or renamed in the same folder by its content; not once it changed', async () => {
    // A folder of its own: a copy of the same bytes elsewhere in it would be found as well.
    const dir = path.join(root, 'locate');
    mkdirSync(dir);
    const file = place('clip.wav', 'tone.wav', dir);
    const source = { path: file, sha256: sha(file), bytes: readFileSync(file).length };
    assert.equal(await locateSource(source), file);
    // Another file of the same folder, different content: never taken for it.
    place('other.mp3', 'tone.mp3', dir);
    const renamed = path.join(dir, 'clip (final).wav');
    renameSync(file, renamed);
    assert.equal(await locateSource(source), renamed);
    // Same size, other content: not found.
    const bytes = readFileSync(renamed);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(renamed, bytes);
    assert.equal(await locateSource(source), undefined);
  });

  it('without a kept hash only the path counts (its size must still match)', async () => {
    const file = place('nohash.wav');
    assert.equal(await locateSource({ path: file }), file);
    assert.equal(await locateSource({ path: file, bytes: 1 }), undefined);
    assert.equal(await locateSource({ path: path.join(root, 'missing.wav') }), undefined);
  });
});
