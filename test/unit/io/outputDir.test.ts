// The output folder's real path must lie inside the workspace's (#7): a symlinked folder pointing
// elsewhere is refused, naming the setting, and nothing outside is written or cleaned.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { cleanStaleParts } from '../../../src/io/download/partFiles';
import { OutputFolderError, resolveOutputDir } from '../../../src/io/outputDir';
import { listDir, tempDir } from './helpers';

let base: string;
let ws: string;
let outside: string;

beforeEach(async () => {
  base = await tempDir('af-outdir-');
  ws = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  await fsp.mkdir(ws);
  await fsp.mkdir(outside);
});
afterEach(async () => {
  await fsp.rm(base, { recursive: true, force: true });
});

const refusedNamingTheSetting = (e: unknown): boolean =>
  e instanceof OutputFolderError && e.setting === 'airforce.outputDirectory' && e.message.includes('"airforce.outputDirectory"');

/** What the container does at start-up: resolve, and clean only when the folder is accepted. */
async function cleanLikeTheContainer(folder: string): Promise<number> {
  const dir = await resolveOutputDir(ws, folder).catch(() => undefined);
  return dir ? cleanStaleParts(dir, 0) : 0;
}

describe('#7 output folder', () => {
  test('#7 a symlinked output folder outside the workspace is refused, naming the setting; no part outside is deleted', async () => {
    await fsp.symlink(outside, path.join(ws, 'airforce-media'), 'dir');
    const stale = path.join(outside, 'clip.mp4.part-0123456789ab');
    await fsp.writeFile(stale, 'partial');
    await assert.rejects(resolveOutputDir(ws, path.join(ws, 'airforce-media')), refusedNamingTheSetting);
    assert.equal(await cleanLikeTheContainer(path.join(ws, 'airforce-media')), 0);
    assert.deepEqual(await listDir(outside), ['clip.mp4.part-0123456789ab']);
  });

  test('#7 a linked parent (folder not created yet) and a broken link are refused too', async () => {
    await fsp.symlink(outside, path.join(ws, 'media'), 'dir');
    await assert.rejects(resolveOutputDir(ws, path.join(ws, 'media', 'videos', 'new')), refusedNamingTheSetting);
    await fsp.symlink(path.join(base, 'gone'), path.join(ws, 'broken'), 'dir');
    await assert.rejects(resolveOutputDir(ws, path.join(ws, 'broken', 'x')), refusedNamingTheSetting);
    assert.deepEqual(await listDir(outside), []);
  });

  test('a folder inside the workspace resolves to its real path, links inside included', async () => {
    const realWs = await fsp.realpath(ws);
    assert.equal(await resolveOutputDir(ws, path.join(ws, 'airforce-media')), path.join(realWs, 'airforce-media'));
    await fsp.mkdir(path.join(ws, 'real-videos'));
    await fsp.symlink(path.join(ws, 'real-videos'), path.join(ws, 'videos'), 'dir');
    assert.equal(await resolveOutputDir(ws, path.join(ws, 'videos', 'a')), path.join(realWs, 'real-videos', 'a'));
    // The workspace itself reached through a link (macOS /tmp → /private/tmp) is fine.
    await fsp.symlink(ws, path.join(base, 'ws-link'), 'dir');
    assert.equal(await resolveOutputDir(path.join(base, 'ws-link'), path.join(base, 'ws-link', 'out')), path.join(realWs, 'out'));
  });

  test('stale parts inside an accepted folder are still cleaned', async () => {
    const media = path.join(ws, 'airforce-media');
    await fsp.mkdir(media);
    await fsp.writeFile(path.join(media, 'clip.mp4.part-0123456789ab'), 'partial');
    assert.equal(await cleanLikeTheContainer(media), 1);
  });
});
