// The "Airforce: Generate Video" panel, host side. One panel at a time; its form lives in the webview
// (getState/setState) and survives reloads through the serializer. Everything the webview sends is
// parsed with the protocol's zod schemas; the request is validated again here before anything is spent.
import * as crypto from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { CreateVideoRequestSchema, type CreateVideoRequest } from '../api/schemas';
import { estimateCostCents, formatCents } from '../api/cost';
import type { VideoModel } from '../api/models';
import { validateVideoRequest } from '../api/validation';
import type { TaskRecord } from '../tasks/types';
import { Disposable } from '../util/dispose';
import { placeholderImages, toProblems } from './app/formModel';
import { buildPanelHtml } from './html';
import { PanelImageInput, refusalText, type PanelImage } from './panelImageInput';
import { isInsideFolder, recordImageSources } from './panelImages';
import { panelStrings } from './panelStrings';
import {
  localIdFromState,
  parseAppMessage,
  type AppMessage,
  type GenerateFields,
  type HostMessage,
  type Prefill,
  type Problem,
  type TaskAction,
  type TaskView,
} from './protocol';
import { isTerminalStatus, taskViewOf } from './taskViewData';

import { PANEL_VIEW_TYPE } from './serializer';
import { errorText } from '../tasks/taskApi';

export { PANEL_VIEW_TYPE };

/** Messages that describe state: never queued, the latest is replayed after `ready`. */
const STATE_MESSAGES: ReadonlySet<HostMessage['type']> = new Set(['task', 'busy', 'models', 'modelsError', 'defaultModel', 'init']);

export type { PanelImage };

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
  /** Tokens for the local images this panel showed; the webview names images only by them. */
  private readonly images: PanelImageInput;

  private constructor(
    private readonly host: PanelHost,
    private readonly panel: vscode.WebviewPanel,
    localId: string | undefined,
  ) {
    super();
    this.images = new PanelImageInput(host.logger);
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
      imageTokens: this.images.tokens(),
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
      // A refused request must not look like one that is still on its way.
      if (parsed.type === 'generate') {
        const images = parsed.at?.startsWith('images') === true;
        this.post({
          type: 'validation',
          problems: [images ? { field: 'input_images', message: refusalText('unknown-token') } : { field: 'form', message: vscode.l10n.t('The panel sent a request the extension cannot read; nothing was sent.') }],
        });
      }
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
      case 'taskAction':
        await this.taskAction(message.action, message.id);
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
    const picked = await this.images.pick(multi);
    if (picked) this.post({ type: 'imagesAdded', ...picked });
  }

  private async addDropped(uris: string[]): Promise<void> {
    this.post({ type: 'imagesAdded', ...(await this.images.dropped(uris)) });
  }

  private prefill(init: PanelInit): void {
    const { images, ...rest } = init;
    const values: Prefill = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) (values as Record<string, unknown>)[key] = value;
    void this.images.resolve(images ?? []).then(({ images: items, rejected }) => {
      this.post({ type: 'prefill', values, images: items });
      if (rejected.length > 0) this.post({ type: 'imagesAdded', images: [], rejected });
    });
  }

  /** Puts a record back into the form; its local sources are checked like any workspace file. */
  async generateAgain(localId: string): Promise<void> {
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
      images: recordImageSources(r).map((source) => ({ source })),
    });
  }

  // ------------------------------------------------------------------ generate

  private async generate(fields: GenerateFields, refs: string[]): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    try {
      const checked = await this.checkedRequest(fields, refs);
      if (!checked) return;
      const localId = (await this.host.submit(checked.request, checked.sources)).localId;
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
   * The images first (tokens this panel issued, https URLs), then the same validation the core
   * applies, the cost confirmation, and the images' bytes. Undefined when the user must fix something
   * or changed their mind (problems already posted). `sources` is what the record keeps: the files'
   * paths and the URLs.
   */
  private async checkedRequest(fields: GenerateFields, refs: string[]): Promise<{ request: CreateVideoRequest; sources: string[] } | undefined> {
    const refuse = (problems: Problem[]): undefined => {
      this.post({ type: 'validation', problems });
      return undefined;
    };
    // Tokens this panel issued and https URLs only; anything else was refused before it got here.
    const sources = await this.images.sources(refs);
    if (!sources.ok) return refuse([{ field: 'input_images', message: sources.message }]);

    if (!this.models) await this.loadModels(false);
    const model = this.models?.find((m) => m.id === fields.model);
    if (!model) return refuse([{ field: 'model', message: vscode.l10n.t('Choose a video model.') }]);

    const candidate = { ...fields, ...(refs.length > 0 ? { input_images: placeholderImages(refs) } : {}) };
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

    const encoded = await this.images.encode(refs, (fsPath) => this.host.encodeImage(fsPath));
    if (!encoded.ok) return refuse([{ field: 'input_images', message: encoded.message }]);
    const inputImages = encoded.value;
    const { input_images: _placeholders, ...rest } = checked.request;
    void _placeholders;
    return { request: CreateVideoRequestSchema.parse({ ...rest, ...(inputImages.length > 0 ? { input_images: inputImages } : {}) }), sources: sources.value };
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
    let endedAt = r.completedAt !== undefined ? r.completedAt * 1000 : undefined;
    if (isTerminalStatus(String(r.status)) && endedAt === undefined) {
      endedAt = this.endedAt.get(r.localId) ?? Date.now();
      this.endedAt.set(r.localId, endedAt);
    }
    const view = taskViewOf(r, endedAt);
    if (r.savedPath) {
      view.savedPath = r.savedPath;
      const uri = await this.playableUri(r.savedPath);
      if (uri) view.videoUri = uri;
    }
    return view;
  }

  /**
   * "Look again", "Send again", "Try again": the commands the Tasks view offers too (they ask, report
   * and log themselves). Only for a record in the state the button belongs to.
   */
  private async taskAction(action: TaskAction, id: string): Promise<void> {
    const r = this.host.trackerRecord(id);
    const status = String(r?.status);
    const retryable = status === 'failed' && r?.retryable === true;
    const fits = action === 'lookAgain' ? status === 'fate-unknown' : action === 'sendAgain' ? status === 'fate-unknown' || retryable : retryable;
    if (!r || !fits) {
      this.host.logger.warn(`Generate Video panel: ${action} refused for a task in state ${r ? status : '(unknown task)'}`);
      return;
    }
    try {
      const result: unknown = await vscode.commands.executeCommand(`airforce.${action}`, r.localId);
      // A resend may live on as another record: follow it if this panel still shows the old one.
      const next = action !== 'lookAgain' && typeof result === 'string' ? this.host.trackerRecord(result) : undefined;
      if (next && this.currentLocalId === r.localId) this.currentLocalId = next.localId;
      await this.refreshTask();
    } catch (e) {
      // The request body was not kept (e.g. it held image bytes and the window restarted): the form
      // takes over, pre-filled, so the person can send it knowingly.
      if (e instanceof Error && e.message.startsWith('The request is no longer available')) await this.generateAgain(r.localId);
      else this.host.logger.warn(`Generate Video panel: ${action} failed: ${describeError(e)}`);
    }
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
    const inside = [...roots, ...this.extraRoots].some((root) => isInsideFolder(file.fsPath, root.fsPath));
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

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
