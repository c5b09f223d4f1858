// The "Airforce: Generate Video" panel, host side. One panel at a time; its form lives in the webview
// (getState/setState) and survives reloads through the serializer. Everything the webview sends is
// parsed with the protocol's zod schemas; the request is validated again before anything is spent.
// This class routes messages; each job lives in its own module (channel, models, images, submit,
// task view, file actions, webview).
import * as vscode from 'vscode';
import { errorText } from '../tasks/taskApi';
import { Disposable } from '../util/dispose';
import { WebviewChannel } from './channel';
import { runFileAction } from './panelFileActions';
import { describeError, LOG_PREFIX, type PanelHost, type PanelInit } from './panelHost';
import { PanelImageInput, refusalText } from './panelImageInput';
import { PanelModels } from './panelModels';
import { initFromRecord, prefillMessages } from './panelPrefill';
import { submitFromPanel } from './panelSubmit';
import { PanelTaskView } from './panelTaskView';
import { panelHtml, panelTitle, ResultUris, webviewOptions } from './panelWebview';
import { localIdFromState, parseAppMessage, type AppMessage, type GenerateFields, type HostMessage } from './protocol';
import { PANEL_VIEW_TYPE } from './serializer';

export { PANEL_VIEW_TYPE };
export type { PanelHost, PanelImage, PanelInit } from './panelHost';

/** Messages that describe state: never queued, the latest is replayed after `ready`. */
const STATE_MESSAGES: ReadonlySet<HostMessage['type']> = new Set(['task', 'busy', 'models', 'modelsError', 'defaultModel', 'init']);

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

  /** True while the panel is on screen showing this task: its result already plays there. */
  static isShowing(localId: string): boolean {
    const p = GenerationPanel.currentPanel;
    return !!p && p.panel.visible && p.task.localId === localId;
  }

  private readonly channel: WebviewChannel<HostMessage>;
  private readonly models: PanelModels;
  /** Tokens for the local images this panel showed; the webview names images only by them. */
  private readonly images: PanelImageInput;
  private readonly task: PanelTaskView;
  private busy = false;

  private constructor(
    private readonly host: PanelHost,
    private readonly panel: vscode.WebviewPanel,
    localId: string | undefined,
  ) {
    super();
    GenerationPanel.currentPanel = this;
    this.channel = new WebviewChannel<HostMessage>(panel, STATE_MESSAGES, (send) => this.replay(send));
    this.models = new PanelModels(host, (m) => this.channel.post(m));
    this.images = new PanelImageInput(host.logger);
    panel.webview.options = webviewOptions(host);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'airforce.svg');
    panel.webview.html = panelHtml(panel.webview, host.extensionUri);

    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidChangeViewState(({ webviewPanel }) => this.channel.visibilityChanged(webviewPanel.visible)));
    this.register(host.onDidChangeRecord((record) => this.task.recordChanged(record)));
    this.task = new PanelTaskView(host, this.channel, new ResultUris(host, panel.webview), localId);
  }

  /** Shows a task's progress and result in the panel (e.g. from the tasks tree). */
  showTask(localId: string): void {
    // Chosen before the reveal, as the replay it may cause already belongs to this task.
    const shown = this.task.show(localId);
    this.panel.reveal(this.panel.viewColumn);
    void shown;
  }

  /** Puts a record back into the form ("Generate again"). */
  private async generateAgain(localId: string): Promise<void> {
    const r = this.host.trackerRecord(localId);
    if (r) this.prefill(initFromRecord(r));
    else this.channel.post({ type: 'prefill', values: {}, images: [] });
  }

  override dispose(): void {
    if (GenerationPanel.currentPanel === this) GenerationPanel.currentPanel = undefined;
    if (this.isDisposed) return;
    this.task.close();
    super.dispose();
    this.panel.dispose();
  }

  /** Everything the app needs after (re)loading: settings, models, the current task. */
  private replay(send: (m: HostMessage) => void): void {
    send({
      type: 'init',
      models: this.models.list ?? null,
      defaultModel: this.host.defaultModel(),
      confirmCostAboveCents: this.host.confirmCostAboveCents(),
      imageTokens: this.images.tokens(),
    });
    const modelsError = this.models.errorMessage;
    if (modelsError !== undefined) send({ type: 'modelsError', message: modelsError });
    this.task.replay(send);
    send({ type: 'busy', busy: this.busy });
  }

  private receive(raw: unknown): void {
    const parsed = parseAppMessage(raw);
    if (!parsed.ok) {
      this.host.logger.warn(`${LOG_PREFIX} dropped a message from the webview: ${parsed.reason}`);
      // A refused request must not look like one that is still on its way.
      if (parsed.type === 'generate') {
        const images = parsed.at?.startsWith('images') === true;
        this.channel.post({
          type: 'validation',
          problems: [images ? { field: 'input_images', message: refusalText('unknown-token') } : { field: 'form', message: vscode.l10n.t('The panel sent a request the extension cannot read; nothing was sent.') }],
        });
      }
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
        await this.models.ensure();
        return;
      case 'requestModels':
        await this.models.load(message.refresh);
        return;
      case 'pickImages': {
        const picked = await this.images.pick(message.multi);
        if (picked) this.channel.post({ type: 'imagesAdded', ...picked });
        return;
      }
      case 'dropImages':
        this.channel.post({ type: 'imagesAdded', ...(await this.images.dropped(message.uris)) });
        return;
      case 'generate':
        await this.generate(message.request, message.images);
        return;
      case 'openFile':
      case 'revealFile':
      case 'openExternal':
        await runFileAction(this.host, message.type, message.localId);
        return;
      case 'generateAgain':
        await this.generateAgain(message.localId);
        return;
      case 'setDefaultModel':
        await this.host.rememberModel(message.model);
        this.channel.post({ type: 'defaultModel', model: message.model });
        return;
      case 'taskAction':
        await this.task.action(message.action, message.id, (id) => this.generateAgain(id));
        return;
    }
  }

  private prefill(init: PanelInit): void {
    void prefillMessages(this.images, init).then((messages) => {
      for (const m of messages) this.channel.post(m);
    });
  }

  private async generate(fields: GenerateFields, refs: string[]): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    try {
      const submitted = await submitFromPanel({ host: this.host, images: this.images, models: this.models }, fields, refs);
      if (!submitted.ok) {
        if ('problems' in submitted) this.channel.post({ type: 'validation', problems: submitted.problems });
        return;
      }
      this.channel.post({ type: 'validation', problems: [] });
      await this.task.show(submitted.localId);
    } catch (e) {
      this.host.logger.warn(`${LOG_PREFIX} generate failed: ${describeError(e)}`);
      this.channel.post({ type: 'validation', problems: [{ field: 'form', message: errorText(e) }] });
    } finally {
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.channel.post({ type: 'busy', busy });
  }
}
