// The forms of the operations on a workspace file (Transcribe, Dub, Voice changer: the operations with
// `panel: true` in src/kinds.ts): one shape for all of them (each keeps its own copy and uses its own
// fields), its problems and price through the operations' validator and estimator (api/rules/validationMedia.ts, fed
// the file's size and duration the host measured), the `generate` message, and how it comes back
// from getState(). No DOM: unit-tested directly.
import type { CostEstimate } from '../../api/rules/cost';
import { mediaOperation } from '../../api/rules/mediaModelKind';
import { estimateOperation, validateOperationRequest } from '../../api/rules/validationMedia';
import type { Model } from '../../api/schemas/schemas';
import { OPERATIONS } from '../../kinds';
import type { AppMessage, MediaItem, OperationPrefill, OperationRequest, Problem } from '../protocol';
import { isMediaToken, PANEL_OPERATION_IDS, type PanelOperation } from '../protocolConstants';
import { toProblems } from './formCommon';
import type { CodedProblem } from '../../l10n/problemText';

// A type alias (not an interface) so it fits the forms' `Record<string, unknown>`-shaped helpers.
export type OperationForm = {
  model: string;
  /** The chosen file as the host measured it (its token, name, size, duration); absent until chosen. */
  file?: MediaItem;
  /** Transcribe: the spoken language's code; '' = the model detects it. */
  language: string;
  /** Voice changer: the new voice's id. */
  voice: string;
  /** Dub: the language of the new track ('' until chosen: required) and the source's ('' = detected). */
  target_lang: string;
  source_lang: string;
};

export type OperationForms = Record<PanelOperation, OperationForm>;
type Generate = Extract<AppMessage, { type: 'generate' }>;

export function emptyOperationForm(): OperationForm {
  return { model: '', language: '', voice: '', target_lang: '', source_lang: '' };
}

/** The models that do `op`, in the catalog's order (api/rules/mediaModelKind.ts). */
export function modelsOfOperation(models: readonly Model[], op: PanelOperation): Model[] {
  return models.filter((m) => mediaOperation(m) === OPERATIONS[op].serves);
}

/** What the validator and the estimator are given: the choices, the file's name, size and duration. */
export function operationCandidate(op: PanelOperation, f: OperationForm): Record<string, unknown> {
  const file = f.file;
  return {
    model: f.model,
    ...(file ? { file: file.label, source_bytes: file.bytes } : {}),
    ...(file?.durationSeconds !== undefined ? { source_duration_seconds: file.durationSeconds } : {}),
    ...(op === 'transcribe' && f.language !== '' ? { language: f.language } : {}),
    ...(op === 'voiceChange' ? { voice: f.voice } : {}),
    ...(op === 'dub' ? { target_lang: f.target_lang, ...(f.source_lang !== '' ? { source_lang: f.source_lang } : {}) } : {}),
  };
}

/**
 * Every problem the form has (`chooseLanguage`: what an unchosen dubbing language says): before its models arrive (`loaded` false) not the model's (it would
 * only say "loading"); then the one validator's, as for every kind.
 */
export function operationProblems(
  op: PanelOperation,
  f: OperationForm,
  model: Model | undefined,
  loaded: boolean,
  describe?: (p: CodedProblem) => string,
  chooseLanguage?: string,
): Problem[] {
  const checked = validateOperationRequest(op, operationCandidate(op, f), model);
  if (checked.ok) return [];
  // Dub's language not chosen yet: say so in the form's words, not as a malformed code.
  const unchosen = op === 'dub' && f.target_lang === '' && chooseLanguage !== undefined;
  const problems = toProblems(checked.problems, describe).map((p) => (unchosen && p.field === 'target_lang' ? { ...p, message: chooseLanguage } : p));
  return loaded ? problems : problems.filter((p) => p.field !== 'model');
}

/** The price before submit: per minute of the chosen file; undefined until a model and a file are chosen. */
export function operationCost(op: PanelOperation, f: OperationForm, model: Model | undefined): CostEstimate | undefined {
  if (!model || !f.file) return undefined;
  return estimateOperation(op, operationCandidate(op, f), model);
}

/** The message that sends the form (after its problems were checked): the choices, the file's token. */
export function operationMessage(op: PanelOperation, f: OperationForm): Generate {
  const request: OperationRequest = { model: f.model };
  if (op === 'transcribe' && f.language !== '') request.language = f.language;
  if (op === 'voiceChange') request.voice = f.voice;
  if (op === 'dub') {
    request.target_lang = f.target_lang;
    if (f.source_lang !== '') request.source_lang = f.source_lang;
  }
  return { type: 'generate', kind: op, request, file: f.file?.token ?? '' };
}

/** "Generate again" on an operation's task: its model, languages or voice, and its file (checked again by the host). */
export function applyOperationPrefill(f: OperationForm, p: OperationPrefill): OperationForm {
  return {
    ...f,
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.language !== undefined ? { language: p.language } : {}),
    ...(p.voice !== undefined ? { voice: p.voice } : {}),
    ...(p.target_lang !== undefined ? { target_lang: p.target_lang } : {}),
    // A rerun names the source's language or none (then it is detected again).
    ...(p.target_lang !== undefined || p.source_lang !== undefined ? { source_lang: p.source_lang ?? '' } : {}),
    ...(p.file !== undefined ? { file: p.file } : {}),
  };
}

/** After VS Code reloaded: the forms without files whose tokens the new host does not know; `dropped` if any went. */
export function keepKnownFiles(forms: OperationForms, tokens: ReadonlySet<string>): { forms: OperationForms; dropped: boolean } {
  let dropped = false;
  const kept = { ...forms };
  for (const op of PANEL_OPERATION_IDS) {
    const file = forms[op].file;
    if (file && !tokens.has(file.token)) {
      const { file: _gone, ...rest } = forms[op];
      kept[op] = rest;
      dropped = true;
    }
  }
  return { forms: dropped ? kept : forms, dropped };
}

function restoreFile(v: unknown): MediaItem | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.token !== 'string' || !isMediaToken(o.token) || typeof o.label !== 'string' || typeof o.bytes !== 'number' || !Number.isFinite(o.bytes)) return undefined;
  const d = o.durationSeconds;
  return { token: o.token, label: o.label.slice(0, 500), bytes: o.bytes, ...(typeof d === 'number' && Number.isFinite(d) && d >= 0 ? { durationSeconds: d } : {}) };
}

/** One form from getState(); a damaged or missing state gives the defaults field by field. */
export function restoreOperationForm(stored: unknown): OperationForm {
  const d = emptyOperationForm();
  if (typeof stored !== 'object' || stored === null) return d;
  const o = stored as Record<string, unknown>;
  const str = (k: 'model' | 'language' | 'voice' | 'target_lang' | 'source_lang'): string => (typeof o[k] === 'string' ? (o[k] as string) : d[k]);
  const file = restoreFile(o.file);
  return {
    model: str('model'),
    language: str('language'),
    voice: str('voice'),
    target_lang: str('target_lang'),
    source_lang: str('source_lang'),
    ...(file ? { file } : {}),
  };
}

/** Every operation's form from getState() (the forms object that holds the kinds' too). */
export function restoreOperationForms(stored: unknown): OperationForms {
  const o = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(PANEL_OPERATION_IDS.map((op) => [op, restoreOperationForm(o[op])])) as OperationForms;
}
