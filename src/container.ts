// The composition root: builds every service lazily (nothing at activation), owns their disposal.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable, toDisposable } from './util/dispose';
import { ApiKeyStore } from './auth/apiKey';
import { config, resolvedOutputFolder } from './config';
import { resolveOutputDir } from './io/outputDir';
import type { AirforceClient } from './api/client';
import type { ModelCatalog, VideoModel } from './api/models';
import type { Model } from './api/schemas/schemas';
import type { TaskTracker } from './jobs/tracker';
import type { TaskApi } from './jobs/taskApi';
import type { JobRecord } from './jobs/types';
import type { ResultSource } from './io/results';
import type { Spending } from './spending/service';
import { loadCore } from './coreLoader';
import { cleanStaleParts } from './io/download/staleParts';
import { hasUnsettledJobs, TASKS_KEY } from './jobs/storeKeys';
import { CompareGroups } from './compare/groupStore';
import { createRedactor } from './api/http/redact';
import { redactingLogger } from './util/logger';

export class Airforce extends Disposable {
  readonly keys: ApiKeyStore;
  private clientCache?: { baseUrl: string; client: AirforceClient };
  private catalogCache?: ModelCatalog;
  private trackerCache?: TaskTracker;
  private restored?: Promise<void>;
  private spendingCache?: Spending;
  private compareGroupsCache?: CompareGroups;
  private readonly trackerReady = this.register(new vscode.EventEmitter<TaskTracker>());
  /** Fires once, when the tracker is first built. */
  readonly onDidCreateTracker = this.trackerReady.event;

  /** Learns each key the client uses; every log line (and client error) is scrubbed of it. */
  private readonly redactor = createRedactor();
  readonly log: vscode.LogOutputChannel;

  constructor(
    readonly context: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
  ) {
    super();
    this.log = redactingLogger(log, this.redactor.redact);
    this.keys = this.register(new ApiKeyStore(context.secrets));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('airforce.baseUrl')) {
          this.clientCache = undefined;
          this.catalogCache?.invalidate();
          void this.trackerCache?.resumeAll();
        }
      }),
    );
    // Another window (or this one) changed the key: follow again what a 401 had paused.
    // The model list is narrowed to the key's tier, so it is re-read too.
    this.register(
      this.keys.onDidChange(() => {
        this.catalogCache?.invalidate();
        void this.trackerCache?.resumeAll();
      }),
    );
  }

  get version(): string {
    return String((this.context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  }

  /** Rebuilt when airforce.baseUrl changes; the base URL is checked on every request. */
  get client(): AirforceClient {
    const baseUrl = config.baseUrl();
    if (this.clientCache?.baseUrl !== baseUrl) {
      this.clientCache = {
        baseUrl,
        client: new (loadCore().AirforceClient)({
          baseUrl,
          getApiKey: () => this.keys.get(),
          redactor: this.redactor,
          userAgent: `airforce-media/${this.version} vscode/${vscode.version}`,
          logger: this.log,
        }),
      };
    }
    return this.clientCache.client;
  }

  get catalog(): ModelCatalog {
    this.catalogCache ??= new (loadCore().ModelCatalog)({ listModels: (o) => this.client.listModels(o) });
    return this.catalogCache;
  }

  async videoModels(refresh = false): Promise<VideoModel[]> {
    return (await this.catalog.get({ refresh })).filter(loadCore().isVideoModel);
  }

  async allModels(refresh = false): Promise<Model[]> {
    return this.catalog.get({ refresh });
  }

  /** The tracker talks to whatever client the current settings describe. */
  get tracker(): TaskTracker {
    if (!this.trackerCache) {
      const api: TaskApi = {
        createVideo: (req, o) => this.client.createVideo(req, o),
        getTask: (id, o) => this.client.getTask(id, o),
        listTasks: (o) => this.client.listTasks(o),
        deleteTask: (id, o) => this.client.deleteTask(id, o),
        streamTask: (id, o) => this.client.streamTask(id, o),
        redact: (text) => this.client.redact(text),
      };
      const tracker = new (loadCore().TaskTracker)({
        api,
        store: this.context.workspaceState,
        logger: this.log,
        pollIntervalMs: config.pollIntervalMs,
        autoDownload: config.autoDownload,
        download: (record, signal) => this.download(record, signal),
        saveSync: (record, source, at, signal) => this.saveSync(record, source, at, signal),
        dubbing: {
          create: (req, o) => this.client.dubbing.create(req, o),
          get: (id, o) => this.client.dubbing.get(id, o),
          audio: (id, lang, o) => this.client.dubbing.audio(id, lang, o),
        },
        onAuthError: (err) => this.offerKeyReplacement(err),
      });
      this.trackerCache = tracker;
      this.register(toDisposable(() => tracker.dispose()));
      this.trackerReady.fire(tracker);
      // Every job this window sends is written to the global spending ledger.
      this.spending.attach(tracker).catch((e: unknown) => this.log.warn(`Could not record spending: ${String(e)}`));
      // Seeds the in-flight count from the server and re-attaches persisted tasks, once.
      this.restored = tracker.restore().catch((e) => this.log.warn(`Could not restore tasks: ${String(e)}`));
    }
    return this.trackerCache;
  }

  /** Spending of every window and workspace: one ledger file in global storage (src/spending). */
  get spending(): Spending {
    if (!this.spendingCache) {
      const spending = new (loadCore().Spending)({
        file: vscode.Uri.joinPath(this.context.globalStorageUri, 'spending.jsonl').fsPath,
        settings: () => ({ budgetCents: config.budgetCents(), period: config.budgetPeriod() }),
        logger: this.log,
        // A video waiting in the local queue has no figure yet: its price from the model just checked.
        estimate: (r) => {
          const caps = r.kind === 'video' ? this.catalogCache?.peek()?.find((m) => m.id === r.model)?.video_caps : undefined;
          return caps ? r.duration_seconds * caps.price_per_second_cents : undefined;
        },
      });
      this.spendingCache = spending;
      this.register(toDisposable(() => void spending.dispose()));
    }
    return this.spendingCache;
  }

  /** The comparisons of this workspace (what was asked, which job was kept); light, read by the Tasks view. */
  get compareGroups(): CompareGroups {
    if (!this.compareGroupsCache) {
      const groups = new CompareGroups(this.context.workspaceState);
      this.compareGroupsCache = groups;
      this.register(toDisposable(() => groups.dispose()));
    }
    return this.compareGroupsCache;
  }

  get trackerIfBuilt(): TaskTracker | undefined {
    return this.trackerCache;
  }

  private keyPromptOpen = false;

  /** One prompt however many followed tasks hit the 401; their ids are kept and resume with the new key. */
  private offerKeyReplacement(err: unknown): void {
    if (this.keyPromptOpen) return;
    this.keyPromptOpen = true;
    const replace = vscode.l10n.t('Replace API Key');
    const message = loadCore().isAirforceError(err) ? (err as { userMessage(): string }).userMessage() : String(err);
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} Tasks being followed are kept and resume with the new key.', message), replace).then(async (choice) => {
      this.keyPromptOpen = false;
      if (choice === replace) await vscode.commands.executeCommand('airforce.setApiKey');
    });
  }

  /** Saves a completed task's MP4 and its sidecar JSON into the output folder (jobs/video/saveResult.ts). */
  private async download(record: JobRecord, signal: AbortSignal): Promise<string> {
    const dir = await resolvedOutputFolder(); // throws, naming the setting, when it leads outside the workspace
    if (!dir) throw new Error(vscode.l10n.t('Open a folder to save generated videos into it.'));
    if (!record.taskId || !record.resultUrl) throw new Error(vscode.l10n.t('This task has no result to download yet.'));
    const { saveResult, isLoopbackBaseUrl } = loadCore();
    const saved = await saveResult({
      record,
      dir,
      workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      baseIsLoopback: isLoopbackBaseUrl(config.baseUrl()),
      signal,
      logger: this.log,
      // No refreshUrl: a refused URL is re-read once by the tracker (jobs/downloads.ts), nowhere else.
    });
    return saved.path;
  }

  /** Saves one image or audio result and its sidecar into the output folder (jobs/sync/saveSyncResult.ts). */
  private async saveSync(record: JobRecord, source: ResultSource, at: { index: number; count: number }, signal: AbortSignal): Promise<string> {
    const dir = await this.resultFolder(record);
    if (!dir) throw new Error(vscode.l10n.t('Open a folder to save generated media into it.'));
    const { saveSyncResult, isLoopbackBaseUrl } = loadCore();
    const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const saved = await saveSyncResult({ record, source, ...at, dir, workspaceRoot, baseIsLoopback: isLoopbackBaseUrl(config.baseUrl()), signal, logger: this.log });
    return saved.path;
  }

  /**
   * The output folder; an operation's results go beside its source instead when
   * airforce.saveBesideSource is on (that folder is checked to be inside the workspace like the other).
   */
  private async resultFolder(record: JobRecord): Promise<string | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (record.source && root && config.saveBesideSource()) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(record.source.path))?.uri.fsPath ?? root;
      return resolveOutputDir(folder, path.dirname(record.source.path));
    }
    return resolvedOutputFolder();
  }

  /** Work that must not slow activation: follow tasks left running, finish their downloads. */
  async resume(): Promise<void> {
    // Only inside the workspace (a linked folder elsewhere is refused), and only parts untouched for
    // 5 minutes: another window of this workspace may be downloading now.
    const dir = await resolvedOutputFolder().catch((e: unknown) => {
      this.log.warn(e instanceof Error ? e.message : String(e));
      return undefined;
    });
    if (dir) {
      const removed = await cleanStaleParts(dir, 5 * 60_000).catch(() => 0);
      if (removed) this.log.info(`Removed ${removed} stale partial download(s)`);
    }
    // Nothing left to follow in this workspace: no network and no second bundle at start-up; the
    // Tasks view loads history when shown, a command when run.
    if (hasUnsettledJobs(this.context.workspaceState.get<unknown>(TASKS_KEY))) {
      void this.tracker;
      await this.restored;
    }
  }

  /** Awaits the last write of the task store (deactivate). */
  async flush(): Promise<void> {
    await this.trackerCache?.flush();
    await this.spendingCache?.ledger.flush();
  }
}
