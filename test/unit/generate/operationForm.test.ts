// The operation forms' pure rules (Transcribe, Dub, Voice changer): the models that do each, the problems
// through the one validator (file, model, voice), the per-minute price of the chosen file (or
// "price unknown"), the `generate` message (choices and the file's token, never a path), prefill,
// the files a new host no longer knows, restore from a damaged state, and the operations' model
// labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Model } from '../../../src/api/schemas/schemas';
import { panelStrings } from '../../../src/generate/host/strings';
import { modelOptionLabel } from '../../../src/generate/app/formLabels';
import { formCost, formProblems, generateMessage, kindModels, listKinds, restoreForms, withModel } from '../../../src/generate/app/formModel';
import {
  applyOperationPrefill,
  emptyOperationForm,
  keepKnownFiles,
  modelsOfOperation,
  operationCost,
  operationMessage,
  operationProblems,
  restoreOperationForm,
  restoreOperationForms,
  type OperationForm,
} from '../../../src/generate/app/operationForm';
import { restoreSession } from '../../../src/generate/app/session';
import { PANEL_KIND_IDS, PANEL_OPERATION_IDS, type MediaItem } from '../../../src/generate/protocol';
import { MODELS } from '../../simulator/catalog';

const all = MODELS as unknown as Model[];
const find = (id: string): Model => {
  const m = all.find((x) => x.id === id);
  assert.ok(m, id);
  return m;
};
const whisper = find('whisper-1'); // 0.6 ¢ per audio minute
const scribe = find('scribe-v1'); // no price
const sts = find('eleven-sts-v2'); // 30 ¢ per audio minute
const dubber = find('eleven-dubbing-v1');
const strings = panelStrings({ t: (m: string) => m });
const TOKEN = 'med:AAAAAAAAAAAAAAAAAAAAAAAA';
const FILE: MediaItem = { token: TOKEN, label: 'take.wav', bytes: 2048, durationSeconds: 120 };
const form = (patch: Partial<OperationForm>): OperationForm => ({ ...emptyOperationForm(), ...patch });
const fields = (problems: { field: string }[]): string[] => problems.map((p) => p.field);

describe('operation forms: models, problems, price, message', () => {
  it('the panel tabs are the kinds then the operations with panel: true; they share the one catalog list', () => {
    assert.deepEqual(PANEL_OPERATION_IDS, ['transcribe', 'dub', 'voiceChange']);
    assert.deepEqual(PANEL_KIND_IDS, ['video', 'image', 'speech', 'music', 'sfx', 'transcribe', 'dub', 'voiceChange']);
    assert.deepEqual(listKinds('transcribe'), ['image', 'speech', 'music', 'sfx', 'transcribe', 'dub', 'voiceChange']);
    assert.deepEqual(listKinds('video'), ['video']);
  });

  it('lists the models that do each operation, in catalog order', () => {
    assert.deepEqual(
      modelsOfOperation(all, 'transcribe').map((m) => m.id),
      ['whisper-1', 'scribe-v1'],
    );
    assert.deepEqual(
      kindModels('voiceChange', all).map((m) => m.id),
      ['eleven-sts-v2'],
    );
    assert.deepEqual(
      kindModels('image', all).map((m) => m.id),
      ['flux-2-dev', 'imagen-4'],
    );
  });

  it('asks for a file first, then is satisfied; the voice changer also wants a voice', () => {
    assert.deepEqual(fields(operationProblems('transcribe', form({ model: 'whisper-1' }), whisper, true)), ['file']);
    assert.deepEqual(operationProblems('transcribe', form({ model: 'whisper-1', file: FILE }), whisper, true), []);
    assert.deepEqual(operationProblems('transcribe', form({ model: 'whisper-1', file: FILE, language: 'ru' }), whisper, true), []);
    assert.deepEqual(fields(operationProblems('voiceChange', form({ model: 'eleven-sts-v2', file: FILE }), sts, true)), ['voice']);
    assert.deepEqual(operationProblems('voiceChange', form({ model: 'eleven-sts-v2', file: FILE, voice: 'rachel' }), sts, true), []);
  });

  it('refuses a model of another operation, a file that is no media or too large; no model problem while loading', () => {
    assert.deepEqual(fields(operationProblems('transcribe', form({ model: 'eleven-sts-v2', file: FILE }), sts, true)), ['model']);
    assert.deepEqual(fields(operationProblems('transcribe', form({ model: 'whisper-1', file: { ...FILE, label: 'notes.txt' } }), whisper, true)), ['file']);
    const big = { ...FILE, bytes: 300 * 1024 * 1024 };
    assert.match(operationProblems('transcribe', form({ model: 'whisper-1', file: big }), whisper, true)[0]?.message ?? '', /300 MiB/);
    assert.deepEqual(fields(operationProblems('transcribe', form({ model: 'whisper-1', file: FILE }), undefined, false)), []);
    assert.deepEqual(fields(formProblems(restoreForms({}), 'transcribe', undefined, true, { describe: (p: { message: string }) => p.message } as never)), ['model', 'file']);
  });

  it('prices per minute of the chosen file; nothing before a file; "price unknown" without a price or a duration', () => {
    assert.equal(operationCost('transcribe', form({ model: 'whisper-1' }), whisper), undefined);
    assert.equal(operationCost('transcribe', form({ model: 'whisper-1', file: FILE }), undefined), undefined);
    assert.deepEqual(operationCost('transcribe', form({ model: 'whisper-1', file: FILE }), whisper), { cents: 1.2 });
    assert.deepEqual(operationCost('voiceChange', form({ model: 'eleven-sts-v2', file: FILE, voice: 'v' }), sts), { cents: 60 });
    assert.ok('unknown' in (operationCost('transcribe', form({ model: 'scribe-v1', file: FILE }), scribe) ?? {}));
    const { durationSeconds: _none, ...noLength } = FILE;
    const unknown = operationCost('transcribe', form({ model: 'whisper-1', file: noLength }), whisper);
    assert.ok(unknown && 'reason' in unknown && /duration/.test(unknown.reason));
    const forms = { ...restoreForms({}), transcribe: form({ model: 'whisper-1', file: FILE }) };
    assert.deepEqual(formCost(forms, 'transcribe', whisper, {} as never), { cents: 1.2 });
  });

  it('sends the choices and the token: language only when chosen, the voice by its id', () => {
    assert.deepEqual(operationMessage('transcribe', form({ model: 'whisper-1', file: FILE })), {
      type: 'generate',
      kind: 'transcribe',
      request: { model: 'whisper-1' },
      file: TOKEN,
    });
    assert.deepEqual(operationMessage('transcribe', form({ model: 'whisper-1', file: FILE, language: 'it', voice: 'stale' })).request, {
      model: 'whisper-1',
      language: 'it',
    });
    const forms = { ...restoreForms({}), voiceChange: form({ model: 'eleven-sts-v2', file: FILE, voice: 'v1', language: 'stale' }) };
    assert.deepEqual(generateMessage(forms, 'voiceChange', sts, {} as never), {
      type: 'generate',
      kind: 'voiceChange',
      request: { model: 'eleven-sts-v2', voice: 'v1' },
      file: TOKEN,
    });
    assert.doesNotMatch(JSON.stringify(operationMessage('transcribe', form({ model: 'whisper-1', file: FILE }))), /take\.wav/);
  });

  it('takes a prefill, a new model, and drops files the new host does not know', () => {
    const filled = applyOperationPrefill(form({ model: 'scribe-v1', language: 'en' }), { model: 'whisper-1', language: 'ru', file: FILE });
    assert.deepEqual(filled, form({ model: 'whisper-1', language: 'ru', file: FILE }));
    const forms = withModel(restoreForms({}), 'transcribe', 'scribe-v1', scribe);
    assert.equal(forms.transcribe.model, 'scribe-v1');
    const ops = { transcribe: form({ file: FILE }), dub: form({}), voiceChange: form({ file: { ...FILE, token: 'med:BBBBBBBBBBBBBBBBBBBBBBBB' } }) };
    const kept = keepKnownFiles(ops, new Set([TOKEN]));
    assert.equal(kept.dropped, true);
    assert.deepEqual(kept.forms.transcribe.file, FILE);
    assert.equal(kept.forms.voiceChange.file, undefined);
    assert.equal(keepKnownFiles(ops, new Set([TOKEN, 'med:BBBBBBBBBBBBBBBBBBBBBBBB'])).forms, ops);
  });

  it('restores from getState field by field; a damaged file or a path in place of a token is dropped', () => {
    assert.deepEqual(restoreOperationForm(undefined), emptyOperationForm());
    assert.deepEqual(restoreOperationForm({ model: 'whisper-1', language: 7, file: { token: '/etc/passwd', label: 'x', bytes: 1 } }), form({ model: 'whisper-1' }));
    assert.deepEqual(
      restoreOperationForm({ voice: 'v', file: { ...FILE, durationSeconds: 'long' } }),
      form({ voice: 'v', file: { token: TOKEN, label: 'take.wav', bytes: 2048 } }),
    );
    assert.deepEqual(Object.keys(restoreOperationForms({})), ['transcribe', 'dub', 'voiceChange']);
    const session = restoreSession({ kind: 'voiceChange', forms: { transcribe: { model: 'whisper-1', file: FILE } } });
    assert.equal(session.kind, 'voiceChange');
    assert.deepEqual(session.forms.transcribe, form({ model: 'whisper-1', file: FILE }));
    assert.equal(restoreSession({ kind: 'isolate' }).kind, 'video');
  });

  it("labels an operation's model with its price per minute, or price unknown", () => {
    assert.equal(modelOptionLabel('transcribe', whisper, strings), 'whisper-1 — $0.006/min');
    assert.equal(modelOptionLabel('voiceChange', sts, strings), 'eleven-sts-v2 — $0.30/min');
    assert.equal(modelOptionLabel('transcribe', scribe, strings), 'scribe-v1 — price unknown');
  });
});

describe('the Dub form', () => {
  it('lists the dubbing models; wants a target language (in its own words), the source is optional', () => {
    assert.deepEqual(
      kindModels('dub', all).map((m) => m.id),
      ['eleven-dubbing-v1'],
    );
    const chosen = form({ model: 'eleven-dubbing-v1', file: FILE });
    const missing = operationProblems('dub', chosen, dubber, true, undefined, 'Choose a language');
    assert.deepEqual(missing, [{ field: 'target_lang', message: 'Choose a language' }]);
    // Without the panel's words: the validator's own (the commands say the same).
    assert.match(operationProblems('dub', chosen, dubber, true)[0]?.message ?? '', /target_lang/);
    assert.deepEqual(operationProblems('dub', { ...chosen, target_lang: 'ru' }, dubber, true), []);
    assert.deepEqual(operationProblems('dub', { ...chosen, target_lang: 'ru', source_lang: 'en' }, dubber, true), []);
    const messages = { describe: (p: { message: string }) => p.message, chooseLanguage: 'Choose a language' } as never;
    const forms = { ...restoreForms({}), dub: chosen };
    assert.deepEqual(formProblems(forms, 'dub', dubber, true, messages), [{ field: 'target_lang', message: 'Choose a language' }]);
  });

  it('prices the chosen file per minute and sends the languages by their API names, the source only when named', () => {
    const f = form({ model: 'eleven-dubbing-v1', file: FILE, target_lang: 'it', language: 'stale', voice: 'stale' });
    assert.ok(operationCost('dub', f, dubber));
    assert.deepEqual(operationMessage('dub', f), { type: 'generate', kind: 'dub', request: { model: 'eleven-dubbing-v1', target_lang: 'it' }, file: TOKEN });
    assert.deepEqual(operationMessage('dub', { ...f, source_lang: 'en' }).request, { model: 'eleven-dubbing-v1', target_lang: 'it', source_lang: 'en' });
    // The other forms never send the dubbing languages.
    assert.deepEqual(operationMessage('transcribe', { ...f, model: 'whisper-1' }).request, { model: 'whisper-1', language: 'stale' });
  });

  it("takes a rerun's languages (a rerun without a source language detects it again) and restores them", () => {
    const before = form({ model: 'eleven-dubbing-v1', target_lang: 'de', source_lang: 'fr' });
    assert.deepEqual(applyOperationPrefill(before, { model: 'eleven-dubbing-v1', target_lang: 'ru', file: FILE }), { ...before, target_lang: 'ru', source_lang: '', file: FILE });
    assert.deepEqual(applyOperationPrefill(before, { target_lang: 'it', source_lang: 'en' }), { ...before, target_lang: 'it', source_lang: 'en' });
    // A transcription's prefill leaves the dubbing languages alone.
    assert.deepEqual(applyOperationPrefill(before, { language: 'en' }), { ...before, language: 'en' });
    assert.deepEqual(restoreOperationForm({ target_lang: 'ru', source_lang: 5 }), form({ target_lang: 'ru' }));
    assert.deepEqual(restoreSession({ kind: 'dub', forms: { dub: { target_lang: 'it' } } }).forms.dub, form({ target_lang: 'it' }));
  });
});
