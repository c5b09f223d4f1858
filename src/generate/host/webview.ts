// The panel's webview itself: title, options (scripts on; resources only from dist/, media/, the
// output folder and the voice-preview cache; context not retained), its HTML, and the URIs by which
// a saved result (and a saved video's subtitles) plays there.
import * as crypto from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { buildPanelHtml, PANEL_STYLESHEETS } from '../../webview/html';
import type { PanelHost } from './panelHost';
import { isInsideFolder } from './images';
import { panelStrings } from './strings';
import { LANGUAGES } from '../../ui/languages';
import { findSubtitles, type SubtitleIo } from './subtitles';
import type { JobView, PanelSettings } from '../protocol';

/** The files themselves, through VS Code's file system (stat) and Node (only the first bytes are read). */
export const subtitleIo: SubtitleIo = {
  stat: async (file) => {
    const s = await vscode.workspace.fs.stat(vscode.Uri.file(file));
    return { isFile: (s.type & vscode.FileType.File) !== 0, mtime: s.mtime };
  },
  readHead: async (file, bytes) => {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  },
};

export function panelTitle(): string {
  return vscode.l10n.t('Airforce: Generate');
}

export function webviewOptions(host: PanelHost): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  const out = host.outputDir();
  const previews = host.voicePreviewDir();
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(host.extensionUri, 'dist'),
      vscode.Uri.joinPath(host.extensionUri, 'media'),
      ...(out ? [out] : []),
      // Voice previews the host downloaded (without the key): the speech form plays them.
      ...(previews ? [previews] : []),
    ],
  };
}

/** The page, with a fresh nonce per render. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  return buildPanelHtml({
    cspSource: webview.cspSource,
    nonce,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'panel.js')).toString(),
    styleUris: PANEL_STYLESHEETS.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString()),
    title: panelTitle(),
    lang: vscode.env.language,
    settings: { strings: panelStrings(vscode.l10n), languages: LANGUAGES.map((l) => l.code) } satisfies PanelSettings,
  });
}

/** Saved results as the webview may load them, widening its resource roots where needed. */
export class ResultUris {
  private extraRoots: vscode.Uri[] = [];

  constructor(
    private readonly host: PanelHost,
    private readonly webview: vscode.Webview,
  ) {}

  /** asWebviewUri of the saved file with its mtime as a cache-buster; undefined if it is gone. */
  async playable(savedPath: string): Promise<string | undefined> {
    const file = vscode.Uri.file(savedPath);
    let mtime: number;
    try {
      mtime = (await vscode.workspace.fs.stat(file)).mtime;
    } catch {
      return undefined;
    }
    this.allowFolderOf(file);
    return this.webview
      .asWebviewUri(file)
      .with({ query: `v=${mtime}` })
      .toString(true);
  }

  /** The `<stem>.vtt` beside a saved video, as the webview may load it (its folder is the video's). */
  async subtitles(videoPath: string): Promise<JobView['subtitles']> {
    const found = await findSubtitles(videoPath, subtitleIo);
    if (!found) return undefined;
    const file = vscode.Uri.file(found.file);
    this.allowFolderOf(file);
    const uri = this.webview
      .asWebviewUri(file)
      .with({ query: `v=${found.mtime}` })
      .toString(true);
    return { uri, ...(found.lang ? { lang: found.lang } : {}) };
  }

  /** A result saved outside today's output folder (the setting changed) still needs to load. */
  private allowFolderOf(file: vscode.Uri): void {
    const roots = webviewOptions(this.host).localResourceRoots ?? [];
    const inside = [...roots, ...this.extraRoots].some((root) => isInsideFolder(file.fsPath, root.fsPath));
    if (inside) return;
    this.extraRoots = [...this.extraRoots, vscode.Uri.file(path.dirname(file.fsPath))];
    this.webview.options = { ...webviewOptions(this.host), localResourceRoots: [...roots, ...this.extraRoots] };
  }
}
