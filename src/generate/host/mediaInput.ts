// The operation forms' source file, host side: "Choose file…" (an open dialog filtered to the audio
// and video types), Explorer drops and "Generate again" become a token (mediaTokens.ts) for a file
// checked to lie inside the workspace, with its size and duration; a generate message's token is
// checked again and turned back into the path the submit measures. The webview only holds tokens.
import * as vscode from 'vscode';
import { MAX_SOURCE_BYTES } from '../../api/rules/validationMedia';
import { MEDIA_SOURCE_EXTENSIONS } from '../../kinds';
import { classifyDroppedUri } from './images';
import { LOG_PREFIX } from './panelHost';
import { MediaRegistry, type MediaRefusal } from './mediaTokens';
import type { HostMessage, OperationPrefill } from '../protocol';
import type { JobRecord } from '../../jobs/types';
import { locateSource } from '../../submit/vscode/operationSource';

type MediaAdded = Extract<HostMessage, { type: 'mediaAdded' }>;

export class PanelMediaInput {
  private readonly registry = new MediaRegistry({
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
  });

  constructor(private readonly logger: vscode.LogOutputChannel) {}

  /** The tokens issued so far (the app forgets older ones after VS Code reloaded the panel). */
  tokens(): string[] {
    return this.registry.tokens();
  }

  /** The open dialog (audio and video files, starting in the workspace); undefined when cancelled. */
  async pick(): Promise<MediaAdded | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFiles: true,
      canSelectFolders: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Choose'),
      filters: { [vscode.l10n.t('Audio and video')]: [...MEDIA_SOURCE_EXTENSIONS] },
    });
    if (!picked?.[0]) return undefined;
    return this.admit(picked[0].fsPath);
  }

  /** An Explorer drop: its first file (one source per form); https URLs and other schemes are refused. */
  async dropped(uris: readonly string[]): Promise<MediaAdded> {
    const rejected: MediaAdded['rejected'] = [];
    for (const uri of uris) {
      const dropped = classifyDroppedUri(uri, (u) => vscode.Uri.parse(u, true).fsPath);
      if (dropped.kind === 'file') {
        const added = await this.admit(dropped.path);
        return { ...added, rejected: [...rejected, ...added.rejected] };
      }
      rejected.push({ source: uri.slice(0, 200), reason: vscode.l10n.t('Not a workspace file') });
    }
    return { type: 'mediaAdded', rejected };
  }

  /** A file checked, measured and given a token; or why not. */
  async admit(fsPath: string): Promise<MediaAdded> {
    const admitted = await this.registry.admit(fsPath);
    if (admitted.ok) return { type: 'mediaAdded', file: admitted.item, rejected: [] };
    this.logger.info(`${LOG_PREFIX} media file ${admitted.label} not used: ${admitted.reason}`);
    return { type: 'mediaAdded', rejected: [{ source: admitted.label, reason: mediaRefusalText(admitted.reason) }] };
  }

  /**
   * "Generate again" on an operation's task: its model, language or voice, and its source found again
   * (by its content after a rename in its folder) and checked like a chosen file; `rejected` says why not.
   */
  async rerun(r: JobRecord): Promise<{ operation: OperationPrefill; rejected: MediaAdded['rejected'] }> {
    const text = (key: string): string | undefined => (typeof r.extra[key] === 'string' ? (r.extra[key] as string) : undefined);
    const choices: OperationPrefill = { model: r.model };
    for (const key of ['language', 'voice', 'target_lang', 'source_lang'] as const) {
      const value = text(key);
      if (value !== undefined) choices[key] = value;
    }
    const file = r.source ? await locateSource(r.source).catch(() => undefined) : undefined;
    if (!file) return { operation: choices, rejected: [{ source: r.source?.relative ?? r.prompt, reason: vscode.l10n.t('File not found') }] };
    const added = await this.admit(file);
    return { operation: { ...choices, ...(added.file ? { file: added.file } : {}) }, rejected: added.rejected };
  }

  /** The path behind a generate message's token, checked again; or the sentence to show under the file. */
  async path(token: string): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
    const usable = await this.registry.use(token);
    if (usable.ok) return { ok: true, path: usable.path };
    this.logger.warn(`${LOG_PREFIX} refused the file of a generate message: ${usable.reason}`);
    return { ok: false, message: usable.label ? `${usable.label}: ${mediaRefusalText(usable.reason)}` : mediaRefusalText(usable.reason) };
  }
}

export function mediaRefusalText(reason: MediaRefusal): string {
  switch (reason) {
    case 'outside-workspace':
      return vscode.l10n.t('Not inside a workspace folder: only workspace files are uploaded');
    case 'not-found':
      return vscode.l10n.t('File not found');
    case 'not-a-file':
      return vscode.l10n.t('Not a file');
    case 'not-media':
      return vscode.l10n.t('Not an audio or video file ({0})', MEDIA_SOURCE_EXTENSIONS.join(', '));
    case 'too-large':
      return vscode.l10n.t('Larger than {0} MiB', MAX_SOURCE_BYTES / (1024 * 1024));
    case 'unknown-token':
      return vscode.l10n.t('The file in the form is not one this panel added: choose it again.');
  }
}
