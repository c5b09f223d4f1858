import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_THUMB_SOURCE_BYTES, classifyDroppedUri, imageMimeType, isHttpsSource, isImagePath, thumbDataUrl } from '../../src/webview/panelImages';

const toFsPath = (u: string): string => fileURLToPath(u);

describe('panelImages', () => {
  it('accepts png, jpg, jpeg and webp in any case', () => {
    for (const p of ['/w/a.png', '/w/a.JPG', '/w/a.jpeg', '/w/a.WebP']) assert.equal(isImagePath(p), true, p);
    for (const p of ['/w/a.gif', '/w/a.png.txt', '/w/png', '/w/a']) assert.equal(isImagePath(p), false, p);
    assert.equal(imageMimeType('/w/a.JPG'), 'image/jpeg');
    assert.equal(imageMimeType('/w/a.gif'), undefined);
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

  it('builds a data: thumbnail for small images only', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    assert.equal(thumbDataUrl('/w/a.png', bytes), `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`);
    assert.equal(thumbDataUrl('/w/a.txt', bytes), undefined);
    assert.equal(thumbDataUrl('/w/a.png', new Uint8Array(MAX_THUMB_SOURCE_BYTES + 1)), undefined);
    // A view into a larger buffer encodes only its own bytes.
    const big = new Uint8Array([1, 2, 3, 4, 5, 6]);
    assert.equal(thumbDataUrl('/w/a.webp', big.subarray(2, 4)), `data:image/webp;base64,${Buffer.from([3, 4]).toString('base64')}`);
  });
});
