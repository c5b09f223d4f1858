// The panel's webview itself: title, options (scripts on; resources only from dist/, media/, the
// output folder and the voice-preview cache; context not retained), its HTML, and the URIs by which
// a saved result plays there.
import * as crypto from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { buildPanelHtml, PANEL_STYLESHEETS } from '../../webview/html';
import type { PanelHost } from './panelHost';
import { isInsideFolder } from './images';
import { panelStrings } from './strings';
import { LANGUAGES } from '../../ui/languages';
import type { PanelSettings } from '../protocol';

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

  /** A result saved outside today's output folder (the setting changed) still needs to load. */
  private allowFolderOf(file: vscode.Uri): void {
    const roots = webviewOptions(this.host).localResourceRoots ?? [];
    const inside = [...roots, ...this.extraRoots].some((root) => isInsideFolder(file.fsPath, root.fsPath));
    if (inside) return;
    this.extraRoots = [...this.extraRoots, vscode.Uri.file(path.dirname(file.fsPath))];
    this.webview.options = { ...webviewOptions(this.host), localResourceRoots: [...roots, ...this.extraRoots] };
  }
}
