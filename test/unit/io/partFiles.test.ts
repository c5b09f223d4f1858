import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { claimFinalName, cleanStaleParts, isPartFileName } from '../../../src/io/download/partFiles';
import { listDir, tempDir } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-parts-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('cleanStaleParts', () => {
  test('removes only part files, and only those old enough', async () => {
    const now = Date.now();
    const old = new Date(now - 2 * 3600_000);
    const files = {
      'a.mp4.part-0123456789ab': old,
      'b.mp4.part-abcdef012345': new Date(now - 60_000),
      'keep.mp4': old,
      'keep.part-notes.txt': old,
      'c.mp4.part-xyz': old, // not our hex suffix
    };
    for (const [name, time] of Object.entries(files)) {
      await fsp.writeFile(path.join(dir, name), 'x');
      await fsp.utimes(path.join(dir, name), time, time);
    }
    await fsp.mkdir(path.join(dir, 'd.mp4.part-aaaaaaaaaaaa')); // a folder is never removed

    assert.equal(await cleanStaleParts(dir, 3600_000, () => now), 1);
    assert.deepEqual(await listDir(dir), ['b.mp4.part-abcdef012345', 'c.mp4.part-xyz', 'd.mp4.part-aaaaaaaaaaaa', 'keep.mp4', 'keep.part-notes.txt']);
    assert.equal(await cleanStaleParts(dir), 1, 'default: any age');
    assert.deepEqual(await listDir(dir), ['c.mp4.part-xyz', 'd.mp4.part-aaaaaaaaaaaa', 'keep.mp4', 'keep.part-notes.txt']);
  });

  test('a missing folder has nothing to clean', async () => {
    assert.equal(await cleanStaleParts(path.join(dir, 'nope')), 0);
  });

  test('isPartFileName', () => {
    assert.equal(isPartFileName('x.mp4.part-0123abcd'), true);
    assert.equal(isPartFileName('x.mp4.part-'), false);
    assert.equal(isPartFileName('x.mp4'), false);
  });
});

describe('claimFinalName', () => {
  test('takes the wanted name, or the next free -N, never replacing', async () => {
    const desired = path.join(dir, 'clip.mp4');
    await fsp.writeFile(desired, 'old');
    await fsp.writeFile(path.join(dir, 'clip-2.mp4'), 'old2');
    const part = path.join(dir, 'clip.mp4.part-0123456789ab');
    await fsp.writeFile(part, 'new');
    const got = await claimFinalName(part, desired);
    assert.equal(got, path.join(dir, 'clip-3.mp4'));
    assert.equal(await fsp.readFile(got, 'utf8'), 'new');
    assert.equal(await fsp.readFile(desired, 'utf8'), 'old');
    assert.deepEqual(await listDir(dir), ['clip-2.mp4', 'clip-3.mp4', 'clip.mp4']);
  });

  test('parallel claims of one name get distinct files', async () => {
    const desired = path.join(dir, 'clip.mp4');
    const parts = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const p = path.join(dir, `clip.mp4.part-00000000000${i}`);
        await fsp.writeFile(p, String(i));
        return p;
      }),
    );
    const got = await Promise.all(parts.map((p) => claimFinalName(p, desired)));
    assert.equal(new Set(got).size, 5);
    const contents = await Promise.all(got.map((g) => fsp.readFile(g, 'utf8')));
    assert.deepEqual([...contents].sort(), ['0', '1', '2', '3', '4']);
    assert.deepEqual(
      (await listDir(dir)).filter((n) => n.includes('.part-')),
      [],
    );
  });
});
