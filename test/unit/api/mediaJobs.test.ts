// Dubbing (create, status on the simulator's clock, failure, an unknown status, the dubbed track,
// a lost create), voice isolation, the voice changer and voice cloning (consent, a stale consent,
// rename, delete, cloned voices in the voice list and usable by the voice changer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AudioApi } from '../../../src/api/audio';
import { DubbingApi, dubbingStatus } from '../../../src/api/dubbing';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { isolateVoice } from '../../../src/api/isolation';
import { changeVoice } from '../../../src/api/voiceChanger';
import { ConsentStaleError, VoiceCloneApi } from '../../../src/api/voiceClone';
import { fixturePath } from '../../simulator/resultBytes';
import { DEMO_KEY } from '../../simulator/server';
import { recordingHttp, useSimulator } from '../simulator/sim-helpers';

const sim = useSimulator({ keys: [DEMO_KEY], clockSpeed: 1, dubbingSeconds: 20 });
const http = () => recordingHttp(sim(), DEMO_KEY).http;
const WAV = fixturePath('tone.wav');
const MP4 = fixturePath('sample.mp4');
const bytesOf = async (body: ReadableStream<Uint8Array>): Promise<number> => (await new Response(body).arrayBuffer()).byteLength;

describe('dubbing', () => {
  it('ws#1 ws#2 create → queued, processing, completed on the clock → the dubbed track', async () => {
    const api = new DubbingApi(http());
    const job = await api.create({ file: MP4, model: 'eleven-dubbing-v1', target_lang: 'ru', source_lang: 'en' });
    assert.equal(job.status, 'running');
    assert.equal(job.rawStatus, 'queued');
    assert.ok(job.costCents !== undefined && Math.abs(job.costCents - 2.5) < 0.1, String(job.costCents)); // ~3 s at 50 ¢/min
    const body = sim().requests.at(-1)?.body as { fields: Record<string, string>; files: { filename: string }[] };
    assert.deepEqual(body.fields, { model: 'eleven-dubbing-v1', target_lang: 'ru', source_lang: 'en' });
    assert.equal(body.files[0]?.filename, 'sample.mp4');
    sim().advanceClock(5);
    const mid = await api.get(job.dubbingId);
    assert.deepEqual([mid.status, mid.rawStatus, mid.targets], ['running', 'processing', ['ru']]);
    const early = await api.audio(job.dubbingId, 'ru').catch((e: unknown) => e);
    assert.ok(early instanceof AirforceError && early.status === 400);
    sim().advanceClock(20);
    const done = await api.get(job.dubbingId);
    assert.equal(done.status, 'completed');
    assert.ok(Math.abs((done.sourceDurationSeconds ?? 0) - 3) < 0.1);
    const track = await api.audio(job.dubbingId, 'ru');
    assert.equal(track.contentType, 'audio/mpeg');
    assert.ok((await bytesOf(track.body)) > 1000);
  });

  it('ws#1 a failing job says why; an unknown status is kept as such and followed to the end', async () => {
    const api = new DubbingApi(http());
    sim().addFault({ fault: 'dubbing-fail', times: 1, param: 'No speech found.' });
    const failing = await api.create({ file: WAV, model: 'eleven-dubbing-v1', target_lang: 'it' });
    sim().advanceClock(11);
    assert.deepEqual(await api.get(failing.dubbingId).then((s) => [s.status, s.error]), ['failed', 'No speech found.']);
    sim().addFault({ fault: 'dubbing-unknown-status', times: 1, param: 'transcoding' });
    const odd = await api.create({ file: WAV, model: 'eleven-dubbing-v1', target_lang: 'de' });
    sim().advanceClock(5);
    assert.deepEqual(await api.get(odd.dubbingId).then((s) => [s.status, s.rawStatus]), ['unrecognized', 'transcoding']);
    sim().advanceClock(20);
    assert.equal((await api.get(odd.dubbingId)).status, 'completed');
  });

  it('ws#2 status words the docs leave open: completed or dubbed is done, an error beside an odd word is a failure', () => {
    assert.equal(dubbingStatus('dubbed'), 'completed');
    assert.equal(dubbingStatus('COMPLETED'), 'completed');
    assert.equal(dubbingStatus('dubbing'), 'running');
    assert.equal(dubbingStatus('error'), 'failed');
    assert.equal(dubbingStatus('weird', 'boom'), 'failed');
    assert.equal(dubbingStatus('weird'), 'unrecognized');
  });

  it('ws#2 a lost create is a fate unknown (the job exists, nothing re-sent); a bad id or language sends nothing', async () => {
    const api = new DubbingApi(http());
    sim().addFault({ fault: 'reset-after-body', times: 1, match: { path: '/v1/audio/dubbing' } });
    const err = await api.create({ file: WAV, model: 'eleven-dubbing-v1', target_lang: 'ru' }).catch((e: unknown) => e);
    assert.ok(err instanceof CreateOutcomeUnknownError, String(err));
    assert.equal(sim().media.dubbing.size > 0, true);
    assert.equal(sim().requests.length, 1);
    sim().requests.length = 0;
    await assert.rejects(api.get('../x'), (e: AirforceError) => e.code === 'unsafe_task_id');
    await assert.rejects(api.audio('dub_1', '../ru'), (e: AirforceError) => e.code === 'invalid_language');
    assert.equal(sim().requests.length, 0);
  });
});

describe('isolation, voice changer and cloning', () => {
  it('ws#1 ws#2 isolate a voice: audio back with its cost; an HTML page is refused', async () => {
    const r = await isolateVoice(http(), { file: WAV, model: 'eleven-isolation-v1' });
    assert.equal(r.contentType, 'audio/mpeg');
    assert.ok(r.costCents !== undefined && r.costCents > 0);
    assert.ok((await bytesOf(r.body)) > 1000);
    sim().addFault({ fault: 'wrong-content-type', times: 1 });
    await assert.rejects(isolateVoice(http(), { file: WAV, model: 'eleven-isolation-v1' }), (e: AirforceError) => e.code === 'wrong_content_type');
  });

  it('ws#1 ws#2 clone a voice with the current consent; it is listed, usable, renamed and deleted', async () => {
    const clones = new VoiceCloneApi(http());
    const consent = await clones.consentText();
    assert.match(consent.text, /consent text v\d/);
    assert.equal(sim().requests.at(-1)?.headers.authorization, 'Bearer sk-air-…');
    const voice = await clones.clone({ name: 'My voice', consent_hash: consent.hash, files: [WAV, fixturePath('tone.mp3')] });
    assert.equal(voice.status, 'active');
    const body = sim().requests.at(-1)?.body as { files: { field: string; filename: string }[] };
    assert.deepEqual(
      body.files.map((f) => [f.field, f.filename]),
      [
        ['files', 'tone.wav'],
        ['files', 'tone.mp3'],
      ],
    );
    const audio = new AudioApi(http());
    const listed = (await audio.voices()).find((v) => v.voice_id === voice.voice_id);
    assert.deepEqual([listed?.name, listed?.category], ['My voice', 'cloned']);
    const changed = await changeVoice(http(), { file: WAV, model: 'eleven-sts-v2', voice: voice.voice_id, voice_settings: { stability: 0.5 } });
    assert.equal(changed.contentType, 'audio/mpeg');
    await bytesOf(changed.body);
    assert.equal((sim().requests.at(-1)?.body as { fields: Record<string, string> }).fields.voice_settings, '{"stability":0.5}');
    await clones.rename(voice.voice_id, { name: 'Narrator' });
    assert.equal((await audio.voices()).find((v) => v.voice_id === voice.voice_id)?.name, 'Narrator');
    assert.equal(await clones.delete(voice.voice_id), true);
    assert.equal(
      (await audio.voices()).some((v) => v.voice_id === voice.voice_id),
      false,
    );
    await assert.rejects(changeVoice(http(), { file: WAV, model: 'eleven-sts-v2', voice: voice.voice_id }), (e: AirforceError) => e.status === 400 && e.code === 'voice_not_found');
  });

  it('ws#2 a stale consent is refused with the new text to show; nothing is cloned', async () => {
    const clones = new VoiceCloneApi(http());
    const before = await clones.consentText();
    sim().addFault({ fault: 'consent-stale', times: 1 });
    const err = await clones.clone({ name: 'Me', consent_hash: before.hash, files: [WAV] }).catch((e: unknown) => e);
    assert.ok(err instanceof ConsentStaleError, String(err));
    assert.equal(err.code, 'consent_stale');
    assert.ok(err.current && err.current.hash !== before.hash);
    assert.equal(sim().media.voices.size, 0);
    const ok = await clones.clone({ name: 'Me', consent_hash: err.current.hash, files: [WAV] });
    assert.equal(ok.status, 'active');
    await clones.delete(ok.voice_id);
  });
});
