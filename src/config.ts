// Typed access to the airforce.* settings, read at the moment they are needed.
import * as vscode from 'vscode';
import { resolveOutputDir } from './io/outputDir';

const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');

/**
 * A money guard as the person set it: their user settings, else the default. The guards are
 * application-scoped (package.json), and a workspace or folder value is ignored here as well, so a
 * repository's .vscode/settings.json can neither raise a limit nor switch the budget off.
 */
export function userSetting<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  const info = section().inspect<T>(key);
  const user = info?.globalValue;
  if (valid(user)) return user;
  const byDefault = info?.defaultValue;
  return valid(byDefault) ? byDefault : fallback;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

export const config = {
  baseUrl: (): string => section().get<string>('baseUrl', 'https://api.airforce'),
  outputDirectory: (): string => section().get<string>('outputDirectory', 'airforce-media') || 'airforce-media',
  defaultVideoModel: (): string | undefined => section().get<string>('defaultVideoModel') || undefined,
  setDefaultVideoModel: (id: string): Thenable<void> => section().update('defaultVideoModel', id, vscode.ConfigurationTarget.Global),
  autoDownload: (): boolean => section().get<boolean>('autoDownload', true),
  openResultOnComplete: (): boolean => section().get<boolean>('openResultOnComplete', true),
  /** The money guards read the user's own settings only (userSetting). */
  confirmCostAboveCents: (): number => userSetting('confirmCostAboveCents', 500, isNumber),
  /** 0 (the default) = no budget. */
  budgetCents: (): number => userSetting('budgetCents', 0, isNumber),
  budgetPeriod: (): 'day' | 'month' => (userSetting('budgetPeriod', 'day', isString) === 'month' ? 'month' : 'day'),
  /** The follower clamps it to the documented 5–15 s cadence (clampPollInterval). */
  pollIntervalMs: (): number => section().get<number>('pollIntervalSeconds', 8) * 1000,
};

/**
 * The output folder: `airforce.outputDirectory` under the first workspace folder. The setting is
 * restricted in untrusted workspaces, and an absolute or escaping value is refused so a workspace
 * cannot make us write outside itself.
 */
export function outputFolder(): vscode.Uri | undefined {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const rel = config.outputDirectory().replace(/\\/g, '/');
  const parts = rel.split('/').filter((p) => p && p !== '.');
  if (rel.startsWith('/') || /^[a-zA-Z]:/.test(rel) || parts.includes('..') || parts.length === 0) {
    return vscode.Uri.joinPath(root, 'airforce-media');
  }
  return vscode.Uri.joinPath(root, ...parts);
}

/**
 * The output folder's real path (links resolved), or undefined without a workspace folder. Rejects
 * with an OutputFolderError naming `airforce.outputDirectory` when it leads outside the workspace.
 */
export async function resolvedOutputFolder(): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  const dir = outputFolder();
  if (!root || !dir) return undefined;
  return resolveOutputDir(root.fsPath, dir.fsPath);
}
