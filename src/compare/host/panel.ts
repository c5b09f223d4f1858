// The "Airforce: Compare Models" grid, host side: its own webview panel (one at a time), its own view
// type and serializer (it survives a reload: the app's state names the group), its own zod-parsed
// protocol. The form (kind, 2–4 models, one prompt, shared fields) and then one card per model that
// follows the tracker like the Generate panel does. The webview names jobs by local id, never a path.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { Model } from '../../api/schemas/schemas';
import type { CompareForm } from '../fields';
import { Disposable } from '../../util/dispose';
import { checkComparison, keepJob, retryCard, startComparison } from './run';
import type { MediaImage } from '../../submit/vscode/startBatch';
import { reportError } from '../../ui/report';
import { confirmCost } from '../../ui/confirmCost';
import { WebviewChannel } from '../../webview/channel';
import { buildPanelHtml, COMPARE_STYLESHEETS } from '../../webview/html';
import { runFileAction } from '../../generate/host/fileActions';
import { describeError, type PanelHost } from '../../generate/host/panelHost';
import { PanelImageInput } from '../../generate/host/imageInput';
import { ResultUris, webviewOptions } from '../../generate/host/webview';
import { PanelPromptHelp } from '../../generate/host/promptHelp';
import { groupView } from './groupView';
import { compareStrings } from './strings';
import { COMPARE_VIEW_TYPE, groupIdFromState, parseCompareMessage, type CompareAppMessage, type CompareHostMessage } from '../protocol';

const LOG = 'Compare panel:';
const STATE_MESSAGES: ReadonlySet<CompareHostMessage['type']> = new Set(['init', 'models', 'modelsError', 'group', 'busy', 'promptHelp']);

export class ComparePanel extends Disposable {
  private static currentPanel: ComparePanel | undefined;

  /** Reveals the grid (creating it if needed): on a comparison's cards, or on its form pre-filled from one. */
  static show(af: Airforce, host: PanelHost, what: { group?: string; prefill?: string } = {}): ComparePanel {
    let shown = ComparePanel.currentPanel;
    if (shown) shown.panel.reveal(shown.panel.viewColumn);
    else {
      const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title(), vscode.ViewColumn.Active, webviewOptions(host));
      shown = new ComparePanel(af, host, panel, undefined);
    }
    if (what.group) shown.showGroup(what.group);
    if (what.prefill) void shown.prefillFrom(what.prefill);
    return shown;
  }

  static revive(af: Airforce, host: PanelHost, panel: vscode.WebviewPanel, state: unknown): ComparePanel {
    ComparePanel.currentPanel?.dispose();
    return new ComparePanel(af, host, panel, groupIdFromState(state));
  }

  private readonly channel: WebviewChannel<CompareHostMessage>;
  private readonly images: PanelImageInput;
  private readonly results: ResultUris;
  private readonly promptHelp: PanelPromptHelp;
  private models: Model[] | undefined;
  private modelsError: string | undefined;
  private loading: Promise<void> | undefined;
  private busy = false;
  private lastGroup: Extract<CompareHostMessage, { type: 'group' }> | undefined;
  private revealNext = false;
  private seq = 0;
  /** First time a job without completedAt was seen ended: its clock stops there. */
  private readonly endedAt = new Map<string, number>();

  private constructor(
    private readonly af: Airforce,
    private readonly host: PanelHost,
    private readonly panel: vscode.WebviewPanel,
    private groupId: string | undefined,
  ) {
    super();
    ComparePanel.currentPanel = this;
    this.channel = new WebviewChannel<CompareHostMessage>(panel, STATE_MESSAGES, (send) => this.replay(send));
    this.images = new PanelImageInput(af.log);
    this.results = new ResultUris(host, panel.webview);
    this.promptHelp = new PanelPromptHelp(host.promptHelp, (m) => this.channel.post(m as CompareHostMessage), af.log);
    panel.webview.options = webviewOptions(host);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'airforce.svg');
    panel.webview.html = html(panel.webview, host.extensionUri);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidChangeViewState(({ webviewPanel }) => this.channel.visibilityChanged(webviewPanel.visible)));
    // Follows its running jobs like the Generate panel follows its task.
    this.register(
      af.tracker.onDidChange((r) => {
        if (this.groupId && (!r || (r.origin?.type === 'compare' && r.origin.group === this.groupId))) void this.refreshGroup();
      }),
    );
    this.register(af.compareGroups.onDidChange((id) => id === this.groupId && void this.refreshGroup()));
    if (this.groupId) void this.refreshGroup();
  }

  override dispose(): void {
    if (ComparePanel.currentPanel === this) ComparePanel.currentPanel = undefined;
    if (this.isDisposed) return;
    this.promptHelp.dispose();
    super.dispose();
    this.panel.dispose();
  }

  showGroup(id: string): void {
    this.groupId = id;
    this.revealNext = true;
    void this.refreshGroup();
  }

  private replay(send: (m: CompareHostMessage) => void): void {
    send({ type: 'init', confirmCostAboveCents: this.host.confirmCostAboveCents(), imageTokens: this.images.tokens() });
    if (this.models) send({ type: 'models', models: this.models });
    else if (this.modelsError !== undefined) send({ type: 'modelsError', message: this.modelsError });
    if (this.lastGroup) {
      send({ ...this.lastGroup, reveal: this.revealNext });
      this.revealNext = false;
    }
    send({ type: 'busy', busy: this.busy });
  }

  private async refreshGroup(): Promise<void> {
    const group = this.groupId ? this.af.compareGroups.get(this.groupId) : undefined;
    if (!group) return;
    const seq = ++this.seq;
    await this.ensureModels();
    const view = await groupView(group, this.af.tracker.records(), this.models ?? [], {
      endedAt: (r) => {
        const s = String(r.status);
        if (s !== 'completed' && s !== 'failed' && s !== 'expired') return undefined;
        if (!this.endedAt.has(r.localId)) this.endedAt.set(r.localId, Date.now());
        return this.endedAt.get(r.localId);
      },
      playable: (file) => this.results.playable(file),
    });
    // A newer refresh started while files were being looked at: keep the newest.
    if (seq !== this.seq || this.isDisposed) return;
    this.lastGroup = { type: 'group', group: view, reveal: false };
    const reveal = this.revealNext && this.channel.live;
    this.channel.post({ ...this.lastGroup, reveal });
    if (reveal) this.revealNext = false;
  }

  private ensureModels(refresh = false): Promise<void> {
    if (this.models && !refresh) return Promise.resolve();
    this.loading ??= this.af
      .allModels(refresh)
      .then((models) => {
        this.models = models;
        this.modelsError = undefined;
        this.channel.post({ type: 'models', models });
      })
      .catch((e: unknown) => {
        this.modelsError = e instanceof Error ? e.message : String(e);
        this.channel.post({ type: 'modelsError', message: this.modelsError });
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private receive(raw: unknown): void {
    const parsed = parseCompareMessage(raw);
    if (!parsed.ok) {
      this.af.log.warn(`${LOG} dropped a message from the webview: ${parsed.reason}`);
      return;
    }
    void this.handle(parsed.message).catch((e: unknown) => this.af.log.error(`${LOG} '${parsed.message.type}' failed: ${describeError(e)}`));
  }

  private async handle(m: CompareAppMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.channel.readyReceived();
        void this.promptHelp.offer();
        return this.ensureModels();
      case 'requestModels':
        return this.ensureModels(m.refresh);
      case 'pickImage': {
        const picked = await this.images.pick(false);
        if (picked)
          this.channel.post({
            type: 'image',
            image: picked.images[0] ?? null,
            ...(picked.rejected[0] ? { rejected: `${picked.rejected[0].source}: ${picked.rejected[0].reason}` } : {}),
          });
        return;
      }
      case 'check': {
        const checked = await checkComparison(this.af, m.form).catch((e: unknown) => ({ ok: false as const, message: describeError(e) }));
        this.channel.post({ type: 'checked', seq: m.seq, ...checked });
        return;
      }
      case 'compare':
        return this.compare(m.form);
      case 'openFile':
      case 'revealFile':
        if (!this.inGroup(m.localId)) return this.af.log.warn(`${LOG} ${m.type} refused: not a job of the shown comparison`);
        return runFileAction(this.host, m.type, m.localId, m.index);
      case 'retry':
        return this.guard(async () => {
          const group = this.groupId ? this.af.compareGroups.get(this.groupId) : undefined;
          if (!group) throw new Error(vscode.l10n.t('This comparison is no longer known.'));
          await retryCard(this.af, group, m.model);
        });
      case 'keep':
        return this.guard(async () => {
          const group = this.groupId ? this.af.compareGroups.get(this.groupId) : undefined;
          if (!group || !this.inGroup(m.localId)) throw new Error(vscode.l10n.t('Only a saved result of this comparison can be kept.'));
          await keepJob(this.af, group, m.localId);
        });
      case 'improvePrompt':
        return this.promptHelp.improve(m);
      case 'cancelImprove':
        return this.promptHelp.cancel();
      case 'compareAgain':
        if (this.groupId) await this.prefillFrom(this.groupId);
        return;
    }
  }

  private inGroup(localId: string): boolean {
    const r = this.af.tracker.get(localId);
    return !!this.groupId && r?.origin?.type === 'compare' && r.origin.group === this.groupId;
  }

  /** Errors of the card buttons: a notification (with actions such as "Set API Key"), and the log. */
  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (!isDeclined(e)) void reportError(e, this.af.log);
    }
  }

  private async compare(form: CompareForm): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    try {
      const images = await this.formImages(form.image);
      const { group } = await startComparison(this.af, { ...form }, images, (total) =>
        confirmCost(
          form.models.map(() => form.kind),
          total,
        ),
      );
      this.showGroup(group);
    } catch (e) {
      if (!isDeclined(e)) this.channel.post({ type: 'submitError', message: e instanceof Error ? e.message : String(e) });
    } finally {
      this.setBusy(false);
    }
  }

  /** The form's image: a token this panel issued (checked again now) or an https URL. */
  private async formImages(ref: string | undefined): Promise<MediaImage[]> {
    if (ref === undefined) return [];
    const usable = await this.images.mediaImages([ref]);
    if (!usable.ok) throw new Error(usable.message);
    return usable.value.map((i) => ('file' in i ? { file: i.file, source: vscode.workspace.asRelativePath(i.file, false) } : i));
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.channel.post({ type: 'busy', busy });
  }

  /** "Compare again": the form with the group's kind, models, prompt and fields (the image re-checked). */
  private async prefillFrom(groupId: string): Promise<void> {
    const group = this.af.compareGroups.get(groupId);
    if (!group) return;
    const form: CompareForm = { ...group.form };
    delete form.image;
    let image;
    if (group.form.image) {
      const resolved = await this.images.resolve([{ source: group.form.image }]);
      image = resolved.images[0];
      if (image) form.image = image.source;
    }
    this.channel.post({ type: 'prefill', form, ...(image ? { image } : {}) });
  }
}

function title(): string {
  return vscode.l10n.t('Airforce: Compare Models');
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return buildPanelHtml({
    cspSource: webview.cspSource,
    nonce: crypto.randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'compare.js')).toString(),
    styleUris: COMPARE_STYLESHEETS.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString()),
    title: title(),
    lang: vscode.env.language,
    settings: { strings: compareStrings(vscode.l10n) },
  });
}

/** The cost question was answered no (a batch's total, or one card's Retry). */
const isDeclined = (e: unknown): boolean => e instanceof Error && (e.name === 'BatchCostNotConfirmedError' || e.name === 'CostNotConfirmedError');
