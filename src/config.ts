// Typed access to the airforce.* settings, read at the moment they are needed.
import * as vscode from 'vscode';
import { resolveOutputDir } from './io/outputDir';
import { DEFAULT_BASE_URL, DEFAULT_CONFIRM_COST_ABOVE_CENTS } from './settingDefaults';
import { KIND_IDS, KINDS, type Kind } from './kinds';

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

/** The setting naming each kind's default model: KINDS[kind].defaultModelSetting. */
export const DEFAULT_MODEL_SETTING = Object.fromEntries(KIND_IDS.map((k) => [k, KINDS[k].defaultModelSetting])) as Readonly<Record<Kind, string>>;

export const config = {
  baseUrl: (): string => section().get<string>('baseUrl', DEFAULT_BASE_URL),
  outputDirectory: (): string => section().get<string>('outputDirectory', 'airforce-media') || 'airforce-media',
  defaultVideoModel: (): string | undefined => section().get<string>('defaultVideoModel') || undefined,
  setDefaultVideoModel: (id: string): Thenable<void> => section().update('defaultVideoModel', id, vscode.ConfigurationTarget.Global),
  /** A kind's default model (airforce.defaultImageModel, …), undefined when unset. */
  defaultModel: (kind: Kind): string | undefined => section().get<string>(DEFAULT_MODEL_SETTING[kind]) || undefined,
  /** Remembered in the user settings, as a pick in the panel or a quick pick is. */
  setDefaultModel: (kind: Kind, id: string): Thenable<void> => section().update(DEFAULT_MODEL_SETTING[kind], id, vscode.ConfigurationTarget.Global),
  defaultVoice: (): string | undefined => section().get<string>('defaultVoice') || undefined,
  /** airforce.promptModel: prompt help's chat model; undefined = the cheapest streaming one (api/chatModels.ts). */
  promptModel: (): string | undefined => section().get<string>('promptModel')?.trim() || undefined,
  setDefaultVoice: (id: string): Thenable<void> => section().update('defaultVoice', id, vscode.ConfigurationTarget.Global),
  /** Clears airforce.defaultVoice wherever it names `id` (a deleted voice); true when it did. */
  forgetDefaultVoice: async (id: string): Promise<boolean> => {
    const seen = section().inspect<string>('defaultVoice');
    if (!seen) return false;
    const scopes = [
      [seen.globalValue, vscode.ConfigurationTarget.Global],
      [seen.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [seen.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
    ] as const;
    const named = scopes.filter(([value]) => value === id);
    for (const [, target] of named) await section().update('defaultVoice', undefined, target);
    return named.length > 0;
  },
  /** An operation's results beside its source file instead of the output folder (still inside the workspace). */
  saveBesideSource: (): boolean => section().get<boolean>('saveBesideSource', false),
  autoDownload: (): boolean => section().get<boolean>('autoDownload', true),
  openResultOnComplete: (): boolean => section().get<boolean>('openResultOnComplete', true),
  /** The money guards read the user's own settings only (userSetting). */
  confirmCostAboveCents: (): number => userSetting('confirmCostAboveCents', DEFAULT_CONFIRM_COST_ABOVE_CENTS, isNumber),
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
