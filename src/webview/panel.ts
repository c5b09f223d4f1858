// The "Airforce: Generate Video" panel, host side. One panel at a time; its form lives in the webview
// (getState/setState) and survives reloads through the serializer. Everything the webview sends is
// parsed with the protocol's zod schemas; the request is validated again here before anything is spent.
import * as crypto from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { CreateVideoRequestSchema, isTerminal, type CreateVideoRequest, type InputImage } from '../api/schemas';
import { estimateCostCents, formatCents } from '../api/cost';
import type { VideoModel } from '../api/models';
import { validateVideoRequest } from '../api/validation';
import type { TaskRecord } from '../tasks/types';
import { Disposable } from '../util/dispose';
import { placeholderImages, toProblems } from './app/formModel';
import { buildPanelHtml } from './html';
import { classifyDroppedUri, isHttpsSource, isImagePath, thumbDataUrl } from './panelImages';
import { panelStrings } from './panelStrings';
import {
  localIdFromState,
  parseAppMessage,
  type AppMessage,
  type GenerateFields,
  type HostMessage,
  type ImageItem,
  type Prefill,
  type Problem,
  type TaskView,
} from './protocol';

import { PANEL_VIEW_TYPE } from './serializer';
import { errorText } from '../tasks/taskApi';

export { PANEL_VIEW_TYPE };

/** Messages that describe state: never queued, the latest is replayed after `ready`. */
const STATE_MESSAGES: ReadonlySet<HostMessage['type']> = new Set(['task', 'busy', 'models', 'modelsError', 'defaultModel', 'init']);

export interface PanelImage {
  /** Workspace file path (absolute fsPath) or https URL. */
  source: string;
}

export interface PanelInit {
  model?: string;
  mode?: 'text' | 'image' | 'reference';
  prompt?: string;
  duration_seconds?: number;
  aspect_ratio?: string;
  quality?: string;
  images?: PanelImage[];
  extra?: Record<string, unknown>;
}

/** What the extension provides; src/extension.ts wires it. */
export interface PanelHost {
  extensionUri: vscode.Uri;
  /** Output folder: a resource root, so the saved result can play in the panel. */
  outputDir: () => vscode.Uri | undefined;
  /** Throws an AirforceError-like value (with userMessage()) on failure. */
  loadModels: (refresh?: boolean) => Promise<VideoModel[]>;
  defaultModel: () => string | undefined;
  rememberModel: (id: string) => Thenable<void> | Promise<void>;
  confirmCostAboveCents: () => number;
  submit: (request: CreateVideoRequest, imageSources: string[]) => Promise<{ localId: string }>;
  encodeImage: (fsPath: string) => Promise<{ b64_json: string }>;
  trackerRecord: (localId: string) => TaskRecord | undefined;
  onDidChangeRecord: (listener: (r: TaskRecord | undefined) => void) => vscode.Disposable;
  logger: vscode.LogOutputChannel;
}

export class GenerationPanel extends Disposable {
  private static currentPanel: GenerationPanel | undefined;

  static get current(): GenerationPanel | undefined {
    return GenerationPanel.currentPanel;
  }

  /** Reveals the panel (creating it if needed) and puts `init` into the form. */
  static createOrShow(host: PanelHost, init?: PanelInit): GenerationPanel {
    const existing = GenerationPanel.currentPanel;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      if (init) existing.prefill(init);
      return existing;
    }
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(), column, webviewOptions(host));
    const created = new GenerationPanel(host, panel, undefined);
    if (init) created.prefill(init);
    return created;
  }

  /** Re-attaches to a panel VS Code restored after a reload; `state` is the app's getState(). */
  static revive(host: PanelHost, panel: vscode.WebviewPanel, state: unknown): GenerationPanel {
    GenerationPanel.currentPanel?.dispose();
    return new GenerationPanel(host, panel, localIdFromState(state));
  }

  private ready = false;
  /** One-shot messages (prefill, images, validation…) held until the app listens. */
  private readonly queue: HostMessage[] = [];
  private models: VideoModel[] | undefined;
  private modelsLoading: Promise<void> | undefined;
  private modelsError: string | undefined;
  private currentLocalId: string | undefined;
  /** The latest task view, replayed after `ready` and when the panel shows again. */
  private lastTask: TaskView | undefined;
  private taskSeq = 0;
  private busy = false;
  /** The next task message should switch the app to the task view (submit, showTask). */
  private revealTask = false;
  /** First time a task was seen terminal, for records without completedAt (the timer must stop). */
  private readonly endedAt = new Map<string, number>();
  private extraRoots: vscode.Uri[] = [];

  private constructor(
    private readonly host: PanelHost,
    private readonly panel: vscode.WebviewPanel,
    localId: string | undefined,
  ) {
    super();
    GenerationPanel.currentPanel = this;
    this.currentLocalId = localId;
    panel.webview.options = webviewOptions(host);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'airforce.svg');
    panel.webview.html = this.html();

    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // A hidden webview drops messages and, without retainContextWhenHidden, reloads when shown
        // (and says `ready` again). Where it kept its content, replay the latest state now.
        if (!webviewPanel.visible) this.ready = false;
        else if (this.ready) this.replay();
      }),
    );
    this.register(
      host.onDidChangeRecord((record) => {
        if (!this.currentLocalId) return;
        if (record === undefined || record.localId === this.currentLocalId) void this.refreshTask();
      }),
    );
    if (localId) void this.refreshTask();
  }

  /** True while the panel is on screen showing this task: its result already plays there. */
  static isShowing(localId: string): boolean {
    const p = GenerationPanel.currentPanel;
    return !!p && p.panel.visible && p.currentLocalId === localId;
  }

  /** Shows a task's progress and result in the panel (e.g. from the tasks tree). */
  showTask(localId: string): void {
    this.currentLocalId = localId;
    this.revealTask = true;
    this.panel.reveal(this.panel.viewColumn);
    void this.refreshTask();
  }

  override dispose(): void {
    if (GenerationPanel.currentPanel === this) GenerationPanel.currentPanel = undefined;
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }

  // ------------------------------------------------------------------ messaging

  private post(message: HostMessage): void {
    const live = this.ready && this.panel.visible;
    if (STATE_MESSAGES.has(message.type)) {
      // Only the latest state matters and replay() sends it, so nothing is queued.
      if (live) void this.panel.webview.postMessage(message);
      return;
    }
    if (live) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private postTask(task: TaskView): void {
    this.lastTask = task;
    const live = this.ready && this.panel.visible;
    this.post({ type: 'task', task, reveal: live && this.revealTask });
    if (live) this.revealTask = false;
  }

  /** Everything the app needs after (re)loading: settings, models, the current task. */
  private replay(): void {
    const send = (m: HostMessage): void => void this.panel.webview.postMessage(m);
    send({
      type: 'init',
      models: this.models ?? null,
      defaultModel: this.host.defaultModel(),
      confirmCostAboveCents: this.host.confirmCostAboveCents(),
    });
    if (!this.models && this.modelsError !== undefined) send({ type: 'modelsError', message: this.modelsError });
    if (this.lastTask) {
      send({ type: 'task', task: this.lastTask, reveal: this.revealTask });
      this.revealTask = false;
    }
    send({ type: 'busy', busy: this.busy });
  }

  private receive(raw: unknown): void {
    const parsed = parseAppMessage(raw);
    if (!parsed.ok) {
      this.host.logger.warn(`Generate Video panel: dropped a message from the webview: ${parsed.reason}`);
      return;
    }
    void this.handle(parsed.message).catch((e: unknown) => {
      this.host.logger.error(`Generate Video panel: '${parsed.message.type}' failed: ${describeError(e)}`);
    });
  }

  private async handle(message: AppMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.replay();
        for (const m of this.queue.splice(0)) void this.panel.webview.postMessage(m);
        if (!this.models) await this.loadModels(false);
        return;
      case 'requestModels':
        await this.loadModels(message.refresh);
        return;
      case 'pickImages':
        await this.pickImages(message.multi);
        return;
      case 'dropImages':
        await this.addDropped(message.uris);
        return;
      case 'generate':
        await this.generate(message.request, message.images);
        return;
      case 'openFile':
      case 'revealFile':
      case 'openExternal':
        await this.fileAction(message.type, message.localId);
        return;
      case 'generateAgain':
        await this.generateAgain(message.localId);
        return;
      case 'setDefaultModel':
        await this.host.rememberModel(message.model);
        this.post({ type: 'defaultModel', model: message.model });
        return;
    }
  }

  // ------------------------------------------------------------------ models

  /** Concurrent callers share one load; a refresh starts a new one. */
  private loadModels(refresh: boolean): Promise<void> {
    if (this.modelsLoading && !refresh) return this.modelsLoading;
    const loading = this.fetchModels(refresh).finally(() => {
      if (this.modelsLoading === loading) this.modelsLoading = undefined;
    });
    this.modelsLoading = loading;
    return loading;
  }

  private async fetchModels(refresh: boolean): Promise<void> {
    try {
      this.models = await this.host.loadModels(refresh);
      this.modelsError = undefined;
      this.post({ type: 'models', models: this.models, defaultModel: this.host.defaultModel() });
    } catch (e) {
      this.modelsError = errorText(e);
      this.host.logger.warn(`Generate Video panel: loading models failed: ${describeError(e)}`);
      this.post({ type: 'modelsError', message: this.modelsError });
    }
  }

  // ------------------------------------------------------------------ images

  private async pickImages(multi: boolean): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: multi,
      canSelectFiles: true,
      canSelectFolders: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Add image'),
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
    });
    if (!picked || picked.length === 0) return;
    await this.addSources(picked.map((u) => u.fsPath));
  }

  private async addDropped(uris: string[]): Promise<void> {
    const sources: string[] = [];
    const rejected: Array<{ source: string; reason: string }> = [];
    for (const uri of uris) {
      const dropped = classifyDroppedUri(uri, (u) => vscode.Uri.parse(u, true).fsPath);
      if (dropped.kind === 'unsupported') rejected.push({ source: uri, reason: vscode.l10n.t('Not a file or https URL') });
      else sources.push(dropped.kind === 'file' ? dropped.path : dropped.url);
    }
    await this.addSources(sources, rejected);
  }

  private async addSources(sources: string[], rejected: Array<{ source: string; reason: string }> = []): Promise<void> {
    const { images, rejected: more } = await this.resolveImages(sources);
    this.post({ type: 'imagesAdded', images, rejected: [...rejected, ...more] });
  }

  /** Checks each source (image extension, file exists) and builds its thumbnail. */
  private async resolveImages(sources: readonly string[]): Promise<{ images: ImageItem[]; rejected: Array<{ source: string; reason: string }> }> {
    const images: ImageItem[] = [];
    const rejected: Array<{ source: string; reason: string }> = [];
    for (const source of sources) {
      if (isHttpsSource(source)) {
        images.push({ source, label: labelForUrl(source), thumb: source });
        continue;
      }
      const label = path.basename(source);
      if (!isImagePath(source)) {
        rejected.push({ source: label, reason: vscode.l10n.t('Only PNG, JPEG and WebP images can be used') });
        continue;
      }
      try {
        const uri = vscode.Uri.file(source);
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) throw new Error('is a folder');
        const thumb = stat.size <= 2 * 1024 * 1024 ? thumbDataUrl(source, await vscode.workspace.fs.readFile(uri)) : undefined;
        images.push({ source, label, ...(thumb ? { thumb } : {}) });
      } catch {
        rejected.push({ source: label, reason: vscode.l10n.t('File not found') });
      }
    }
    return { images, rejected };
  }

  private prefill(init: PanelInit): void {
    const { images, ...rest } = init;
    const values: Prefill = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) (values as Record<string, unknown>)[key] = value;
    void this.resolveImages((images ?? []).map((i) => i.source)).then(({ images: items, rejected }) => {
      this.post({ type: 'prefill', values, images: items });
      if (rejected.length > 0) this.post({ type: 'imagesAdded', images: [], rejected });
    });
  }

  private async generateAgain(localId: string): Promise<void> {
    const r = this.host.trackerRecord(localId);
    if (!r) {
      this.post({ type: 'prefill', values: {}, images: [] });
      return;
    }
    const mode = r.mode === 'image' || r.mode === 'reference' ? r.mode : 'text';
    this.prefill({
      model: r.model,
      mode,
      prompt: r.prompt,
      duration_seconds: r.duration_seconds,
      ...(r.aspect_ratio ? { aspect_ratio: r.aspect_ratio } : {}),
      ...(r.quality ? { quality: r.quality } : {}),
      extra: r.extra,
      images: r.inputImageSources.map((source) => ({ source })),
    });
  }

  // ------------------------------------------------------------------ generate

  private async generate(fields: GenerateFields, sources: string[]): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    try {
      const request = await this.checkedRequest(fields, sources);
      if (!request) return;
      const localId = (await this.host.submit(request, sources)).localId;
      this.post({ type: 'validation', problems: [] });
      this.currentLocalId = localId;
      this.revealTask = true;
      await this.refreshTask();
    } catch (e) {
      this.host.logger.warn(`Generate Video panel: generate failed: ${describeError(e)}`);
      this.post({ type: 'validation', problems: [{ field: 'form', message: errorText(e) }] });
    } finally {
      this.setBusy(false);
    }
  }

  /**
   * The same validation the core applies, then the cost confirmation, then the images' bytes.
   * Undefined when the user must fix something or changed their mind (problems already posted).
   */
  private async checkedRequest(fields: GenerateFields, sources: string[]): Promise<CreateVideoRequest | undefined> {
    const refuse = (problems: Problem[]): undefined => {
      this.post({ type: 'validation', problems });
      return undefined;
    };
    if (!this.models) await this.loadModels(false);
    const model = this.models?.find((m) => m.id === fields.model);
    if (!model) return refuse([{ field: 'model', message: vscode.l10n.t('Choose a video model.') }]);

    const candidate = { ...fields, ...(sources.length > 0 ? { input_images: placeholderImages(sources) } : {}) };
    const checked = validateVideoRequest(candidate, model);
    if (!checked.ok) return refuse(toProblems(checked.problems));

    const duration = checked.request.duration_seconds ?? model.video_caps.min_duration_s;
    const cents = estimateCostCents(duration, model.video_caps);
    if (cents > this.host.confirmCostAboveCents()) {
      const go = vscode.l10n.t('Generate');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Generate this video for {0}?', formatCents(cents)),
        { modal: true },
        go,
      );
      if (answer !== go) return undefined;
    }

    const inputImages: InputImage[] = [];
    for (const source of sources) {
      if (isHttpsSource(source)) {
        inputImages.push({ url: source });
        continue;
      }
      if (!isImagePath(source)) return refuse([{ field: 'input_images', message: vscode.l10n.t('Only PNG, JPEG and WebP images can be used') }]);
      try {
        inputImages.push(await this.host.encodeImage(source));
      } catch (e) {
        return refuse([{ field: 'input_images', message: vscode.l10n.t('Cannot read {0}: {1}', path.basename(source), errorText(e)) }]);
      }
    }
    const { input_images: _placeholders, ...rest } = checked.request;
    void _placeholders;
    return CreateVideoRequestSchema.parse({ ...rest, ...(inputImages.length > 0 ? { input_images: inputImages } : {}) });
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.post({ type: 'busy', busy });
  }

  // ------------------------------------------------------------------ task view

  private async refreshTask(): Promise<void> {
    const localId = this.currentLocalId;
    if (!localId) return;
    const record = this.host.trackerRecord(localId);
    if (!record) return;
    const seq = ++this.taskSeq;
    const view = await this.taskView(record);
    // A newer record arrived while this one was being prepared (stat is async): keep the newest.
    if (seq !== this.taskSeq || this.isDisposed) return;
    this.postTask(view);
  }

  private async taskView(r: TaskRecord): Promise<TaskView> {
    const terminal = r.status !== 'waiting' && isTerminal(r.status);
    let endedAt = r.completedAt !== undefined ? r.completedAt * 1000 : undefined;
    if (terminal && endedAt === undefined) {
      endedAt = this.endedAt.get(r.localId) ?? Date.now();
      this.endedAt.set(r.localId, endedAt);
    }
    const view: TaskView = {
      localId: r.localId,
      status: r.status,
      progress: Math.max(0, Math.min(100, r.progress)),
      model: r.model,
      prompt: r.prompt,
      startedAt: r.created * 1000,
      ...(r.taskId ? { taskId: r.taskId } : {}),
      ...(r.costCents !== undefined ? { costCents: r.costCents } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.requestId ? { requestId: r.requestId } : {}),
      ...(r.downloadError ? { downloadError: r.downloadError } : {}),
    };
    if (r.savedPath) {
      view.savedPath = r.savedPath;
      const uri = await this.playableUri(r.savedPath);
      if (uri) view.videoUri = uri;
    }
    return view;
  }

  /** asWebviewUri of the saved file with its mtime as a cache-buster; undefined if it is gone. */
  private async playableUri(savedPath: string): Promise<string | undefined> {
    const file = vscode.Uri.file(savedPath);
    let mtime: number;
    try {
      mtime = (await vscode.workspace.fs.stat(file)).mtime;
    } catch {
      return undefined;
    }
    this.allowFolderOf(file);
    return this.panel.webview.asWebviewUri(file).with({ query: `v=${mtime}` }).toString(true);
  }

  /** A result saved outside today's output folder (the setting changed) still needs to load. */
  private allowFolderOf(file: vscode.Uri): void {
    const roots = webviewOptions(this.host).localResourceRoots ?? [];
    const inside = [...roots, ...this.extraRoots].some((root) => isInside(file.fsPath, root.fsPath));
    if (inside) return;
    this.extraRoots = [...this.extraRoots, vscode.Uri.file(path.dirname(file.fsPath))];
    this.panel.webview.options = { ...webviewOptions(this.host), localResourceRoots: [...roots, ...this.extraRoots] };
  }

  private async fileAction(kind: 'openFile' | 'revealFile' | 'openExternal', localId: string): Promise<void> {
    const saved = this.host.trackerRecord(localId)?.savedPath;
    if (!saved) {
      this.host.logger.warn(`Generate Video panel: ${kind} for a task without a saved file`);
      return;
    }
    const uri = vscode.Uri.file(saved);
    if (kind === 'openFile') await vscode.commands.executeCommand('vscode.open', uri);
    else if (kind === 'openExternal') await vscode.env.openExternal(uri);
    else if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
    else await vscode.commands.executeCommand('revealFileInOS', uri);
  }

  // ------------------------------------------------------------------ html

  private html(): string {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    return buildPanelHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview', 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'media', 'panel.css')).toString(),
      title: panelTitle(),
      lang: vscode.env.language,
      settings: { strings: panelStrings(vscode.l10n) },
    });
  }
}

function panelTitle(): string {
  return vscode.l10n.t('Airforce: Generate Video');
}

/** Scripts on; resources only from dist/, media/ and the output folder. Context is not retained. */
function webviewOptions(host: PanelHost): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  const out = host.outputDir();
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(host.extensionUri, 'dist'),
      vscode.Uri.joinPath(host.extensionUri, 'media'),
      ...(out ? [out] : []),
    ],
  };
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function labelForUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : new URL(url).hostname;
  } catch {
    return url.slice(0, 80);
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
