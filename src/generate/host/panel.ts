// The "Airforce: Generate" panel, host side: one panel at a time with a kind switch (video, image,
// speech, music, sound effect). Its forms live in the webview (getState/setState) and survive reloads
// through the serializer. Everything the webview sends is parsed with the protocol's zod schemas; the
// request is validated again before anything is spent. This class routes messages; each job lives in
// its own module (channel, models, images, submits, task view, file actions, voices, memory, webview).
import * as vscode from 'vscode';
import type { Model } from '../../api/schemas/schemas';
import type { VideoModel } from '../../api/models';
import { Disposable } from '../../util/dispose';
import { WebviewChannel } from '../../webview/channel';
import { runFileAction } from './fileActions';
import { describeError, LOG_PREFIX, type PanelHost, type PanelInit } from './panelHost';
import { PanelImageInput } from './imageInput';
import { PanelMediaInput } from './mediaInput';
import { lastKind, mediaDefaults, modelSettings, rememberKind, rememberModel } from './memory';
import { mediaModelList, videoModelList, type PanelModels } from './models';
import { animateInit, initFromRecord, prefillMessages } from './prefill';
import { PanelSubmits } from './submit';
import { PanelJobView } from './jobView';
import { PanelVoices } from './voices';
import { PanelPromptHelp } from './promptHelp';
import { panelHtml, panelTitle, ResultUris, webviewOptions } from './webview';
import { isPanelOperation, localIdFromState, parseAppMessage, type AppMessage, type HostMessage, type OperationRequest, type PanelKind } from '../protocol';
import { RecentPrompts } from './recentPrompts';
import { PANEL_VIEW_TYPE } from './serializer';

export { PANEL_VIEW_TYPE };
export type { PanelHost, PanelImage, PanelInit } from './panelHost';

/** Messages that describe state: never queued, the latest is replayed after `ready`. */
const STATE_MESSAGES: ReadonlySet<HostMessage['type']> = new Set(['task', 'busy', 'models', 'modelsError', 'defaultModel', 'init', 'promptHelp']);

/** Submits whose refusal the host answers visibly (a refused request must not look like one on its way). */
const SUBMITS: ReadonlySet<string> = new Set(['generate']);

export class GenerationPanel extends Disposable {
  private static currentPanel: GenerationPanel | undefined;

  static get current(): GenerationPanel | undefined {
    return GenerationPanel.currentPanel;
  }

  /** Reveals the panel (creating it if needed) and puts `init` into the form of its kind. */
  static createOrShow(host: PanelHost, init?: PanelInit): GenerationPanel {
    const existing = GenerationPanel.currentPanel;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      if (init) existing.prefill(init);
      return existing;
    }
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(), column, webviewOptions(host));
    const created = new GenerationPanel(host, panel, undefined, init ? (init.kind ?? 'video') : undefined);
    if (init) created.prefill(init);
    return created;
  }

  /** Reveals the panel (creating it if needed) switched to `kind`, the form left as it is. */
  static openOnKind(host: PanelHost, kind: PanelKind): GenerationPanel {
    const shown = GenerationPanel.currentPanel ?? GenerationPanel.createOrShow(host);
    shown.panel.reveal(shown.panel.viewColumn);
    shown.kind = kind;
    shown.channel.post({ type: 'kind', kind });
    return shown;
  }

  /** Re-attaches to a panel VS Code restored after a reload; `state` is the app's getState(). */
  static revive(host: PanelHost, panel: vscode.WebviewPanel, state: unknown): GenerationPanel {
    GenerationPanel.currentPanel?.dispose();
    return new GenerationPanel(host, panel, localIdFromState(state), undefined);
  }

  /** True while the panel is on screen showing this task: its result already plays there. */
  static isShowing(localId: string): boolean {
    const p = GenerationPanel.currentPanel;
    return !!p && p.panel.visible && p.task.localId === localId;
  }

  private readonly channel: WebviewChannel<HostMessage>;
  /** The video models (video_caps); the image/audio models, one catalog read for their four kinds. */
  private readonly models: PanelModels<VideoModel>;
  private readonly mediaModels: PanelModels<Model>;
  /** Tokens for the local images this panel showed; the webview names images only by them. */
  private readonly images: PanelImageInput;
  /** Tokens for the workspace audio and video files the operation forms chose. */
  private readonly media: PanelMediaInput;
  private readonly task: PanelJobView;
  private readonly voices: PanelVoices;
  private readonly recent: RecentPrompts;
  /** The kind `init` names: a command's, else the last the person used, else video. */
  private kind: PanelKind;
  private readonly submits: PanelSubmits;
  private readonly promptHelp: PanelPromptHelp;

  private constructor(
    private readonly host: PanelHost,
    private readonly panel: vscode.WebviewPanel,
    localId: string | undefined,
    kind: PanelKind | undefined,
  ) {
    super();
    GenerationPanel.currentPanel = this;
    this.kind = kind ?? lastKind(host.memento) ?? 'video';
    this.recent = new RecentPrompts(host.memento);
    const post = (m: HostMessage): void => this.channel.post(m);
    this.channel = new WebviewChannel<HostMessage>(panel, STATE_MESSAGES, (send) => this.replay(send));
    this.models = videoModelList(host, post);
    this.mediaModels = mediaModelList(host, post, () => this.mediaDefaults());
    this.images = new PanelImageInput(host.logger);
    this.media = new PanelMediaInput(host.logger);
    this.voices = new PanelVoices(host, panel.webview, post);
    panel.webview.options = webviewOptions(host);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'airforce.svg');
    panel.webview.html = panelHtml(panel.webview, host.extensionUri);

    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidChangeViewState(({ webviewPanel }) => this.channel.visibilityChanged(webviewPanel.visible)));
    this.register(host.onDidChangeRecord((record) => this.task.recordChanged(record)));
    this.task = new PanelJobView(host, this.channel, new ResultUris(host, panel.webview), localId);
    this.promptHelp = new PanelPromptHelp(host.promptHelp, post, host.logger);
    this.submits = new PanelSubmits({ host, images: this.images, media: this.media, post, recent: this.recent, show: (id) => this.task.show(id, true) });
  }

  /** Shows a task's progress and result in the panel (e.g. from the tasks tree); `play`: its audio plays once when ready. */
  showTask(localId: string, play = false): void {
    // Chosen before the reveal, as the replay it may cause already belongs to this task.
    const shown = this.task.show(localId, play);
    this.panel.reveal(this.panel.viewColumn);
    void shown;
  }

  /** The account's voices changed: the speech and voice changer forms' list is read and sent again. */
  voicesChanged(): void {
    void this.voices.reload();
  }

  /** Puts a record back into the form of its kind ("Generate again"); an operation's with its file found again. */
  private async generateAgain(localId: string): Promise<void> {
    const r = this.host.trackerRecord(localId);
    if (r && isPanelOperation(r.kind)) {
      const { operation, rejected } = await this.media.rerun(r);
      this.prefill({ kind: r.kind, operation });
      if (rejected.length > 0) this.channel.post({ type: 'mediaAdded', rejected });
    } else if (r) this.prefill(initFromRecord(r));
    else this.channel.post({ type: 'prefill', values: {}, images: [] });
  }

  override dispose(): void {
    if (GenerationPanel.currentPanel === this) GenerationPanel.currentPanel = undefined;
    if (this.isDisposed) return;
    this.task.close();
    this.promptHelp.dispose();
    super.dispose();
    this.panel.dispose();
  }

  private mediaDefaults(): ReturnType<typeof mediaDefaults> {
    return mediaDefaults(this.host.memento, this.host.defaultModel);
  }

  /** Everything the app needs after (re)loading: settings, models, the current task. */
  private replay(send: (m: HostMessage) => void): void {
    const voice = this.host.defaultVoice();
    const lists = [this.models, this.mediaModels];
    send({
      type: 'init',
      lists: lists.flatMap((list) => list.message() ?? []),
      settings: modelSettings(this.host.defaultModel),
      confirmCostAboveCents: this.host.confirmCostAboveCents(),
      imageTokens: this.images.tokens(),
      mediaTokens: this.media.tokens(),
      kind: this.kind,
      ...(voice ? { defaultVoice: voice } : {}),
      recentPrompts: this.recent.all(),
    });
    for (const list of lists) {
      const error = list.errorMessage;
      if (error !== undefined) send({ type: 'modelsError', kinds: list.kinds, message: error });
    }
    this.task.replay(send);
    send({ type: 'busy', busy: this.submits.busy });
  }

  private receive(raw: unknown): void {
    const parsed = parseAppMessage(raw);
    if (!parsed.ok) {
      this.host.logger.warn(`${LOG_PREFIX} dropped a message from the webview: ${parsed.reason}`);
      if (parsed.type !== undefined && SUBMITS.has(parsed.type)) this.channel.post({ type: 'validation', problems: PanelSubmits.refused(parsed.at) });
      return;
    }
    void this.handle(parsed.message).catch((e: unknown) => {
      this.host.logger.error(`${LOG_PREFIX} '${parsed.message.type}' failed: ${describeError(e)}`);
    });
  }

  private async handle(message: AppMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.channel.readyReceived();
        // One catalog read serves both lists.
        await Promise.all([this.models.ensure(), this.mediaModels.ensure(), this.promptHelp.offer()]);
        return;
      case 'requestModels':
        return (message.kind === 'video' ? this.models : this.mediaModels).load(message.refresh);
      case 'pickImages': {
        const picked = await this.images.pick(message.multi);
        if (picked) this.channel.post({ type: 'imagesAdded', ...picked });
        return;
      }
      case 'dropImages':
        this.channel.post({ type: 'imagesAdded', ...(await this.images.dropped(message.uris)) });
        return;
      case 'pickMedia': {
        const picked = await this.media.pick();
        if (picked) this.channel.post(picked);
        return;
      }
      case 'dropMedia':
        this.channel.post(await this.media.dropped(message.uris));
        return;
      case 'cancelUpload':
        this.submits.cancelUpload(message.localId);
        return;
      case 'generate':
        if ('file' in message) return this.submits.generate(message.kind, await this.withVoiceName(message.request), [], message.file);
        return this.submits.generate(message.kind, message.request, message.images);
      case 'openFile':
      case 'revealFile':
      case 'openExternal':
      case 'copyPath':
        return runFileAction(this.host, message.type, message.localId, message.index);
      case 'animateImage': {
        const init = animateInit(this.host.trackerRecord(message.localId), message.index);
        if (init) this.prefill(init);
        else this.host.logger.warn(`${LOG_PREFIX} animateImage refused: no saved image at index ${message.index}`);
        return;
      }
      case 'generateAgain':
        return this.generateAgain(message.localId);
      case 'setDefaultModel': {
        const { kind, model } = message;
        await this.host.setDefaultModel(kind, model);
        this.channel.post({ type: 'defaultModel', kind, model });
        return;
      }
      case 'setKind':
        this.kind = message.kind;
        return rememberKind(this.host.memento, message.kind);
      case 'rememberModel':
        return rememberModel(this.host.memento, message.kind, message.model);
      case 'requestVoices':
        return this.voices.request(message.model);
      case 'previewVoice':
        return this.voices.preview(message.voiceId);
      case 'clearRecentPrompts':
        await this.recent.clear(message.kind);
        this.channel.post({ type: 'recentPrompts', kind: message.kind, prompts: [] });
        return;
      case 'openBudgetSetting':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'airforce.budgetCents');
        return;
      case 'improvePrompt':
        return this.promptHelp.improve(message);
      case 'cancelImprove':
        return this.promptHelp.cancel();
      case 'taskAction':
        await this.task.action(message.action, message.id, (id) => this.generateAgain(id));
        return;
    }
  }

  /** The voice changer's result is named after the voice's own name (the list's may say "(cloned)"). */
  private async withVoiceName(request: OperationRequest): Promise<Record<string, unknown>> {
    const name = request.voice ? await this.voices.nameOf(request.voice) : undefined;
    return name ? { ...request, voice_name: name } : request;
  }

  private prefill(init: PanelInit): void {
    this.kind = init.kind ?? 'video';
    void prefillMessages(this.images, init).then((messages) => {
      for (const m of messages) this.channel.post(m);
    });
  }
}
