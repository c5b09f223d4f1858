// Finding a saved video's subtitles (src/generate/host/subtitles.ts): `<stem>.vtt` beside it, a
// WebVTT file by its signature, its `Language:` header as the track's language. The file system is a
// map handed in, so every answer of stat and read is chosen here.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findSubtitles, subtitlesPathFor, vttHeader, VTT_HEAD_BYTES, type SubtitleIo } from '../../../src/generate/host/subtitles';

const dir = path.join(path.sep, 'w', 'airforce-media');
const video = path.join(dir, 'clip.mp4');
const vtt = path.join(dir, 'clip.vtt');

/** A file system of `files` (path → text); a string value is a file, `'dir'` a folder. Records what was asked. */
function fakeIo(files: Record<string, string | { dir: true }>, opts: { readFails?: boolean } = {}): SubtitleIo & { asked: string[]; reads: number[] } {
  const asked: string[] = [];
  const reads: number[] = [];
  return {
    asked,
    reads,
    stat: async (file) => {
      asked.push(file);
      const f = files[file];
      if (f === undefined) throw new Error('ENOENT');
      return { isFile: typeof f === 'string', mtime: 1234 };
    },
    readHead: async (file, bytes) => {
      reads.push(bytes);
      if (opts.readFails) throw new Error('EACCES');
      const f = files[file];
      return typeof f === 'string' ? f.slice(0, bytes) : '';
    },
  };
}

describe('subtitles beside a saved video', () => {
  it('names <stem>.vtt in the video’s own folder', () => {
    assert.equal(subtitlesPathFor(video), vtt);
    assert.equal(subtitlesPathFor(path.join(dir, 'a.b.webm')), path.join(dir, 'a.b.vtt'));
    assert.equal(subtitlesPathFor(path.join(dir, 'noext')), path.join(dir, 'noext.vtt'));
  });

  it('finds a WebVTT file beside the video, with its mtime, reading only its head', async () => {
    const io = fakeIo({ [video]: 'mp4', [vtt]: 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n' });
    assert.deepEqual(await findSubtitles(video, io), { file: vtt, mtime: 1234 });
    assert.deepEqual(io.asked, [vtt], 'only the one file beside the video is looked at');
    assert.deepEqual(io.reads, [VTT_HEAD_BYTES]);
  });

  it('takes the language from a Language: header line', async () => {
    const io = fakeIo({ [vtt]: '\uFEFFWEBVTT Transcript\r\nKind: captions\r\nLanguage: pt-BR\r\n\r\n00:00.000 --> 00:01.000\r\nOlá\r\n' });
    assert.deepEqual(await findSubtitles(video, io), { file: vtt, mtime: 1234, lang: 'pt-BR' });
  });

  it('is no track when there is no file, a folder, an unreadable or non-WebVTT file', async () => {
    assert.equal(await findSubtitles(video, fakeIo({})), undefined);
    assert.equal(await findSubtitles(video, fakeIo({ [vtt]: { dir: true } })), undefined);
    assert.equal(await findSubtitles(video, fakeIo({ [vtt]: 'WEBVTT\n' }, { readFails: true })), undefined);
    assert.equal(await findSubtitles(video, fakeIo({ [vtt]: '1\n00:00:00,000 --> 00:00:01,000\nSRT, not VTT\n' })), undefined);
    assert.equal(await findSubtitles(video, fakeIo({ [vtt]: 'WEBVTTX\n' })), undefined);
    assert.equal(await findSubtitles(video, fakeIo({ [vtt]: '' })), undefined);
    // A stat that answers "nothing" rather than throwing.
    const quiet: SubtitleIo = { stat: async () => undefined, readHead: async () => 'WEBVTT' };
    assert.equal(await findSubtitles(video, quiet), undefined);
  });

  it('looks for nothing beside a .vtt itself', async () => {
    const io = fakeIo({ [vtt]: 'WEBVTT\n' });
    assert.equal(await findSubtitles(vtt, io), undefined);
    assert.deepEqual(io.asked, []);
  });

  it('reads the header block only, and keeps a language only if it is a valid tag', () => {
    assert.deepEqual(vttHeader('WEBVTT'), {});
    assert.deepEqual(vttHeader('WEBVTT\tsome title\nLanguage: ru\n'), { lang: 'ru' });
    assert.deepEqual(vttHeader('WEBVTT\nlanguage:it\n\n'), { lang: 'it' });
    // After the blank line (or in a cue) it is text, not a header.
    assert.deepEqual(vttHeader('WEBVTT\n\nLanguage: en\n'), {});
    assert.deepEqual(vttHeader('WEBVTT\n00:00.000 --> 00:01.000\nLanguage: en\n'), {});
    for (const bad of ['"><script>', 'english language', 'e', 'en_US', 'x'.repeat(40)]) assert.deepEqual(vttHeader(`WEBVTT\nLanguage: ${bad}\n`), {}, bad);
    assert.equal(vttHeader('webvtt\n'), undefined, 'the signature is upper-case');
    assert.equal(vttHeader(' WEBVTT\n'), undefined);
  });
});
