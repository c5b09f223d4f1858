// The panel host's image tokens (#11): files become random per-panel tokens only after their place
// (inside a workspace folder, unless the person picked them) and their bytes (PNG/JPEG/WebP) are
// checked; a token resolves again, re-checked, before its bytes are read.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_IMAGE_BYTES } from '../../../src/api/images';
import { ImageRegistry, type ImageFiles } from '../../../src/generate/host/imageTokens';
import { isImageToken } from '../../../src/generate/protocolConstants';
import { fixturePath } from '../../simulator/resultBytes';

const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'af-tokens-')));
const ws = path.join(tmp, 'ws');
const outside = path.join(tmp, 'outside');
mkdirSync(path.join(ws, 'images'), { recursive: true });
mkdirSync(outside);
const png = path.join(ws, 'images', 'frame.png');
copyFileSync(fixturePath('demo-image.png'), png);
const outsidePng = path.join(outside, 'secret.png');
copyFileSync(fixturePath('demo-image.png'), outsidePng);
const fakePng = path.join(ws, 'notes.png');
writeFileSync(fakePng, 'these are notes, not pixels');
const link = path.join(ws, 'link.png');
symlinkSync(outsidePng, link);

/** Node's file system, with a log of every path asked about. */
function spiedFiles(): { files: ImageFiles; touched: string[] } {
  const touched: string[] = [];
  const files: ImageFiles = {
    realpath: (p) => (touched.push(p), fsp.realpath(p)),
    stat: (p) => (touched.push(p), fsp.stat(p)),
    readFile: (p) => (touched.push(p), fsp.readFile(p)),
    readHead: async (p, n) => (touched.push(p), (await fsp.readFile(p)).subarray(0, n)),
  };
  return { files, touched };
}

describe('ImageRegistry (panel image tokens)', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('#11 issues a random token with a byte-typed thumbnail for a workspace image', async () => {
    const a = new ImageRegistry({ workspaceFolders: () => [ws] });
    const b = new ImageRegistry({ workspaceFolders: () => [ws] });
    const first = await a.admit(png, false);
    const again = await a.admit(png, false);
    const other = await b.admit(png, false);
    assert.ok(first.ok && again.ok && other.ok);
    assert.ok(isImageToken(first.token), first.token);
    assert.equal(first.label, 'frame.png');
    assert.match(first.thumb ?? '', /^data:image\/png;base64,/);
    // Same file, same panel: same token. Another panel: another, unrelated token.
    assert.equal(again.token, first.token);
    assert.notEqual(other.token, first.token);
    assert.ok(!first.token.includes('frame') && !first.token.includes(Buffer.from(png).toString('base64').slice(0, 8)));
    const used = await a.use(first.token);
    assert.deepEqual(used, { ok: true, path: png, realPath: png, label: 'frame.png' });
    assert.deepEqual(a.tokens(), [first.token]);
  });

  it('#11 an image token unknown to the host is refused', async () => {
    const a = new ImageRegistry({ workspaceFolders: () => [ws] });
    const b = new ImageRegistry({ workspaceFolders: () => [ws] });
    const issued = await b.admit(png, false);
    assert.ok(issued.ok);
    // A well-formed token another panel issued, a made-up one, and a raw path: none resolves here.
    for (const token of [issued.token, 'img:AAAAAAAAAAAAAAAAAAAAAAAA', png, `file://${png}`]) {
      assert.deepEqual(await a.use(token), { ok: false, reason: 'unknown-token' }, token);
    }
  });

  it('#11 a .png that is not an image by its bytes gets no token', async () => {
    const a = new ImageRegistry({ workspaceFolders: () => [ws] });
    assert.deepEqual(await a.admit(fakePng, false), { ok: false, label: 'notes.png', reason: 'not-an-image' });
    assert.deepEqual(a.tokens(), []);
  });

  it('#11 a file outside the workspace is refused without being read, unless the person picked it', async () => {
    const { files, touched } = spiedFiles();
    const a = new ImageRegistry({ workspaceFolders: () => [ws], files });
    for (const p of [outsidePng, '/etc/passwd', path.join(ws, '..', 'outside', 'secret.png'), '../outside/secret.png']) {
      assert.deepEqual(await a.admit(p, false), { ok: false, label: path.basename(p), reason: 'outside-workspace' }, p);
    }
    assert.deepEqual(touched, []);
    const picked = await a.admit(outsidePng, true);
    assert.ok(picked.ok);
    assert.equal(a.wasPicked(outsidePng), true);
    assert.equal((await a.use(picked.token)).ok, true);
  });

  it('#11 a link inside the workspace that leads outside is refused, at admission and at use', async () => {
    const a = new ImageRegistry({ workspaceFolders: () => [ws] });
    assert.deepEqual(await a.admit(link, false), { ok: false, label: 'link.png', reason: 'outside-workspace' });
    // Admitted as a real image, then swapped for a link to a file outside before it is used.
    const swap = path.join(ws, 'swap.png');
    copyFileSync(png, swap);
    const admitted = await a.admit(swap, false);
    assert.ok(admitted.ok);
    unlinkSync(swap);
    symlinkSync(outsidePng, swap);
    assert.deepEqual(await a.use(admitted.token), { ok: false, label: 'swap.png', reason: 'outside-workspace' });
  });

  it('resolves a workspace-relative source (a record from a sidecar) against the folders', async () => {
    const a = new ImageRegistry({ workspaceFolders: () => [outside, ws] });
    const admitted = await a.admit('images/frame.png', false);
    assert.ok(admitted.ok);
    const used = await a.use(admitted.token);
    assert.ok(used.ok);
    assert.equal(used.path, png);
    assert.deepEqual(await a.admit('images/missing.png', false), { ok: false, label: 'missing.png', reason: 'not-found' });
  });

  it('sniffs a big file by its head (no thumbnail) and refuses one over the encode limit', async () => {
    const head = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let size = 5 * 1024 * 1024;
    let wholeReads = 0;
    const files: ImageFiles = {
      realpath: async (p) => p,
      stat: async () => ({ size, isFile: () => true }),
      readFile: async () => (wholeReads++, new Uint8Array(size)),
      readHead: async () => head,
    };
    const a = new ImageRegistry({ workspaceFolders: () => ['/w'], files });
    const big = await a.admit('/w/big.png', false);
    assert.ok(big.ok);
    assert.equal(big.thumb, undefined);
    assert.equal(wholeReads, 0);
    size = MAX_IMAGE_BYTES + 1;
    assert.deepEqual(await a.admit('/w/huge.png', false), { ok: false, label: 'huge.png', reason: 'too-large' });
  });

  it('forgets the oldest tokens beyond its limit', async () => {
    let n = 0;
    const a = new ImageRegistry({ workspaceFolders: () => [ws], maxEntries: 1, newToken: () => `img:${String(++n).padStart(22, '0')}` });
    const one = await a.admit(png, false);
    const two = await a.admit(path.join(ws, 'images', '..', 'link.png'), true);
    assert.ok(one.ok && two.ok);
    assert.deepEqual(a.tokens(), [two.token]);
    assert.equal((await a.use(one.token)).ok, false);
  });
});
