// Checks every submit makes before it does anything, whoever calls it (a command, the panel, Compare,
// the storyboard): a key to send, and whether a request object accepted the cost.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { AirforceError } from '../../api/http/errors';
import { reportError } from '../../ui/report';

/** A request or options object passed to a command (not a Uri, not a list). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);

/** The command's last argument: `{confirm: false}` accepts a cost above airforce.confirmCostAboveCents. */
export const acceptsCost = (options: unknown): boolean => isPlainObject(options) && options.confirm === false;

/** Fails fast, before any request, when there is no key to send. */
export async function requireKey(af: Airforce): Promise<void> {
  if (!(await af.keys.get())) {
    throw new AirforceError({
      type: 'authentication_error',
      code: 'missing_api_key',
      message: vscode.l10n.t('No Airforce API key is set. Run "Airforce: Set API Key".'),
    });
  }
}

/** requireKey for the panel: the panel shows the message, and the notification offers "Set API Key". */
export async function requireKeyReported(af: Airforce): Promise<void> {
  try {
    await requireKey(af);
  } catch (e) {
    void reportError(e, af.log);
    throw e;
  }
}
