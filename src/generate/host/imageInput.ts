// The Generate panel's input images, host side: the open dialog, Explorer drops and prefilled sources
// become tokens (ImageRegistry) with thumbnails; a generate message's tokens are checked when it arrives
// and again just before their bytes are read. The webview only ever holds tokens and https URLs.
import * as vscode from 'vscode';
import { MAX_IMAGE_BYTES } from '../../api/images';
import type { InputImage } from '../../api/schemas/schemas';
import { errorText } from '../../jobs/taskApi';
import { ImageRegistry, type ImageRefusal } from './imageTokens';
import { classifyDroppedUri, isHttpsSource } from './images';
import { LOG_PREFIX, type PanelJobImage } from './panelHost';
import { MAX_SOURCE_CHARS, type ImageItem } from '../protocol';

export interface PanelImage {
  /** A local path (absolute, or relative to a workspace folder) or an https URL. */
  source: string;
  /**
   * The person chose this file in VS Code's UI (open dialog, Explorer menu), so it may lie outside the
   * workspace. Otherwise (e.g. a record's sources for "Generate again") it must lie inside a folder.
   */
  picked?: boolean;
}

export type Rejected = { source: string; reason: string };
export type ImagesResult = { images: ImageItem[]; rejected: Rejected[] };
type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export class PanelImageInput {
  private readonly registry = new ImageRegistry({
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
  });

  constructor(private readonly logger: vscode.LogOutputChannel) {}

  /** The tokens issued so far (the app forgets older ones after VS Code reloaded the panel). */
  tokens(): string[] {
    return this.registry.tokens();
  }

  /** The open dialog; undefined when the person cancelled. */
  async pick(multi: boolean): Promise<ImagesResult | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: multi,
      canSelectFiles: true,
      canSelectFolders: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Add image'),
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
    });
    if (!picked || picked.length === 0) return undefined;
    return this.resolve(picked.map((u) => ({ source: u.fsPath, picked: true })));
  }

  /** Explorer drops (text/uri-list): a file must lie in a workspace folder or have been picked here. */
  async dropped(uris: readonly string[]): Promise<ImagesResult> {
    const sources: PanelImage[] = [];
    const rejected: Rejected[] = [];
    for (const uri of uris) {
      const dropped = classifyDroppedUri(uri, (u) => vscode.Uri.parse(u, true).fsPath);
      if (dropped.kind === 'unsupported') rejected.push({ source: uri.slice(0, 200), reason: vscode.l10n.t('Not a file or https URL') });
      else if (dropped.kind === 'url') sources.push({ source: dropped.url });
      else sources.push({ source: dropped.path, picked: this.registry.wasPicked(dropped.path) });
    }
    const resolved = await this.resolve(sources);
    return { images: resolved.images, rejected: [...rejected, ...resolved.rejected] };
  }

  /** Checks each source (an https URL; or a file: where it lies, what its bytes are) and issues tokens. */
  async resolve(sources: readonly PanelImage[]): Promise<ImagesResult> {
    const images: ImageItem[] = [];
    const rejected: Rejected[] = [];
    for (const { source, picked } of sources) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
        if (isHttpsSource(source) && source.length <= MAX_SOURCE_CHARS) images.push({ source, label: labelForUrl(source), thumb: source });
        else rejected.push({ source: source.slice(0, 200), reason: vscode.l10n.t('Only https URLs can be used') });
        continue;
      }
      const admitted = await this.registry.admit(source, picked === true);
      if (admitted.ok) {
        images.push({ source: admitted.token, label: admitted.label, ...(admitted.thumb ? { thumb: admitted.thumb } : {}) });
      } else {
        this.logger.info(`${LOG_PREFIX} image ${admitted.label} not used: ${admitted.reason}`);
        rejected.push({ source: admitted.label, reason: refusalText(admitted.reason) });
      }
    }
    return { images, rejected };
  }

  /**
   * A generate message's images for the one submit: https URLs as they are, tokens checked now (so a
   * refusal names the file before anything else runs) and kept as tokens with the path the record keeps.
   */
  jobImages(refs: readonly string[]): Promise<Checked<PanelJobImage[]>> {
    return this.mapRefs(refs, (token, file) => ({ file: token, source: file.path }));
  }

  /** Compare's images: https URLs as they are, tokens as checked files by their real paths (read after the cost is agreed). */
  mediaImages(refs: readonly string[]): Promise<Checked<Array<{ file: string } | { url: string }>>> {
    return this.mapRefs(refs, (_token, file) => ({ file: file.realPath }));
  }

  /** The bytes behind a token, once the cost is agreed: the file is checked again just before it is read. */
  async read(token: string, encodeImage: (fsPath: string) => Promise<{ b64_json: string }>): Promise<InputImage> {
    const usable = await this.usable(token);
    if (!usable.ok) throw new Error(usable.message);
    try {
      return await encodeImage(usable.value.realPath);
    } catch (e) {
      throw new Error(vscode.l10n.t('Cannot read {0}: {1}', usable.value.label, errorText(e)));
    }
  }

  /** One walk over a message's image refs: https URLs as given, tokens through the registry; the first refusal stops it. */
  private async mapRefs<T>(refs: readonly string[], onFile: (token: string, file: { path: string; realPath: string }) => T): Promise<Checked<Array<T | { url: string }>>> {
    const out: Array<T | { url: string }> = [];
    for (const ref of refs) {
      if (isHttpsSource(ref)) {
        out.push({ url: ref });
        continue;
      }
      const usable = await this.usable(ref);
      if (!usable.ok) return usable;
      out.push(onFile(ref, usable.value));
    }
    return { ok: true, value: out };
  }

  private async usable(ref: string): Promise<Checked<{ path: string; realPath: string; label: string }>> {
    const usable = await this.registry.use(ref);
    if (usable.ok) return { ok: true, value: usable };
    this.logger.warn(`${LOG_PREFIX} refused an image of a generate message: ${usable.reason}`);
    return { ok: false, message: usable.label ? `${usable.label}: ${refusalText(usable.reason)}` : refusalText(usable.reason) };
  }
}

export function refusalText(reason: ImageRefusal): string {
  switch (reason) {
    case 'outside-workspace':
      return vscode.l10n.t('Not inside a workspace folder: use "Add from workspace…" to pick it');
    case 'not-found':
      return vscode.l10n.t('File not found');
    case 'not-a-file':
      return vscode.l10n.t('Not a file');
    case 'not-an-image':
      return vscode.l10n.t('Not a PNG, JPEG or WebP image (by its contents)');
    case 'too-large':
      return vscode.l10n.t('Larger than {0} MiB', MAX_IMAGE_BYTES / (1024 * 1024));
    case 'unknown-token':
      return vscode.l10n.t('An image in the form is not one this panel added: remove it and add it again.');
  }
}

function labelForUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : new URL(url).hostname;
  } catch {
    return url.slice(0, 80);
  }
}
