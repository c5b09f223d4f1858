// The panel host's media tokens (issue 19): an operation form's file becomes a random token only after
// it is found inside a workspace folder (symlinks followed), with a media extension and within the
// upload limit; it is measured (size, duration from its header); the token resolves again, checked
// again, to the path the submit measures. A path outside the workspace is refused before the file
// system is asked anything.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MediaRegistry, type MediaFiles } from '../../../src/generate/host/mediaTokens';
import { isMediaToken } from '../../../src/generate/protocolConstants';
import { fixturePath } from '../../simulator/resultBytes';

const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'af-media-tokens-')));
const ws = path.join(tmp, 'ws');
const outside = path.join(tmp, 'outside');
mkdirSync(path.join(ws, 'takes'), { recursive: true });
mkdirSync(outside);
const wav = path.join(ws, 'takes', 'tone.wav');
copyFileSync(fixturePath('tone.wav'), wav);
const outsideWav = path.join(outside, 'secret.wav');
copyFileSync(fixturePath('tone.wav'), outsideWav);
const link = path.join(ws, 'link.wav');
symlinkSync(outsideWav, link);
const notes = path.join(ws, 'notes.txt');
writeFileSync(notes, 'notes');
const broken = path.join(ws, 'broken.mp3');
writeFileSync(broken, 'not an mp3 at all');

function spied(): { files: MediaFiles; touched: string[] } {
  const touched: string[] = [];
  const files: MediaFiles = {
    realpath: (p) => (touched.push(p), fsp.realpath(p)),
    stat: (p) => (touched.push(p), fsp.stat(p)),
    duration: async (p) => (touched.push(p), p.endsWith('tone.wav') ? 1.5 : undefined),
  };
  return { files, touched };
}

const registry = (o: Partial<ConstructorParameters<typeof MediaRegistry>[0]> = {}): MediaRegistry => new MediaRegistry({ workspaceFolders: () => [ws], ...o });

describe('media tokens for the operation forms', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('admits a workspace audio file: a random token, its name, size and duration (read from its header)', async () => {
    const r = registry();
    const admitted = await r.admit(wav);
    assert.ok(admitted.ok);
    assert.ok(isMediaToken(admitted.item.token));
    // No part of the path: its names (a random token holds "tone" or "takes" about once in 10^6 runs;
    // the folder "ws" is too short to look for), and no '.' or '/', which the token's alphabet lacks.
    assert.doesNotMatch(admitted.item.token, /tone|takes|[./]/);
    assert.equal(admitted.item.label, 'tone.wav');
    assert.equal(admitted.item.bytes, (await fsp.stat(wav)).size);
    assert.ok(admitted.item.durationSeconds !== undefined && admitted.item.durationSeconds > 0, 'music-metadata read the WAV header');
    assert.deepEqual(r.tokens(), [admitted.item.token]);
    // The same file keeps its token; a relative path is taken in the workspace.
    const again = await r.admit('takes/tone.wav');
    assert.ok(again.ok);
    assert.equal(again.item.token, admitted.item.token);
    assert.deepEqual(await r.use(admitted.item.token), { ok: true, path: wav, label: 'tone.wav' });
  });

  it('refuses a file outside the workspace without touching it, and a symlink that leads out', async () => {
    const { files, touched } = spied();
    const r = registry({ files });
    assert.deepEqual(await r.admit(outsideWav), { ok: false, label: 'secret.wav', reason: 'outside-workspace' });
    assert.deepEqual(touched, []);
    assert.deepEqual(await r.admit(link), { ok: false, label: 'link.wav', reason: 'outside-workspace' });
    assert.deepEqual(await r.admit('../outside/secret.wav'), { ok: false, label: 'secret.wav', reason: 'outside-workspace' });
  });

  it('refuses what is no media by its extension, a folder, a missing file, and a file above the limit', async () => {
    const r = registry({ maxBytes: 100 });
    assert.deepEqual(await r.admit(notes), { ok: false, label: 'notes.txt', reason: 'not-media' });
    assert.deepEqual(await r.admit(path.join(ws, 'gone.wav')), { ok: false, label: 'gone.wav', reason: 'not-found' });
    mkdirSync(path.join(ws, 'dir.wav'));
    assert.deepEqual(await r.admit(path.join(ws, 'dir.wav')), { ok: false, label: 'dir.wav', reason: 'not-a-file' });
    assert.deepEqual(await r.admit(wav), { ok: false, label: 'tone.wav', reason: 'too-large' });
  });

  it('admits a file whose length cannot be read (the price is then unknown)', async () => {
    const admitted = await registry().admit(broken);
    assert.ok(admitted.ok);
    assert.equal(admitted.item.durationSeconds, undefined);
  });

  it('checks a token again when it is used: unknown tokens, paths, and a file moved away are refused', async () => {
    const { files } = spied();
    const r = registry({ files, newToken: () => 'med:TTTTTTTTTTTTTTTTTTTTTTTT' });
    const moving = path.join(ws, 'moving.wav');
    copyFileSync(wav, moving);
    const admitted = await r.admit(moving);
    assert.ok(admitted.ok);
    assert.equal(admitted.item.token, 'med:TTTTTTTTTTTTTTTTTTTTTTTT');
    assert.deepEqual(await r.use('med:UUUUUUUUUUUUUUUUUUUUUUUU'), { ok: false, reason: 'unknown-token' });
    assert.deepEqual(await r.use(moving), { ok: false, reason: 'unknown-token' });
    unlinkSync(moving);
    symlinkSync(outsideWav, moving);
    assert.deepEqual(await r.use(admitted.item.token), { ok: false, label: 'moving.wav', reason: 'outside-workspace' });
  });

  it('forgets the oldest tokens beyond its size', async () => {
    let n = 0;
    const r = registry({ maxEntries: 1, newToken: () => `med:${String(++n).padStart(22, 'A')}` });
    const first = await r.admit(wav);
    const second = await r.admit(broken);
    assert.ok(first.ok && second.ok);
    assert.deepEqual(r.tokens(), [second.item.token]);
    assert.deepEqual(await r.use(first.item.token), { ok: false, reason: 'unknown-token' });
  });
});
