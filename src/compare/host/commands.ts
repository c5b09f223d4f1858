// Airforce: Compare Models. Without arguments: the grid's form. With a request object
// `{kind, models, prompt, …shared fields}` (and `{confirm: false}` to accept a total above the
// threshold): no dialogs; every model's request is validated before any is sent, all are submitted,
// and it resolves to the group id once every create was answered and at least one was accepted (a
// model the server refused fails on its own card; only when every one was refused does it reject). "Compare Again" and a click on a
// comparison's row in the Tasks view open the grid.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { parseCompareArgs } from '../args';
import { groupIdOf } from '../groupRows';
import { ComparePanel } from './panel';
import { acceptsCost, isPlainObject } from '../../submit/vscode/checks';
import { checkComparison, imagesFromSource, startComparison, whenAnyAccepted } from './run';
import { panelHost } from '../../generate/host/vscodePanelHost';

export async function compareModels(af: Airforce, arg?: unknown, options?: unknown): Promise<string | undefined> {
  if (arg === undefined || arg === null) {
    ComparePanel.show(af, panelHost(af));
    return undefined;
  }
  if (!isPlainObject(arg)) throw new Error(vscode.l10n.t('Compare Models expects no argument or a request object {kind, models, prompt, …}.'));
  const raw: Record<string, unknown> = { ...arg };
  if (raw.image instanceof vscode.Uri) raw.image = raw.image.fsPath;
  const parsed = parseCompareArgs(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  // Every model's request first (nothing read, nothing sent): one invalid value refuses them all.
  const checked = await checkComparison(af, parsed.form);
  if (!checked.ok) throw new Error(checked.message);
  const images = await imagesFromSource(af, parsed.form.image);
  const { group, started } = await startComparison(af, raw, images, async () => acceptsCost(options));
  const { refused } = await whenAnyAccepted(started);
  for (const r of refused) af.log.warn(`Compare ${group}: ${r.key} was refused: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
  return group;
}

/** The group a Tasks view row or a caller names: `compare:<id>` or the id itself. */
function groupArg(arg: unknown): string {
  if (typeof arg !== 'string' || arg === '') throw new Error(vscode.l10n.t('Expected a comparison.'));
  return groupIdOf(arg) ?? arg;
}

function known(af: Airforce, id: string): string {
  if (!af.compareGroups.get(id)) throw new Error(vscode.l10n.t('This comparison is no longer known in this workspace.'));
  return id;
}

/** The grid's form, pre-filled with the comparison's kind, models, prompt and fields. */
export function compareAgain(af: Airforce, arg: unknown): void {
  ComparePanel.show(af, panelHost(af), { prefill: known(af, groupArg(arg)) });
}

/** The grid on the comparison's cards. */
export function openComparison(af: Airforce, arg: unknown): void {
  ComparePanel.show(af, panelHost(af), { group: known(af, groupArg(arg)) });
}

export function reviveComparePanel(af: Airforce, panel: vscode.WebviewPanel, state: unknown): void {
  ComparePanel.revive(af, panelHost(af), panel, state);
}
