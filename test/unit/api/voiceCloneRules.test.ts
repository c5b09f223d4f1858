// The rules of a clone request that need no server: which files are samples, what a request object
// must carry (the consent exactly `true`), and which listed voices are the caller's clones — and that
// the Explorer menu's pattern in package.json takes the same sample types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cloneRequestProblems, isClonedVoice, isSampleFile, sampleBaseName, SAMPLE_EXTENSIONS } from '../../../src/api/rules/voiceCloneRules';

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('voice clone rules', () => {
  it('samples are the audio and video types, by extension, in any case', () => {
    for (const ext of SAMPLE_EXTENSIONS) assert.ok(isSampleFile(`/w/take.${ext}`), ext);
    assert.ok(isSampleFile('C:\\takes\\Take 1.WAV'));
    for (const name of ['/w/notes.txt', '/w/image.png', '/w/wav', '/w/take.wav/inside', '/w/.mp3x', '/w/README']) assert.equal(isSampleFile(name), false, name);
  });

  it('a voice made from a file is offered the file name without its folder and extension', () => {
    assert.equal(sampleBaseName('/w/takes/Anna reading.m4a'), 'Anna reading');
    assert.equal(sampleBaseName('C:\\takes\\demo.final.wav'), 'demo.final');
    assert.equal(sampleBaseName('/w/.hidden'), '.hidden');
  });

  it('a complete request has no problems', () => {
    assert.deepEqual(cloneRequestProblems({ name: 'Narrator', files: ['/w/a.wav', '/w/b.mp4'], acceptConsent: true }), []);
  });

  it('the consent must be exactly true: a missing, false, truthy string or 1 is no acceptance', () => {
    for (const acceptConsent of [undefined, false, 'true', 'yes', 1]) {
      assert.deepEqual(cloneRequestProblems({ name: 'N', files: ['/w/a.wav'], acceptConsent }), [{ code: 'consent.missing' }], String(acceptConsent));
    }
  });

  it('the name must be non-empty text and at least one sample of an accepted type is needed', () => {
    assert.deepEqual(cloneRequestProblems({ name: '  ', files: [], acceptConsent: true }), [{ code: 'name.missing' }, { code: 'files.missing' }]);
    assert.deepEqual(cloneRequestProblems({ name: 7, files: 'a.wav', acceptConsent: true }), [{ code: 'name.missing' }, { code: 'files.missing' }]);
    assert.deepEqual(cloneRequestProblems({ name: 'N', files: ['/w/a.wav', undefined, '/w/notes.txt'], acceptConsent: true }), [
      { code: 'files.notFile', index: 1 },
      { code: 'files.type', file: '/w/notes.txt' },
    ]);
  });

  it('only a voice whose category reads "cloned" is the caller\'s own; a missing category is a stock voice', () => {
    assert.equal(isClonedVoice({ category: 'cloned' }), true);
    assert.equal(isClonedVoice({ category: ' Cloned ' }), true);
    for (const category of [undefined, null, '', 'premade', 'professional', 'generated']) assert.equal(isClonedVoice({ category }), false, String(category));
  });

  it('the Explorer menu offers Clone a Voice… on exactly the sample types', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const entry = manifest.contributes.menus['explorer/context']!.find((m) => m.command === 'airforce.cloneVoice');
    const pattern = /resourceExtname =~ \/(.+)\/i/.exec(entry?.when ?? '')?.[1];
    assert.ok(pattern, 'the menu entry names the extensions');
    assert.match(entry!.when!, /!explorerResourceIsFolder/);
    const re = new RegExp(pattern, 'i');
    for (const ext of SAMPLE_EXTENSIONS) assert.ok(re.test(`.${ext}`), ext);
    for (const ext of ['png', 'txt', 'aac', 'mp3x']) assert.equal(re.test(`.${ext}`), false, ext);
  });
});
