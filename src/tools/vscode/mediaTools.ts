// The tools that make media (the five kinds) or work on a workspace file (the operations), on the
// one submit path: the input is parsed with the tool's schema (toolSchemas.ts), prepareInvocation
// quotes the job exactly as startJob would price it (submit/vscode/startJob.ts quoteJob) and always
// asks VS Code to confirm — a tool spends money — and invoke runs startJob with the `tool` origin
// (the confirmation is the cost question; the budget, the ledger and the fate-unknown rules hold).
// Every refusal and failure is returned as text an agent can act on, never thrown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { config } from '../../config';
import { sidecarNameFor } from '../../io/fileNames';
import { errorText } from '../../jobs/taskApi';
import { isOperation, type JobKind } from '../../kinds';
import { quoteJob, startJob, type JobStarted, type StartRequest } from '../../submit/vscode/startJob';
import { checkToolInput } from '../toolSchemas';
import type { ToolName } from '../toolNames';
import * as text from './toolText';
import { CANCELLED, unlessCancelled, videoOutcome, withWaitProgress } from './waiting';
import { resolveWorkspaceFile, workspaceRelative } from './workspacePaths';

type Input = Record<string, unknown>;
export type Tool = vscode.LanguageModelTool<Input>;

const result = (...parts: string[]): vscode.LanguageModelToolResult => new vscode.LanguageModelToolResult(parts.map((p) => new vscode.LanguageModelTextPart(p)));

/** The tool's input as startJob takes it: workspace paths resolved (each checked to be inside), the default voice. */
async function startRequest(kind: JobKind, input: Input): Promise<Pick<StartRequest, 'input' | 'images'>> {
  const { input_images: paths, ...rest } = input;
  if (isOperation(kind)) return { input: { ...rest, file: await resolveWorkspaceFile(String(rest.file)) } };
  if (kind === 'speech' && (typeof rest.voice !== 'string' || rest.voice === '')) {
    const voice = config.defaultVoice();
    if (voice) rest.voice = voice;
  }
  const given = Array.isArray(paths) ? (paths as string[]) : [];
  const images = await Promise.all(given.map(async (p) => ({ file: await resolveWorkspaceFile(p), source: p })));
  return { input: rest, ...(images.length > 0 ? { images } : {}) };
}

/** The confirmation VS Code shows: the kind, model, main fields and the price startJob would estimate. */
async function prepare(af: Airforce, name: ToolName, kind: JobKind, raw: unknown): Promise<vscode.PreparedToolInvocation> {
  const checked = checkToolInput(name, raw);
  const input = checked.ok ? checked.input : raw && typeof raw === 'object' ? (raw as Input) : {};
  const facts: text.ConfirmationFacts = { kind, input };
  if (!checked.ok) facts.refusal = checked.problems.join('; ');
  else {
    try {
      const quote = await quoteJob(af, kind, await startRequest(kind, input));
      if (quote.source) facts.file = { relative: quote.source.relative, ...(quote.source.durationSeconds !== undefined ? { durationSeconds: quote.source.durationSeconds } : {}) };
      if (quote.ok) {
        facts.model = quote.request.model;
        facts.estimate = quote.estimate;
      } else {
        if (quote.model) facts.model = quote.model;
        facts.refusal = text.problemsText(quote.problems);
      }
    } catch (e) {
      facts.priceProblem = errorText(e);
    }
  }
  const { title, message } = text.confirmation(facts);
  return { invocationMessage: text.runningText(kind, facts.model), confirmationMessages: { title, message } };
}

async function invoke(af: Airforce, name: ToolName, kind: JobKind, raw: unknown, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const checked = checkToolInput(name, raw);
  if (!checked.ok) return result(text.invalidInput(checked.problems));
  let started: JobStarted;
  try {
    // Everything startJob throws comes before a request leaves: no key, a file outside the workspace, no catalog.
    started = await startJob(af, kind, { ...(await startRequest(kind, checked.input)) }, { type: 'tool' });
  } catch (e) {
    return result(text.notSent(errorText(e)));
  }
  if (!started.ok) {
    if (started.stage === 'validate') return result(text.invalidRequest(started.problems));
    // The budget's own sentence names the budget, what is left and this cost; encode names the image.
    return result(text.notSent(started.stage === 'confirm' ? started.error.message : started.problems.map((p) => p.message).join('; ')));
  }
  try {
    if (kind === 'video') return await videoResult(af, started, token);
    const files = await (kind === 'dub' ? withWaitProgress(kind, () => unlessCancelled(started.files!, token)) : unlessCancelled(started.files!, token));
    if (files === CANCELLED) return stopped();
    return result(await savedText(af, started.localId, files));
  } catch (e) {
    return result(text.failedText(kind, errorText(e)));
  }
}

/**
 * The wait was cancelled: VS Code drops a cancelled tool's result (it rejects the call), so the
 * person is told where the result will appear; a direct caller gets the same words.
 */
function stopped(): vscode.LanguageModelToolResult {
  void vscode.window.showInformationMessage(text.stoppedWaiting());
  return result(text.stoppedWaiting());
}

/** A video: created (or refused), then followed until its file is saved; the wait is cancellable. */
async function videoResult(af: Airforce, started: Extract<JobStarted, { ok: true }>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const created = await unlessCancelled(started.taskId!, token);
  if (created === CANCELLED) return stopped();
  const r = await withWaitProgress('video', (report) => videoOutcome(af, started.localId, token, report));
  if (r === CANCELLED) return stopped();
  if (!r) return result(text.failedText('video', vscode.l10n.t('the task was deleted while the tool waited.')));
  if (r.status === 'fate-unknown') return result(text.fateUnknownText());
  if (r.status !== 'completed') return result(text.failedText('video', r.error ?? r.status));
  if (!r.savedPath) return result(text.notSavedText(r.downloadError ?? ''));
  return result(await savedText(af, started.localId, r.files ?? [r.savedPath]));
}

/** The saved files relative to the workspace, their sidecars where one was written, and the cost. */
async function savedText(af: Airforce, localId: string, files: readonly string[]): Promise<string> {
  const named = await Promise.all(
    files.map(async (file) => {
      const sidecar = path.join(path.dirname(file), sidecarNameFor(file));
      const exists = await vscode.workspace.fs.stat(vscode.Uri.file(sidecar)).then(
        () => true,
        () => false,
      );
      return { file: workspaceRelative(file), ...(exists ? { sidecar: workspaceRelative(sidecar) } : {}) };
    }),
  );
  const r = af.tracker.get(localId);
  return text.savedText(named, { settled: r?.settledCostCents, estimate: r?.costCents });
}

/** A generate or operation tool for `kind`. */
export function mediaTool(af: Airforce, name: ToolName, kind: JobKind): Tool {
  return {
    prepareInvocation: (options) => prepare(af, name, kind, options.input),
    invoke: (options, token) => invoke(af, name, kind, options.input, token),
  };
}
