// Turns any failure into one notification a person can act on, with the fix as a button.
import * as vscode from 'vscode';
import { isAirforceError } from '../api/http/errors';
import { ValidationError } from '../api/rules/validation';
import { errorText } from '../jobs/taskApi';

export function needsKey(e: unknown): boolean {
  return isAirforceError(e) && (e.code === 'missing_api_key' || e.status === 401);
}

/**
 * Refusals the person caused (invalid input, a budget or a cost they did not accept, a file that is
 * not an image): nothing went wrong and nothing was sent, so the log records them as info, not errors.
 */
const REFUSAL_NAMES = new Set(['BudgetExceededError', 'CostNotConfirmedError', 'BatchCostNotConfirmedError', 'ImageFileError']);

export function isRefusal(e: unknown): boolean {
  return e instanceof ValidationError || (e instanceof Error && REFUSAL_NAMES.has(e.name));
}

export async function reportError(e: unknown, log: vscode.LogOutputChannel, context?: string): Promise<void> {
  if (e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'AbortError')) return;
  const message = errorText(e);
  const line = context ? `${context}: ${message}` : message;
  if (isRefusal(e)) log.info(`refused: ${line}`);
  else log.error(line);
  const actions: string[] = [];
  const setKey = isAirforceError(e) && e.status === 401 ? vscode.l10n.t('Replace API Key') : vscode.l10n.t('Set API Key');
  if (needsKey(e)) actions.push(setKey);
  if (!(e instanceof ValidationError)) actions.push(vscode.l10n.t('Show Logs'));
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === setKey) await vscode.commands.executeCommand('airforce.setApiKey');
  else if (choice === vscode.l10n.t('Show Logs')) await vscode.commands.executeCommand('airforce.showLogs');
}
