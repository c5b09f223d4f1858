// Look Again / Send Again / Try Again: what the person may do with a create whose fate is unknown
// (sent, no answer, not in the task list) or that the server provably refused. Nothing here re-sends
// on its own: Send Again asks first ("may be billed twice") unless the caller passes {confirm: false}.
// Errors always reject; they are also shown as a notification unless {confirm: false} was passed.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import type { JobRecord } from '../jobs/types';
import { reportError } from '../ui/report';
import { findTask } from './jobRef';

export interface FateCommandOptions {
  /** false: no dialog at all (no confirmation, no error notification); for scripts and the panel's own buttons. */
  readonly confirm?: boolean;
}

/** tracker.sendAgain rejects with this when the request body was not kept (e.g. inline image bytes). */
const NOT_AVAILABLE = /^The request is no longer available/;

/** From a command's second argument: only a plain `{confirm: false}` turns dialogs off. */
export function wantsDialogs(options: unknown): boolean {
  return !(typeof options === 'object' && options !== null && !Array.isArray(options) && (options as FateCommandOptions).confirm === false);
}

const status = (r: JobRecord): string => r.status;

/** Resolves to the record's status after the look: still `fate-unknown` when nothing in the list matched. */
export async function lookAgain(af: Airforce, arg: unknown, options?: unknown): Promise<string> {
  const dialogs = wantsDialogs(options);
  return reporting(af, 'airforce.lookAgain', dialogs, async () => {
    const r = findTask(af, arg);
    // Already resolved (e.g. a second click): nothing to look for.
    if (status(r) !== 'fate-unknown') return status(r);
    const looked = await vscode.window.withProgress({ location: { viewId: 'airforce.tasks' } }, () => af.tracker.lookAgain(r.localId));
    if (dialogs && status(looked) === 'fate-unknown') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Airforce: the request is still not in the task list.'), 5000);
    }
    return status(looked);
  });
}

/** Sends a fate-unknown request once more, on the person's say-so; resolves to the new task id. */
export async function sendAgain(af: Airforce, arg: unknown, options?: unknown): Promise<string> {
  const dialogs = wantsDialogs(options);
  return reporting(af, 'airforce.sendAgain', dialogs, async (resolved) => {
    const r = findTask(af, arg);
    resolved(r);
    if (status(r) !== 'fate-unknown' && !(status(r) === 'failed' && r.retryable === true)) {
      throw new Error(vscode.l10n.t('Only a request whose fate is unknown can be sent again (this one is {0}).', status(r)));
    }
    if (dialogs && status(r) === 'fate-unknown') {
      const send = vscode.l10n.t('Send Again');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Send "{0}" again? It may be billed twice.', short(r.prompt)),
        {
          modal: true,
          detail: vscode.l10n.t(
            'The first request was sent, but its answer never came and it could not be found in the task list. If the server did create it, sending again creates and bills a second video. Look Again checks the task list once more without sending anything.',
          ),
        },
        send,
      );
      if (choice !== send) throw new vscode.CancellationError();
    }
    return af.tracker.sendAgain(r.localId);
  });
}

/** Sends again a request the server refused (daily cap, balance): no warning, nothing was billed. */
export async function tryAgain(af: Airforce, arg: unknown, options?: unknown): Promise<string> {
  return reporting(af, 'airforce.tryAgain', wantsDialogs(options), async (resolved) => {
    const r = findTask(af, arg);
    resolved(r);
    if (!(status(r) === 'failed' && r.retryable === true)) {
      throw new Error(vscode.l10n.t('Only a request the server refused can be tried again (this one is {0}).', status(r)));
    }
    return af.tracker.sendAgain(r.localId);
  });
}

/**
 * Runs `fn` (given a setter for the record it resolved); a failure rejects, and with dialogs on it is
 * also shown, with "Generate Again…" when the request body is gone.
 */
async function reporting<T>(af: Airforce, id: string, dialogs: boolean, fn: (resolved: (r: JobRecord) => void) => Promise<T>): Promise<T> {
  let record: JobRecord | undefined;
  try {
    return await fn((r) => (record = r));
  } catch (e) {
    if (dialogs) void report(af, id, e, record);
    throw e;
  }
}

async function report(af: Airforce, id: string, e: unknown, record: JobRecord | undefined): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  if (!record || !NOT_AVAILABLE.test(message)) return reportError(e, af.log, id);
  af.log.warn(`${id}: ${message}`);
  const again = vscode.l10n.t('Generate Again…');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} Generate Again opens the form filled in with this request, to send it from there.', message), again);
  if (choice === again) await vscode.commands.executeCommand('airforce.rerunTask', record.localId);
}

const short = (s: string): string => {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
};
