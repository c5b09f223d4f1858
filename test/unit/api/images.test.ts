import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageFileError, MAX_IMAGE_BYTES, encodeImageFile, sniffImageType, type ImageFs } from '../../../src/api/images';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);
const GIF = Uint8Array.from(Buffer.from('GIF89a......'));

function fakeFs(files: Record<string, Uint8Array | { size: number }>): ImageFs & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    stat: async (p) => {
      const f = files[p];
      if (!f) throw new Error(`ENOENT: ${p}`);
      return { size: f instanceof Uint8Array ? f.length : f.size, isFile: () => true };
    },
    readFile: async (p) => {
      reads.push(p);
      const f = files[p];
      if (!(f instanceof Uint8Array)) throw new Error('should not be read');
      return f;
    },
  };
}

test('sniffs PNG, JPEG and WebP by magic bytes', () => {
  assert.equal(sniffImageType(PNG), 'png');
  assert.equal(sniffImageType(JPEG), 'jpeg');
  assert.equal(sniffImageType(WEBP), 'webp');
  assert.equal(sniffImageType(GIF), undefined);
  assert.equal(sniffImageType(Uint8Array.from([0xff, 0xd8])), undefined);
  assert.equal(sniffImageType(Uint8Array.from(Buffer.from('RIFF....WAVE'))), undefined);
});

test('encodes to plain base64 without a data-URL prefix', async () => {
  const fs = fakeFs({ '/a.png': PNG });
  const out = await encodeImageFile('/a.png', fs);
  assert.deepEqual(out, { b64_json: Buffer.from(PNG).toString('base64') });
  assert.ok(!out.b64_json.startsWith('data:'));
});

test('refuses files over 20 MiB before reading them', async () => {
  const fs = fakeFs({ '/big.png': { size: MAX_IMAGE_BYTES + 1 } });
  await assert.rejects(encodeImageFile('/big.png', fs), (e: unknown) => e instanceof ImageFileError && e.code === 'too_large' && e.message.includes('/big.png'));
  assert.deepEqual(fs.reads, []);
});

test('refuses other types, naming the file', async () => {
  await assert.rejects(
    encodeImageFile('/anim.gif', fakeFs({ '/anim.gif': GIF })),
    (e: unknown) => e instanceof ImageFileError && e.code === 'unsupported_type' && /anim\.gif.*PNG, JPEG or WebP/.test(e.message),
  );
  await assert.rejects(encodeImageFile('/missing.png', fakeFs({})), (e: unknown) => e instanceof ImageFileError && e.code === 'unreadable' && e.message.includes('/missing.png'));
});

test('reads real files through node:fs by default', async () => {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'af-img-'));
  try {
    await writeFile(join(dir, 'x.jpg'), JPEG);
    assert.equal((await encodeImageFile(join(dir, 'x.jpg'))).b64_json, Buffer.from(JPEG).toString('base64'));
    await assert.rejects(encodeImageFile(dir), (e: unknown) => e instanceof ImageFileError && e.code === 'not_a_file');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
