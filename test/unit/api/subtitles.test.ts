// Transcript segments → SRT and WebVTT: exact text, sorted cues, no empty cues, no cue ending early.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSrt, toVtt } from '../../../src/api/subtitles';

const SEGMENTS = [
  { start: 2.5, end: 4.0, text: ' Second line. ' },
  { start: 0, end: 2.5, text: 'Hello there.' },
  { start: 4, end: 4, text: '   ' },
  { start: 3725.042, end: 3726.5, text: 'An hour\n\nlater --> on', speaker: 'Ann' },
];

describe('subtitle writers', () => {
  it('ws#2 SRT: numbered cues in start order, comma milliseconds, blanks dropped', () => {
    assert.equal(
      toSrt(SEGMENTS),
      '1\n00:00:00,000 --> 00:00:02,500\nHello there.\n\n' +
        '2\n00:00:02,500 --> 00:00:04,000\nSecond line.\n\n' +
        '3\n01:02:05,042 --> 01:02:06,500\nAnn: An hour\nlater --> on\n',
    );
  });

  it('ws#2 VTT: WEBVTT header, dot milliseconds, no arrow inside a cue', () => {
    assert.equal(
      toVtt(SEGMENTS),
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello there.\n\n' +
        '00:00:02.500 --> 00:00:04.000\nSecond line.\n\n' +
        '01:02:05.042 --> 01:02:06.500\nAnn: An hour\nlater -> on\n',
    );
  });

  it('ws#2 a cue never ends before it starts; no segments gives an empty SRT and a bare VTT', () => {
    assert.match(toSrt([{ start: 5, end: 1, text: 'x' }]), /00:00:05,000 --> 00:00:05,000/);
    assert.equal(toSrt([]), '');
    assert.equal(toVtt([]), 'WEBVTT\n');
  });
});
