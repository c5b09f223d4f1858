// Airforce: Storyboard from Selection. Selected prose in a Markdown file → one chat call → ```airforce
// shot blocks inserted under the selection. The answer is checked by the storyboard analyzer first;
// if it finds errors, they are sent back once for a fix, and whatever remains is inserted with its
// diagnostics showing (never dropped). From the editor: the price is asked first (both calls' upper
// bound), a cancellable notification streams, an empty answer offers Try Again. With a request object
// `{uri?, range?, text?, confirm?}`: no dialog; resolves to what was inserted, or rejects.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { ChatEmptyAnswerError, ChatStreamCutError } from '../../api/chatErrors';
import type { ChatMessage } from '../../api/schemas/chatSchemas';
import type { Model } from '../../api/schemas/schemas';
import { isPlainObject } from '../../submit/vscode/checks';
import { config } from '../../config';
import { KIND_IDS } from '../../kinds';
import { prepareChat, estimateCents, type PreparedChat } from '../chatCall';
import { fixConversation, needsFix, readStoryboardAnswer, storyboardMessages, STORYBOARD_MAX_TOKENS, type StoryboardAnswer } from '../storyboard';
import { ChatProgress } from './chatProgress';
import { chatErrorText, promptModel, runChat, type ChatConsent } from './promptChat';

/** Where the shots come from and go: the prose, and the line they are inserted under. */
interface Target {
  uri: vscode.Uri;
  prose: string;
  /** 0-based: the shots go below this line. */
  afterLine: number;
}

export interface StoryboardInserted {
  /** The inserted blocks, as inserted. */
  text: string;
  /** The first inserted line (0-based) and the shots' ids in order. */
  line: number;
  shots: string[];
  /** What the storyboard check still found, on document lines. */
  problems: { line: number; message: string; severity: 'error' | 'warning' }[];
  /** A fix was asked for (the first answer had errors). */
  fixRound: boolean;
  model: string;
  /** What the call(s) cost, as recorded in the ledger (undefined: unknown). */
  costCents?: number;
}

/** Each kind's default-model setting, as the editor's storyboard check reads them (not imported from
 * storyboard/vscode/support.ts, which would bring the lenses and completion into this bundle). */
const defaultModels = (): Partial<Record<(typeof KIND_IDS)[number], string>> =>
  Object.fromEntries(KIND_IDS.flatMap((k) => (config.defaultModel(k) ? [[k, config.defaultModel(k)]] : [])));

/** A fix request's input is the first exchange plus the problems: this many characters bound the problems. */
const FIX_PROBLEMS_CHARS = 4000;

const SELECT_FIRST = (): Error => new Error(vscode.l10n.t('Select the prose to turn into shots in a Markdown editor first.'));

function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v !== '') return /^[a-z][a-z0-9+.-]+:/i.test(v) && !/^[a-z]:[\\/]/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  return undefined;
}

/** `{start: {line, character}, end: …}` or `[startLine, startChar, endLine, endChar]`. */
function toRange(v: unknown): vscode.Range | undefined {
  if (v instanceof vscode.Range) return v;
  const n = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined);
  if (Array.isArray(v) && v.length === 4 && v.every((x) => n(x) !== undefined)) return new vscode.Range(v[0], v[1], v[2], v[3]);
  if (!isPlainObject(v)) return undefined;
  const pos = (p: unknown): vscode.Position | undefined =>
    isPlainObject(p) && n(p.line) !== undefined && n(p.character) !== undefined ? new vscode.Position(n(p.line)!, n(p.character)!) : undefined;
  const [start, end] = [pos(v.start), pos(v.end)];
  return start && end ? new vscode.Range(start, end) : undefined;
}

/** The last line a range covers (a selection ending at column 0 of a line does not cover it). */
const lastLine = (r: vscode.Range): number => (r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line);

async function targetOf(request: Record<string, unknown> | undefined): Promise<Target> {
  const editor = vscode.window.activeTextEditor;
  const uri = toUri(request?.uri) ?? editor?.document.uri;
  if (!uri) throw SELECT_FIRST();
  const doc = await vscode.workspace.openTextDocument(uri);
  const onEditor = editor?.document.uri.toString() === doc.uri.toString() ? editor : undefined;
  if (request?.range !== undefined && !toRange(request.range)) throw new Error(vscode.l10n.t('range must be {start: {line, character}, end: {line, character}}.'));
  const range = toRange(request?.range) ?? (request?.text === undefined ? onEditor?.selection : undefined);
  const text = typeof request?.text === 'string' ? request.text : range ? doc.getText(doc.validateRange(range)) : '';
  if (text.trim() === '') throw SELECT_FIRST();
  return { uri: doc.uri, prose: text, afterLine: range ? lastLine(doc.validateRange(range)) : doc.lineCount - 1 };
}

/** The fix call's upper bound, before the first answer exists: the longest answer plus the problems. */
function fixBound(choice: { model: Model; stream: boolean }, messages: ChatMessage[]): PreparedChat {
  const answer = 'x'.repeat(STORYBOARD_MAX_TOKENS * 4);
  return prepareChat(choice, [...messages, { role: 'assistant', content: answer }, { role: 'user', content: 'x'.repeat(FIX_PROBLEMS_CHARS) }], STORYBOARD_MAX_TOKENS);
}

export async function storyboardFromSelection(af: Airforce, arg?: unknown): Promise<StoryboardInserted | undefined> {
  const request = isPlainObject(arg) ? arg : undefined;
  const target = await targetOf(request);
  return run(af, target, request);
}

async function run(af: Airforce, target: Target, request: Record<string, unknown> | undefined): Promise<StoryboardInserted | undefined> {
  const choice = await promptModel(af);
  const catalog = await af.allModels();
  const messages = storyboardMessages({ selection: target.prose, catalog });
  const first = prepareChat(choice, messages, STORYBOARD_MAX_TOKENS);
  // The person is asked once, for both calls' upper bound; the fix call asks again only above the threshold.
  const shown = estimateCents(first) + estimateCents(fixBound(choice, messages));
  const consent = (fix: boolean): ChatConsent =>
    request ? { type: 'request', options: request } : { type: 'ask', purpose: 'storyboard', always: !fix, ...(fix ? {} : { cents: shown }) };
  const progress = new ChatProgress(vscode.l10n.t('Storyboard from selection ({0})', choice.model.id));
  let cost: number | undefined = 0;
  const add = (c: number | undefined): void => void (cost = cost === undefined || c === undefined ? undefined : cost + c);
  try {
    let sent;
    try {
      sent = await runChat(af, first, consent(false), {
        signal: progress.signal,
        onSending: () => progress.start(vscode.l10n.t('Writing the shots…')),
        onDelta: (t) => progress.delta(t),
      });
    } catch (e) {
      if (e instanceof ChatEmptyAnswerError && e.retryable && !request) return offerTryAgain(af, e, target);
      if (e instanceof ChatStreamCutError) throw Object.assign(new Error(chatErrorText(e)), { name: e.name, cause: e });
      throw e;
    }
    if (!sent.ok) return undefined;
    add(sent.cents);
    let read = readStoryboardAnswer(sent.result.text, catalog, defaultModels());
    const fixRound = needsFix(read);
    if (fixRound) read = await fixOnce(af, { choice, messages, answer: sent.result.text, read, catalog, consent: consent(true), progress, add });
    if (read.blocks.length === 0) throw new Error(vscode.l10n.t('The chat model answered without any ```airforce block; nothing was inserted.'));
    const inserted = await insert(target, read);
    const result: StoryboardInserted = { ...inserted, fixRound, model: choice.model.id, ...(cost !== undefined ? { costCents: cost } : {}) };
    if (!request && result.problems.length > 0) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The shots were inserted with problems the storyboard check found ({0}): they are marked in the editor.', result.problems.length),
      );
    }
    return result;
  } finally {
    progress.dispose();
  }
}

interface FixInput {
  choice: { model: Model; stream: boolean };
  messages: ChatMessage[];
  answer: string;
  read: StoryboardAnswer;
  catalog: readonly Model[];
  consent: ChatConsent;
  progress: ChatProgress;
  add: (cents: number | undefined) => void;
}

/**
 * The one fix round. Its answer replaces the first when it holds shots; a fix that fails (the budget,
 * a cut stream, an empty answer) leaves the first answer, which is inserted as it is. A cancel stops.
 */
async function fixOnce(af: Airforce, f: FixInput): Promise<StoryboardAnswer> {
  const p = prepareChat(f.choice, fixConversation(f.messages, f.answer, f.read), STORYBOARD_MAX_TOKENS);
  try {
    const sent = await runChat(af, p, f.consent, {
      signal: f.progress.signal,
      onSending: () => f.progress.start(vscode.l10n.t('Fixing what the storyboard check found…')),
      onDelta: (t) => f.progress.delta(t),
    });
    if (!sent.ok) return f.read;
    f.add(sent.cents);
    const fixed = readStoryboardAnswer(sent.result.text, f.catalog, defaultModels());
    return fixed.blocks.length > 0 ? fixed : f.read;
  } catch (e) {
    if (f.progress.signal.aborted) throw e;
    af.log.warn(`Storyboard from selection: the fix round failed, the first answer is inserted: ${e instanceof Error ? e.message : String(e)}`);
    return f.read;
  }
}

async function offerTryAgain(af: Airforce, e: ChatEmptyAnswerError, target: Target): Promise<StoryboardInserted | undefined> {
  af.log.warn(`Storyboard from selection: ${e.message}`);
  const again = vscode.l10n.t('Try Again');
  const pick = await vscode.window.showErrorMessage(vscode.l10n.t('The chat model answered with nothing (nothing was billed).'), again);
  return pick === again ? run(af, target, undefined) : undefined;
}

/** Inserts the blocks under the target line, set apart by blank lines; the problems on document lines. */
async function insert(target: Target, read: StoryboardAnswer): Promise<Omit<StoryboardInserted, 'fixRound' | 'model' | 'costCents'>> {
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const text = read.text.split('\n').join(eol);
  const after = Math.min(target.afterLine, doc.lineCount - 1);
  const edit = new vscode.WorkspaceEdit();
  const atEnd = after >= doc.lineCount - 1;
  // Below the selection's last line: a blank line (unless that line is one), the blocks, and a blank
  // line before what follows.
  const blank = doc.lineAt(after).isEmptyOrWhitespace;
  edit.insert(doc.uri, doc.lineAt(after).range.end, `${blank ? '' : eol}${eol}${text}${atEnd ? eol : ''}`);
  if (!atEnd && !doc.lineAt(after + 1).isEmptyOrWhitespace) edit.insert(doc.uri, new vscode.Position(after + 1, 0), eol);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('Could not insert the shots into {0}.', doc.uri.fsPath));
  const line = after + (blank ? 1 : 2);
  return {
    text: read.text,
    line,
    shots: read.analysis.shots.flatMap((s) => (s.block.id ? [s.block.id] : [])),
    problems: read.problems.map((p) => ({ line: p.block < 0 ? line : line + p.line, message: p.message, severity: p.severity })),
  };
}
