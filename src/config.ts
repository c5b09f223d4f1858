// Typed access to the airforce.* settings, read at the moment they are needed.
import * as vscode from 'vscode';
import { resolveOutputDir } from './io/outputDir';

const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('airforce');

export const config = {
  baseUrl: (): string => section().get<string>('baseUrl', 'https://api.airforce'),
  outputDirectory: (): string => section().get<string>('outputDirectory', 'airforce-media') || 'airforce-media',
  defaultVideoModel: (): string | undefined => section().get<string>('defaultVideoModel') || undefined,
  setDefaultVideoModel: (id: string): Thenable<void> => section().update('defaultVideoModel', id, vscode.ConfigurationTarget.Global),
  autoDownload: (): boolean => section().get<boolean>('autoDownload', true),
  openResultOnComplete: (): boolean => section().get<boolean>('openResultOnComplete', true),
  confirmCostAboveCents: (): number => section().get<number>('confirmCostAboveCents', 500),
  /** 0 (the default) = no budget. */
  budgetCents: (): number => section().get<number>('budgetCents', 0),
  budgetPeriod: (): 'day' | 'month' => (section().get<string>('budgetPeriod', 'day') === 'month' ? 'month' : 'day'),
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
