// The validators return codes and parameters; the host (describeProblem) and the webview (the
// `problem.<code>` strings) put them into words in the display language.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROBLEM_CODES, PROBLEM_ENGLISH, PROBLEM_STRING_KEYS } from '../../../src/api/rules/messages';
import { validateVideoRequest } from '../../../src/api/rules/validation';
import { validateSpeechRequest } from '../../../src/api/rules/validationAudio';
import { validateImageRequest } from '../../../src/api/rules/validationImage';
import type { Model } from '../../../src/api/schemas/schemas';
import type { VideoModel } from '../../../src/api/rules/modelKind';
import { describeProblem, describeProblems } from '../../../src/l10n/describeProblem';
import { problemText } from '../../../src/l10n/problemText';
import { problemStrings } from '../../../src/l10n/problemStrings';
import { panelStrings } from '../../../src/generate/host/strings';
import { STRING_KEYS } from '../../../src/generate/protocolConstants';
import { bundleL10n, readJson } from './helpers';

const english = { t: (m: string) => m };
const video = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: { modes: ['text', 'image'], min_duration_s: 5, max_duration_s: 10, aspect_ratios: ['16:9', '9:16'], qualities: [], price_per_second_cents: 4 },
} as unknown as VideoModel;
const speech = { id: 'tts-1', media_type: 'speech', output_modalities: ['audio'], speech_caps: {} } as unknown as Model;

describe('localized validation problems', () => {
  it('the validators return field, code, params and allowed, and keep the English message', () => {
    const r = validateVideoRequest({ model: 'wan-2.6', prompt: '', duration_seconds: 30, aspect_ratio: '4:3' }, video);
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems;
    assert.deepEqual(
      problems.map((p) => [p.field, p.code, p.params]),
      [
        ['prompt', 'prompt.emptyScene', []],
        ['duration_seconds', 'duration.range', [5, 10]],
        ['aspect_ratio', 'choice.oneOf', ['aspect_ratio', '16:9, 9:16']],
      ],
    );
    assert.equal(problems[1]!.message, 'duration_seconds must be a whole number between 5 and 10 seconds');
    const img = validateImageRequest({ model: 'x', prompt: 'p', input_images: [{ url: 'http://a' }] }, undefined);
    assert.deepEqual(!img.ok && img.problems.map((p) => p.code), ['model.unknown']);
  });

  it('the host says them in Russian with the Russian bundle, numbers written the Russian way', () => {
    const ru = bundleL10n(readJson('l10n', 'bundle.l10n.ru.json'));
    const r = validateSpeechRequest({ model: 'tts-1', input: 'hi', voice: 'v', speed: 9 }, speech);
    assert.equal(r.ok, false);
    const speed = r.ok ? undefined : r.problems.find((p) => p.field === 'speed');
    assert.ok(speed?.code === 'range.between');
    const text = describeProblem(speed, ru, 'ru');
    assert.match(text, /0,25/, 'the bound as Russian writes it');
    assert.match(text, /speed/, 'the API field name stays as it is');
    assert.doesNotMatch(text, /must be/, 'not the English text');
    assert.equal(describeProblem(speed, english, 'en'), 'speed must be a number between 0.25 and 4');
  });

  it('a problem without a code (built by older callers) keeps its message', () => {
    assert.equal(describeProblem({ message: 'as it was' }, english), 'as it was');
    assert.equal(describeProblems([{ message: 'a' }, { message: 'b' }], english), 'a; b');
    assert.equal(problemText({ message: 'fallback', code: 'seed.integer' }, {}), 'fallback', 'a table without the code');
  });

  it('one l10n string per code, in the panel strings and in STRING_KEYS; its English is the validator’s', () => {
    const table = problemStrings(english);
    for (const code of PROBLEM_CODES) assert.equal(table[`problem.${code}`], PROBLEM_ENGLISH[code], code);
    const keys = new Set<string>(STRING_KEYS);
    for (const key of PROBLEM_STRING_KEYS) assert.ok(keys.has(key), key);
    const strings = panelStrings(english) as Record<string, string>;
    assert.equal(strings['problem.model.missing'], 'model must be chosen');
  });

  it('the webview fills the same template from its strings table (Italian)', () => {
    const it_ = panelStrings(bundleL10n(readJson('l10n', 'bundle.l10n.it.json'))) as Record<string, string>;
    const r = validateVideoRequest({ model: 'wan-2.6', prompt: 'p', duration_seconds: 30 }, video);
    const p = r.ok ? undefined : r.problems[0];
    assert.ok(p);
    const text = problemText(p, it_, 'it');
    assert.match(text, /5/);
    assert.match(text, /10/);
    assert.notEqual(text, p.message);
  });
});
