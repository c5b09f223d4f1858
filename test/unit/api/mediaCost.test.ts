// Durations read locally from the fixtures' headers (music-metadata, also through an esbuild CJS
// bundle like the extension's), the workspace-media model kinds, and the per-minute estimates.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mediaCost, perMinuteCost } from '../../../src/api/rules/costMedia';
import { mediaDurationSeconds, readMediaInfo } from '../../../src/api/mediaDuration';
import { mediaOperation } from '../../../src/api/rules/mediaModelKind';
import { modelKind } from '../../../src/api/rules/modelKind';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const model = (id: string): Model => MODELS.find((m) => m.id === id) as unknown as Model;
const near = (a: number | undefined, b: number, eps = 0.02): void => assert.ok(a !== undefined && Math.abs(a - b) <= eps, `${a} ≈ ${b}`);

describe('media durations and per-minute prices', () => {
  it('ws#3 durations of tone.mp3, tone.wav and sample.mp4 come from their headers', async () => {
    near(await mediaDurationSeconds(fixturePath('tone.wav')), 0.25, 0.001);
    near(await mediaDurationSeconds(fixturePath('tone.mp3')), 0.34, 0.1); // the encoder pads a frame
    const mp4 = await readMediaInfo(fixturePath('sample.mp4'));
    near(mp4.durationSeconds, 3.0, 0.05);
    assert.equal(mp4.hasAudio, true);
  });

  it('ws#3 a file that is not media has no duration (price unknown, not a guess)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'af-dur-'));
    try {
      const f = path.join(dir, 'notes.mp3');
      fs.writeFileSync(f, 'not audio at all');
      assert.equal(await mediaDurationSeconds(f), undefined);
      assert.deepEqual(perMinuteCost(undefined, model('whisper-1')), { unknown: true, reason: "price unknown: the file's duration could not be read" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws#3 music-metadata (ESM-only) works from a CommonJS esbuild bundle like the extension host loads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'af-mm-bundle-'));
    try {
      const out = path.join(dir, 'md.js');
      const script = `require('esbuild').buildSync({ entryPoints: ['src/api/mediaDuration.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: ${JSON.stringify(out)}, logLevel: 'error' })`;
      execFileSync(process.execPath, ['-e', script], { cwd: root });
      const run = `require(${JSON.stringify(out)}).mediaDurationSeconds(${JSON.stringify(fixturePath('sample.mp4'))}).then((d) => process.stdout.write(String(d)))`;
      near(Number(execFileSync(process.execPath, ['-e', run], { cwd: dir }).toString()), 3.0, 0.05);
      console.log(`# music-metadata bundled for the extension host: ${(fs.statSync(out).size / 1024).toFixed(1)} KiB minified`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws#3 per-minute estimates: minutes × price_per_audio_minute_cents, else price unknown with the reason', () => {
    assert.deepEqual(perMinuteCost(90, model('eleven-dubbing-v1')), { cents: 75 });
    assert.deepEqual(mediaCost('transcription', 30, model('whisper-1')), { cents: 0.3 });
    assert.deepEqual(mediaCost('isolation', 60, model('eleven-isolation-v1')), { cents: 12 });
    assert.deepEqual(mediaCost('voice-changer', 120, model('eleven-sts-v2')), { cents: 60 });
    assert.deepEqual(mediaCost('transcription', 30, model('scribe-v1')), { unknown: true, reason: 'price unknown: scribe-v1 lists no price per audio minute' });
    assert.deepEqual(perMinuteCost(10, { ...model('scribe-v1'), price_per_audio_second_cents: 0.5 } as Model), { cents: 5 });
    assert.deepEqual(mediaCost('clone', undefined, model('eleven-sts-v2')), { unknown: true, reason: 'price unknown: Airforce publishes no price for voice cloning' });
  });

  it('ws#3 model kinds: the four operations are recognised, and audio-in models are not Speech', () => {
    assert.equal(mediaOperation(model('whisper-1')), 'transcription');
    assert.equal(mediaOperation(model('eleven-dubbing-v1')), 'dubbing');
    assert.equal(mediaOperation(model('eleven-isolation-v1')), 'isolation');
    assert.equal(mediaOperation(model('eleven-sts-v2')), 'voice-changer');
    assert.equal(mediaOperation(model('eleven-tts-v3')), undefined);
    assert.equal(mediaOperation(model('gpt-4o-mini')), undefined);
    // The plausible other catalog answers: no media_type, only caps or modalities.
    assert.equal(mediaOperation({ id: 'a', output_modalities: ['text'], input_modalities: ['audio'] } as Model), 'transcription');
    assert.equal(mediaOperation({ id: 'c', output_modalities: ['text'], input_modalities: ['text', 'audio'], supports_chat: true } as Model), undefined);
    assert.equal(mediaOperation({ id: 'b', output_modalities: ['audio'], dubbing_caps: {} } as Model), 'dubbing');
    for (const id of ['eleven-dubbing-v1', 'eleven-isolation-v1', 'eleven-sts-v2']) assert.equal(modelKind(model(id)), 'other', id);
    assert.equal(modelKind(model('eleven-tts-v3')), 'speech');
  });
});
