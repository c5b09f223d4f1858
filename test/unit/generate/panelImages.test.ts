import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_THUMB_SOURCE_BYTES, classifyDroppedUri, isHttpsSource, isImagePath, isInsideFolder, rerunSources, thumbDataUrl } from '../../../src/generate/host/images';

const toFsPath = (u: string): string => fileURLToPath(u);

describe('panelImages', () => {
  it('accepts png, jpg, jpeg and webp in any case', () => {
    for (const p of ['/w/a.png', '/w/a.JPG', '/w/a.jpeg', '/w/a.WebP']) assert.equal(isImagePath(p), true, p);
    for (const p of ['/w/a.gif', '/w/a.png.txt', '/w/png', '/w/a']) assert.equal(isImagePath(p), false, p);
  });

  it('classifies dropped URIs', () => {
    assert.deepEqual(classifyDroppedUri('file:///w/my%20pic.png', toFsPath), { kind: 'file', path: path.normalize('/w/my pic.png') });
    assert.deepEqual(classifyDroppedUri('vscode-remote://ssh-remote%2Bbox/home/u/a.png', toFsPath), { kind: 'file', path: '/home/u/a.png' });
    assert.deepEqual(classifyDroppedUri('https://e.com/a.png', toFsPath), { kind: 'url', url: 'https://e.com/a.png' });
    assert.equal(classifyDroppedUri('http://e.com/a.png', toFsPath).kind, 'unsupported');
    assert.equal(classifyDroppedUri('untitled:Untitled-1', toFsPath).kind, 'unsupported');
    assert.equal(classifyDroppedUri('vscode-remote://host-only', toFsPath).kind, 'unsupported');
  });

  it('tells URLs from paths', () => {
    assert.equal(isHttpsSource('https://e.com/a.png'), true);
    assert.equal(isHttpsSource('/w/https.png'), false);
    assert.equal(isHttpsSource('http://e.com/a.png'), false);
  });

  it('#11 a thumbnail is typed by the bytes, never by the extension', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    assert.equal(thumbDataUrl(png), `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    assert.match(thumbDataUrl(jpeg) ?? '', /^data:image\/jpeg;base64,/);
    const webp = new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')]);
    assert.match(thumbDataUrl(webp) ?? '', /^data:image\/webp;base64,/);
    // Text (or HTML, or anything else) is no image, whatever its name says.
    assert.equal(thumbDataUrl(new TextEncoder().encode('<svg onload=alert(1)>')), undefined);
    const big = new Uint8Array(MAX_THUMB_SOURCE_BYTES + 1);
    big.set(png);
    assert.equal(thumbDataUrl(big), undefined);
    // A view into a larger buffer encodes only its own bytes.
    const framed = new Uint8Array([1, 2, ...png, 3]);
    assert.equal(thumbDataUrl(framed.subarray(2, 2 + png.length)), `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('tells a path inside a folder from one beside or above it', () => {
    assert.equal(isInsideFolder('/w/a/b.png', '/w'), true);
    assert.equal(isInsideFolder('/w', '/w'), false);
    assert.equal(isInsideFolder('/w2/b.png', '/w'), false);
    assert.equal(isInsideFolder('/etc/passwd', '/w'), false);
  });

  it('#11 Generate again keeps paths and https URLs from a record, drops other schemes', () => {
    assert.deepEqual(rerunSources(['/w/a.png', 'images/b.png', 'https://e.com/c.png', 'file:///etc/passwd', 'http://e.com/d.png', 'data:image/png;base64,AAAA', 'C:\\w\\e.png']), [
      '/w/a.png',
      'images/b.png',
      'https://e.com/c.png',
      'C:\\w\\e.png',
    ]);
  });
});
