// Transcribe, Isolate Voice, Change Voice… on a workspace audio or video file. With a request object
// (`airforce.transcribe(uri, {model?, language?}, {confirm:false}?)`): the one submit without dialogs,
// resolving to the saved files. From a menu or the palette: the file (the clicked one, the active
// editor's, or one picked), the operation's choices in quick picks, the cost question, upload
// progress in a notification (cancellable while the file is still being sent), then the first
// result opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { mediaOperation } from '../api/rules/mediaModelKind';
import { isMediaSource } from '../api/rules/validationMedia';
import { MEDIA_SOURCE_EXTENSIONS, OPERATIONS, type Operation } from '../kinds';
import { isPlainObject } from '../submit/vscode/checks';
import { startedOrThrow, startJob, type StartOrigin } from '../submit/vscode/startJob';
import { LANGUAGES } from '../ui/languages';
import type { JobRecord } from '../jobs/types';
import { locateSource } from '../submit/vscode/operationSource';
import { pickVoice, playVoicePreview, voicePickItems } from './voicePick';
import { UPLOAD_PROGRESS_FROM_BYTES } from '../submit/operationCall';

/** Each operation's optional request keys a caller may give (the file is the first argument). */
const KEYS: Readonly<Record<Operation, readonly string[]>> = {
  transcribe: ['model', 'language', 'prompt'],
  dub: ['model', 'targetLanguage', 'sourceLanguage'],
  isolate: ['model'],
  voiceChange: ['model', 'voice', 'voice_name'],
};

/** A Uri, or a Tasks view row (its local id): that job's saved file. */
function fileArgument(af: Airforce, uri: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const saved = typeof uri === 'string' ? af.trackerIfBuilt?.get(uri)?.savedPath : undefined;
  return saved ? vscode.Uri.file(saved) : undefined;
}

/** The active editor's (or custom editor's) file when it is media: the editor title's button. */
function activeMediaFile(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : undefined;
  return uri && uri.scheme === 'file' && isMediaSource(uri.fsPath) ? uri : undefined;
}

async function pickFile(op: Operation): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('{0}: choose an audio or video file', operationTitle(op)),
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { [vscode.l10n.t('Audio and video')]: [...MEDIA_SOURCE_EXTENSIONS] },
  });
  return picked?.[0];
}

export function operationTitle(op: Operation): string {
  switch (op) {
    case 'transcribe':
      return vscode.l10n.t('Transcribe');
    case 'dub':
      return vscode.l10n.t('Dub');
    case 'isolate':
      return vscode.l10n.t('Isolate Voice');
    case 'voiceChange':
      return vscode.l10n.t('Change Voice');
  }
}

/** The request object's keys for `op`, checked to be an object; unknown keys are refused by name. */
function requestInput(op: Operation, file: vscode.Uri, options: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(options).filter((k) => !KEYS[op].includes(k));
  if (unknown.length > 0) throw new Error(vscode.l10n.t('Unknown option {0}; {1} takes {2}.', unknown.join(', '), OPERATIONS[op].command, KEYS[op].join(', ')));
  if (op !== 'dub') return { ...options, file: file.fsPath };
  // The command's words (targetLanguage) are the API's fields (target_lang).
  const { targetLanguage, sourceLanguage, ...rest } = options;
  return { ...rest, file: file.fsPath, target_lang: targetLanguage, ...(sourceLanguage !== undefined ? { source_lang: sourceLanguage } : {}) };
}

/**
 * What the editor title's button passes after the file: its editor group (`{groupId, editorIndex?}`),
 * an object like a request object but no request (a request never names a group).
 */
const isEditorContext = (v: unknown): boolean => isPlainObject(v) && typeof v.groupId === 'number';

/**
 * Runs `op` on a file. `options`: a request object (no dialogs), or anything else (a menu's
 * selection list, the editor title's group, nothing) for the interactive flow. Resolves with the
 * saved files (undefined when the person cancelled or left it to the Tasks view).
 */
export async function runOperation(af: Airforce, op: Operation, uri?: unknown, options?: unknown, submitOptions?: unknown): Promise<vscode.Uri[] | undefined> {
  if (uri !== undefined && uri !== null && !fileArgument(af, uri)) throw new Error(vscode.l10n.t('Expected a file Uri as the first argument of {0}.', OPERATIONS[op].command));
  if (isPlainObject(options) && !isEditorContext(options)) {
    const file = fileArgument(af, uri);
    if (!file) throw new Error(vscode.l10n.t('Expected a file Uri as the first argument of {0}.', OPERATIONS[op].command));
    const started = startedOrThrow(await startJob(af, op, { input: requestInput(op, file, options) }, { type: 'command', options: submitOptions }));
    return (await started.files!).map((f) => vscode.Uri.file(f));
  }
  const file = fileArgument(af, uri) ?? activeMediaFile() ?? (await pickFile(op));
  if (!file) return undefined;
  if (!isMediaSource(file.fsPath)) throw new Error(vscode.l10n.t('{0} is not an audio or video file ({1}).', path.basename(file.fsPath), MEDIA_SOURCE_EXTENSIONS.join(', ')));
  const choices = await askChoices(af, op);
  if (!choices) return undefined;
  return runWithProgress(af, op, { ...choices, file: file.fsPath });
}

/** The operation's model (asked when several do it) and its own choices; undefined when cancelled. */
async function askChoices(af: Airforce, op: Operation): Promise<Record<string, unknown> | undefined> {
  const models = (await af.allModels()).filter((m) => mediaOperation(m) === OPERATIONS[op].serves);
  if (models.length === 0) throw new Error(vscode.l10n.t('No model in the catalog does this ({0}); refresh the models or try later.', operationTitle(op)));
  let model = models[0]!.id;
  if (models.length > 1) {
    const pick = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.id, description: m.owned_by })),
      { title: vscode.l10n.t('{0}: model', operationTitle(op)), ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    model = pick.label;
  }
  if (op === 'transcribe') {
    const auto = { label: vscode.l10n.t('Detect the language'), code: '' };
    const items = [auto, ...LANGUAGES.map((l) => ({ label: l.name, description: l.code, code: l.code }))];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Transcribe: spoken language'), ignoreFocusOut: true, matchOnDescription: true });
    if (!pick) return undefined;
    return { model, ...(pick.code ? { language: pick.code } : {}) };
  }
  if (op === 'dub') {
    const langs = LANGUAGES.map((l) => ({ label: l.name, description: l.code, code: l.code }));
    const target = await vscode.window.showQuickPick(langs, { title: vscode.l10n.t('Dub into…'), ignoreFocusOut: true, matchOnDescription: true });
    if (!target) return undefined;
    const auto = { label: vscode.l10n.t('Detect the language'), description: '', code: '' };
    const source = await vscode.window.showQuickPick([auto, ...langs], {
      title: vscode.l10n.t('Dub: spoken language of the source'),
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    if (!source) return undefined;
    return { model, target_lang: target.code, ...(source.code ? { source_lang: source.code } : {}) };
  }
  if (op === 'voiceChange') {
    // Each voice with a preview has a Play button (commands/voicePick.ts).
    const items = voicePickItems(await af.client.audio.voices());
    const pick = await pickVoice(items, vscode.l10n.t('Change Voice: new voice'), (item) => playVoicePreview(af, item));
    if (!pick) return undefined;
    return { model, voice: pick.id, voice_name: pick.name };
  }
  return { model };
}

async function runWithProgress(af: Airforce, op: Operation, input: Record<string, unknown>): Promise<vscode.Uri[] | undefined> {
  const origin: StartOrigin = { type: 'menu' };
  let report: ((sent: number, total: number) => void) | undefined;
  const started = startedOrThrow(await startJob(af, op, { input, onUploadProgress: (sent, total) => report?.(sent, total) }, origin));
  if (op === 'dub') {
    // Minutes, like a video: the Tasks view follows it and the completion notice offers the track.
    void vscode.window.showInformationMessage(vscode.l10n.t('Dubbing started: it is followed in the Airforce Tasks view, and its track is saved when ready.'));
    return undefined;
  }
  const files = started.files!;
  const record = af.tracker.get(started.localId);
  const large = (record?.source?.bytes ?? 0) >= UPLOAD_PROGRESS_FROM_BYTES;
  const saved = large ? await withUploadProgress(af, op, started.localId, files, (fn) => (report = fn)) : await files;
  if (!saved) return undefined;
  const uris = saved.map((f) => vscode.Uri.file(f));
  if (uris[0]) await vscode.commands.executeCommand('vscode.open', uris[0]);
  return uris;
}

/** A notification with the upload's progress; Cancel stops the upload (nothing billed) or, once sent, only the wait. */
async function withUploadProgress(
  af: Airforce,
  op: Operation,
  localId: string,
  files: Promise<string[]>,
  listen: (fn: (sent: number, total: number) => void) => void,
): Promise<string[] | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: operationTitle(op), cancellable: true },
    (progress, token) =>
      new Promise<string[] | undefined>((resolve, reject) => {
        let done = 0;
        let uploading = true;
        listen((sent, total) => {
          const pct = total > 0 ? Math.floor((sent / total) * 100) : 0;
          if (pct > done) progress.report({ increment: pct - done, message: vscode.l10n.t('Uploading… {0}%', pct) });
          done = pct;
          if (sent >= total && uploading) {
            uploading = false;
            progress.report({ message: vscode.l10n.t('Waiting for the answer…') });
          }
        });
        token.onCancellationRequested(() => {
          if (uploading) {
            af.tracker.cancelSync(localId);
            return;
          }
          // Sent whole: it may be made and billed; the result arrives in the Tasks view.
          void vscode.window.showInformationMessage(vscode.l10n.t('Stopped waiting. The result will appear in the Airforce Tasks view when it is ready.'));
          resolve(undefined);
        });
        files.then(resolve, reject);
      }),
  );
}

/**
 * airforce.dub(uri, {targetLanguage, sourceLanguage?, model?}, {confirm:false}?) → the dubbing job's
 * id once the server made it (the track is saved when ready, like a video's file). From a menu or the
 * palette: the languages asked, then the Tasks view follows it.
 */
export async function dub(af: Airforce, uri?: unknown, options?: unknown, submitOptions?: unknown): Promise<string | undefined> {
  if (!isPlainObject(options) || isEditorContext(options)) {
    await runOperation(af, 'dub', uri, options, submitOptions);
    return undefined;
  }
  const file = fileArgument(af, uri);
  if (!file) throw new Error(vscode.l10n.t('Expected a file Uri as the first argument of {0}.', OPERATIONS.dub.command));
  const started = startedOrThrow(await startJob(af, 'dub', { input: requestInput('dub', file, options) }, { type: 'command', options: submitOptions }));
  return started.taskId!;
}

/** Run again: the same operation and choices on the same source (found again after a rename in its folder). */
export async function rerunOperation(af: Airforce, op: Operation, r: JobRecord): Promise<vscode.Uri[] | undefined> {
  const file = r.source ? await locateSource(r.source) : undefined;
  if (!file) throw new Error(vscode.l10n.t('The source file {0} is gone (not found by its name or its content in its folder).', r.source?.relative ?? r.prompt));
  const keep = Object.fromEntries(Object.entries(r.extra).filter(([k]) => KEYS[op].includes(k)));
  return runWithProgress(af, op, { ...keep, model: r.model, file });
}
