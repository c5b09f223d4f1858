import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canUseFile, elapsedText, progressPercent, runningProblem, statusKey, statusText, subtitleTrack, taskActions, taskPhase } from '../../../src/generate/app/jobModel';
import { panelStrings } from '../../../src/generate/host/strings';
import type { JobView } from '../../../src/generate/protocol';

const base: JobView = { localId: 'l1', status: 'processing', progress: 42.4, model: 'wan-2.6', prompt: 'p', startedAt: 1_000_000 };

describe('taskModel', () => {
  it('derives the phase from status and saved file', () => {
    assert.equal(taskPhase({ ...base, status: 'waiting' }), 'running');
    assert.equal(taskPhase({ ...base, status: 'queued' }), 'running');
    assert.equal(taskPhase(base), 'running');
    assert.equal(taskPhase({ ...base, status: 'completed' }), 'saving');
    assert.equal(taskPhase({ ...base, status: 'completed', downloadError: 'expired' }), 'failed');
    assert.equal(taskPhase({ ...base, status: 'completed', savedPath: '/o/v.mp4', videoUri: 'https://x/v.mp4?v=1' }), 'ready');
    assert.equal(taskPhase({ ...base, status: 'failed', error: 'boom' }), 'failed');
    assert.equal(taskPhase({ ...base, status: 'expired' }), 'failed');
  });

  it('maps status to its string key', () => {
    assert.equal(statusKey({ ...base, status: 'waiting' }), 'status.waiting');
  });

  it('runs the timer until the end time, then freezes', () => {
    assert.equal(elapsedText(base, base.startedAt + 75_000), '1:15');
    assert.equal(elapsedText({ ...base, endedAt: base.startedAt + 30_000 }, base.startedAt + 999_000), '0:30');
  });

  it('rounds and clamps the progress; completed is full', () => {
    assert.equal(progressPercent(base), 42);
    assert.equal(progressPercent({ ...base, progress: 0 }), 0);
    assert.equal(progressPercent({ ...base, status: 'completed', progress: 80 }), 100);
  });

  it('offers file actions only with a saved file', () => {
    assert.equal(canUseFile(base), false);
    assert.equal(canUseFile({ ...base, savedPath: '/o/v.mp4' }), true);
  });

  it('#1 a fate-unknown task is its own phase with Look again and Send again', () => {
    const lost: JobView = { ...base, status: 'fate-unknown' };
    assert.equal(taskPhase(lost), 'unsure');
    assert.deepEqual(taskActions(lost), ['lookAgain', 'sendAgain']);
    assert.equal(statusText(lost, strings), 'Sent — fate unknown');
  });

  it('#4 only a retryable failure offers Try again', () => {
    assert.deepEqual(taskActions({ ...base, status: 'failed', retryable: true, error: 'cap' }), ['tryAgain']);
    assert.deepEqual(taskActions({ ...base, status: 'failed', error: 'boom' }), []);
    assert.deepEqual(taskActions(base), []);
  });

  it("#9 names an unrecognized status and keeps a running task's problem visible", () => {
    const odd: JobView = { ...base, status: 'unrecognized', rawStatus: 'paused' };
    assert.equal(taskPhase(odd), 'running');
    assert.equal(statusText(odd, strings), 'Unknown status “paused”');
    assert.equal(runningProblem({ ...base, error: 'HTTP 500 three times' }), 'HTTP 500 three times');
    assert.equal(runningProblem({ ...base, status: 'failed', error: 'boom' }), undefined);
  });
});

const strings = panelStrings({ t: (m: string) => m });

describe('subtitleTrack', () => {
  it('plays subtitles only from where the video plays: same scheme, host and folder, a .vtt', () => {
    const root = 'https://file+.vscode-resource.vscode-cdn.net/w/airforce-media';
    const done: JobView = { ...base, status: 'completed', savedPath: '/w/airforce-media/clip.mp4', videoUri: `${root}/clip.mp4?v=1` };
    const withTrack = (uri: string, lang?: string): JobView => ({ ...done, subtitles: { uri, ...(lang ? { lang } : {}) } });
    assert.equal(subtitleTrack(done), undefined);
    assert.deepEqual(subtitleTrack(withTrack(`${root}/clip.vtt?v=2`)), { src: `${root}/clip.vtt?v=2` });
    assert.deepEqual(subtitleTrack(withTrack(`${root}/clip.vtt?v=2`, 'ru')), { src: `${root}/clip.vtt?v=2`, srclang: 'ru' });
    assert.deepEqual(subtitleTrack(withTrack(`${root}/clip.vtt`, 'bad lang')), { src: `${root}/clip.vtt` }, 'an invalid language is left out');
    for (const uri of [
      'https://evil.example/w/airforce-media/clip.vtt',
      'http://file+.vscode-resource.vscode-cdn.net/w/airforce-media/clip.vtt',
      `${root}/../secrets/clip.vtt`,
      `${root}/sub/clip.vtt`,
      `${root}/clip.srt`,
      'https://user:pw@file+.vscode-resource.vscode-cdn.net/w/airforce-media/clip.vtt',
      'data:text/vtt,WEBVTT',
      'not a url',
    ]) {
      assert.equal(subtitleTrack(withTrack(uri)), undefined, uri);
    }
    const { videoUri: _gone, ...noVideo } = withTrack(`${root}/clip.vtt`);
    assert.equal(subtitleTrack(noVideo), undefined, 'no video, no track');
  });
});
