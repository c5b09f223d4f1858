// Wires the extension together. activate() only registers: no network, file or secret access.
// Resume work (following tasks left running, finishing downloads) is scheduled after it returns.
import * as vscode from 'vscode';
import { createLog } from './util/log';
import { Airforce } from './container';
import { config } from './config';
import { validateKeyFormat } from './auth/apiKey';
import { TasksTreeProvider } from './views/tasksTree';
import { ModelsTreeProvider, type ModelNode } from './views/modelsTree';
import { GeneratingStatusBar } from './views/statusBar';
import { trackKeyContext } from './views/keyContext';
import type { Announcement, CompletionNotifier } from './ui/completionNotifier';
import { registerPanelSerializer } from './generate/host/serializer';
import { registerCompareSerializer } from './compare/host/serializer';
import { registerSpendingSerializer } from './spending/vscode/serializer';
import { featuresIfLoaded, loadFeatures } from './lazy';
import { storyboardGate } from './storyboard/vscode/gate';
import { registerTools, type DeclaredTools } from './tools/vscode/register';

declare global {
  // Set by the bundle's first statement (esbuild banner) so activation cost includes module evaluation.
  var __airforceLoadStart: number | undefined;
  // Set by the bundle's last statement (esbuild footer).
  var __airforceLoadEnd: number | undefined;
  // The CPU time the bundle's evaluation used (banner: the start reading; footer: the difference).
  var __airforceLoadCpu: NodeJS.CpuUsage | undefined;
}

export interface AirforceExtensionApi {
  /** ms spent evaluating the bundle plus ms spent inside activate(). */
  readonly activationMs: number;
  /**
   * The same in CPU time (user + system): our own work, which a loaded machine does not stretch the
   * way it stretches wall time.
   */
  readonly activationCpuMs: number;
  /** For tests and automation: the composition root (tracker, catalog, key store). */
  readonly airforce: Airforce;
  /** For tests: the Tasks view's rows as VS Code draws them (getTreeItem by local id). */
  readonly tasksTree: vscode.TreeDataProvider<string>;
  /** For tests: the Models view's nodes (groups, models, My voices and its cloned voices). */
  readonly modelsTree: vscode.TreeDataProvider<ModelNode>;
  /** For tests: what the completion notifier told or opened in this window, oldest first. */
  readonly announcements: () => readonly Announcement[];
  /**
   * For tests: a language model tool's implementation by name, as registered (its prepareInvocation
   * is what VS Code shows; a window running extension tests confirms without showing it).
   */
  readonly languageModelTool: (name: string) => vscode.LanguageModelTool<Record<string, unknown>> | undefined;
}

let current: Airforce | undefined;

export function activate(context: vscode.ExtensionContext): AirforceExtensionApi {
  const entered = performance.now();
  const cpuEntered = process.cpuUsage();
  const loadMs = (globalThis.__airforceLoadEnd ?? 0) - (globalThis.__airforceLoadStart ?? 0);
  const log = createLog();
  const af = new Airforce(context, log);
  current = af;
  context.subscriptions.push(log, af);

  const tasksTree = new TasksTreeProvider(() => af.trackerIfBuilt);
  // Speech's My voices need the key (GET /v1/audio/voices): without one, no voices and no request.
  const modelsTree = new ModelsTreeProvider(
    (refresh) => af.allModels(refresh),
    async () => ((await af.keys.get().catch(() => undefined)) ? af.client.audio.voices() : []),
  );
  const statusBar = new GeneratingStatusBar();
  // Built with the tracker (the second bundle is loaded by then): nothing to announce before it.
  let notifier: CompletionNotifier | undefined;
  const buildNotifier = (): CompletionNotifier => {
    const { AnnouncedFolder, CompletionNotifier: Notifier } = loadFeatures();
    // Announced once, ever, by whichever window: marks in global storage that every window shares.
    const marks = new AnnouncedFolder(vscode.Uri.joinPath(context.globalStorageUri, 'announced').fsPath, af.log);
    const built = new Notifier(
      (localId) => featuresIfLoaded()?.GenerationPanel.isShowing(localId) ?? false,
      marks,
      {},
      // What an earlier version offered for download (by local id) is not offered again.
      () => context.workspaceState.get<string[]>('airforce.offeredDownloads', []),
    );
    context.subscriptions.push(built);
    return built;
  };
  const tasksView = vscode.window.createTreeView('airforce.tasks', { treeDataProvider: tasksTree, showCollapseAll: false });
  const modelsView = vscode.window.createTreeView('airforce.models', { treeDataProvider: modelsTree });
  context.subscriptions.push(tasksTree, modelsTree, statusBar, tasksView, modelsView);

  // Views, status bar and notifications follow the tracker once something builds it.
  context.subscriptions.push(
    af.onDidCreateTracker((tracker) => {
      tasksTree.attach(tracker);
      statusBar.attach(tracker, () => af.spending.data());
      (notifier ??= buildNotifier()).attach(tracker);
    }),
    // Showing the Tasks view loads the merged history (local records + the server's list).
    tasksView.onDidChangeVisibility((e) => e.visible && void refreshTasks(af, true)),
    // A new key (here or in another window) may see other models and another history.
    af.keys.onDidChange(() => {
      modelsTree.refresh();
      if (tasksView.visible) void refreshTasks(af, true);
    }),
  );

  // Every command reports its own failure to the person and still rejects for programmatic callers.
  const command = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          void loadFeatures().reportError(e, af.log, id);
          throw e;
        }
      }),
    );
  };

  // Command code (and the API client, zod schemas and webview host behind it) loads on first use.
  // With a request object: `{confirm: false}` as the last argument accepts a cost above the threshold.
  command('airforce.generateVideo', (arg, options) => loadFeatures().generateVideo(af, arg, options));
  // From the Explorer's context menu the second argument is the list of selected files, not options.
  command('airforce.animateImage', (uri, options, submitOptions) => loadFeatures().animateImage(af, uri, Array.isArray(options) ? undefined : options, submitOptions));
  // Images and audio: a request object resolves to the saved files; without one, the Generate panel on that kind.
  command('airforce.generateImage', (arg, options) => loadFeatures().generateMedia(af, 'image', arg, options));
  command('airforce.editImage', (uri, options, submitOptions) => loadFeatures().editImage(af, uri, options, submitOptions));
  for (const [name, kind] of [
    ['Speech', 'speech'],
    ['Music', 'music'],
    ['SoundEffect', 'sfx'],
  ] as const) {
    command(`airforce.generate${name}`, (arg, options) => loadFeatures().generateAudio(af, kind, arg, options));
  }
  command('airforce.speakSelection', () => loadFeatures().speakSelection(af));
  // Operations on a workspace audio or video file: (uri, request object, {confirm:false}?) resolves to the
  // saved files without dialogs; from a menu (uri, selection) or the palette, the choices are asked.
  command('airforce.transcribe', (uri, options, submitOptions) => loadFeatures().runOperation(af, 'transcribe', uri, options, submitOptions));
  // Dubbing is followed like a video: a request object resolves to the job's id once the server made it.
  command('airforce.dub', (uri, options, submitOptions) => loadFeatures().dub(af, uri, options, submitOptions));
  command('airforce.isolateVoice', async (uri, options, submitOptions) => (await loadFeatures().runOperation(af, 'isolate', uri, options, submitOptions))?.[0]);
  command('airforce.changeVoice', async (uri, options, submitOptions) => (await loadFeatures().runOperation(af, 'voiceChange', uri, options, submitOptions))?.[0]);
  // Cloned voices: cloneVoice({name, files, acceptConsent: true}, {confirm:false}?) → voice id without dialogs;
  // from the Explorer (clicked, selection). Each change lists the voices again in the Models view.
  const voicesChanged = (): void => modelsTree.refreshVoices();
  command('airforce.cloneVoice', (arg, second) => loadFeatures().cloneVoice(af, voicesChanged, arg, second));
  command('airforce.renameVoice', (voice, name) => loadFeatures().renameVoice(af, voicesChanged, voice, name));
  command('airforce.deleteVoice', (voice, options) => loadFeatures().deleteVoice(af, voicesChanged, voice, options));
  command('airforce.setApiKey', (arg) => setApiKey(af, arg));
  command('airforce.clearApiKey', async () => {
    await af.keys.clear();
    void vscode.window.showInformationMessage(vscode.l10n.t('Airforce API key removed from secret storage.'));
  });
  command('airforce.refresh', async () => {
    modelsTree.refresh();
    await refreshTasks(af, false);
  });
  command('airforce.openResult', (arg) => loadFeatures().openResult(af, arg));
  // The same action under each kind's own words in the Tasks view's menus (an image or audio file is already saved).
  command('airforce.openImage', (arg) => loadFeatures().openResult(af, arg));
  command('airforce.openAudio', (arg) => loadFeatures().openResult(af, arg));
  command('airforce.openTranscript', (arg) => loadFeatures().openResult(af, arg));
  command('airforce.downloadResult', (arg) => loadFeatures().downloadResult(af, arg));
  command('airforce.rerunTask', (arg) => loadFeatures().rerunTask(af, arg));
  command('airforce.deleteTask', (arg, options) => loadFeatures().deleteTask(af, arg, (options as { confirm?: unknown } | undefined)?.confirm !== false));
  command('airforce.copyTaskId', (arg) => loadFeatures().copyTaskId(af, arg));
  command('airforce.copyRequestId', (arg) => loadFeatures().copyRequestId(af, arg));
  // A create whose fate is unknown, or one the server refused: these report their own failures
  // (offering "Generate Again…" when the request is gone), and show nothing with {confirm: false}.
  for (const name of ['lookAgain', 'sendAgain', 'tryAgain'] as const) {
    context.subscriptions.push(vscode.commands.registerCommand(`airforce.${name}`, (arg: unknown, options: unknown) => loadFeatures()[name](af, arg, options)));
  }
  // Spending of every window: {data: true} resolves to the view's figures instead of opening it.
  command('airforce.showSpending', (arg) => loadFeatures().showSpending(af, arg));
  // With a Uri: writes the CSV there without asking.
  command('airforce.exportHistory', (arg) => loadFeatures().exportHistory(af, arg));
  command('airforce.showLogs', () => log.show());
  // Storyboards: ```airforce blocks in Markdown get CodeLenses, diagnostics and completion (no network while typing).
  // generateShot(uri, id, {confirm?}) resolves to the shot's files; generateAll(uri, {confirm?}) to the group id.
  context.subscriptions.push(storyboardGate(() => loadFeatures().startStoryboardSupport(af)));
  command('airforce.storyboard.generateShot', (uri, id, options) => loadFeatures().generateStoryboardShot(af, uri, id, options));
  command('airforce.storyboard.generateAll', (uri, options) => loadFeatures().generateStoryboard(af, uri, options));
  // Prose → shots by a chat model; a request object {uri?, range?, text?, confirm?} resolves to what was inserted.
  command('airforce.storyboardFromSelection', (arg) => loadFeatures().storyboardFromSelection(af, arg));
  // Compare Models: a request object resolves to the group id; without one, the grid's form.
  command('airforce.compareModels', (arg, options) => loadFeatures().compareModels(af, arg, options));
  command('airforce.compareAgain', (arg) => loadFeatures().compareAgain(af, arg));
  command('airforce.openComparison', (arg) => loadFeatures().openComparison(af, arg));
  // A comparison is one row in the Tasks view; the kept job says so.
  tasksTree.attachGroups(af.compareGroups);
  // Language model tools for the editor's agent: registered here, their code loaded on first use.
  const languageModelTool = (name: string) => loadFeatures().languageModelTool(af, name);
  context.subscriptions.push(...registerTools(vscode.lm, context.extension.packageJSON as DeclaredTools, languageModelTool));

  context.subscriptions.push(
    registerCompareSerializer((panel, state) => loadFeatures().reviveComparePanel(af, panel, state)),
    registerSpendingSerializer((panel) => loadFeatures().reviveSpending(af, panel)),
    registerPanelSerializer((panel, state) => {
      const { GenerationPanel, panelHost } = loadFeatures();
      GenerationPanel.revive(panelHost(af), panel, state);
    }),
  );

  // The Tasks welcome's "Set API Key" shows only while no key is set (read after activation returns).
  context.subscriptions.push(
    trackKeyContext(
      af.keys,
      (key, value) => vscode.commands.executeCommand('setContext', key, value),
      (fn) => {
        const timer = setTimeout(fn, 0);
        return { dispose: () => clearTimeout(timer) };
      },
    ),
  );

  // After activation returns: follow tasks that were running when the window closed.
  const resume = setTimeout(() => af.resume().catch((e) => af.log.warn(`Resume failed: ${String(e)}`)), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(resume) });

  const activateMs = performance.now() - entered;
  const activationMs = loadMs + activateMs;
  const cpuMs = (u: NodeJS.CpuUsage | undefined): number => (u ? (u.user + u.system) / 1000 : 0);
  const activationCpuMs = cpuMs(globalThis.__airforceLoadCpu) + cpuMs(process.cpuUsage(cpuEntered));
  log.info(
    `Activated in ${activationMs.toFixed(2)} ms, ${activationCpuMs.toFixed(2)} ms of CPU (bundle evaluation ${loadMs.toFixed(2)} ms + activate() ${activateMs.toFixed(2)} ms; VS Code ${vscode.version})`,
  );
  return { activationMs, activationCpuMs, airforce: af, tasksTree, modelsTree, announcements: () => notifier?.announcements ?? [], languageModelTool };
}

async function refreshTasks(af: Airforce, quiet: boolean): Promise<void> {
  const tracker = af.tracker; // built here at the latest, so local records show even without a key
  if (!(await af.keys.get().catch(() => undefined))) return;
  await vscode.window.withProgress({ location: { viewId: 'airforce.tasks' } }, async () => {
    try {
      await tracker.refresh();
    } catch (e) {
      if (!quiet) throw e;
      af.log.warn(`Could not load the task history: ${String(e)}`);
    }
  });
}

async function setApiKey(af: Airforce, arg: unknown): Promise<void> {
  let key = typeof arg === 'string' ? arg : undefined;
  if (key === undefined) {
    key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Airforce: Set API Key'),
      prompt: vscode.l10n.t('Paste your Api.Airforce key. It is kept in VS Code secret storage and sent only to {0}.', baseUrlHost()),
      placeHolder: 'sk-air-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => validateKeyFormat(v),
    });
    if (key === undefined) return;
  }
  await af.keys.set(key);
  if (typeof arg !== 'string') void vscode.window.showInformationMessage(vscode.l10n.t('Airforce API key saved.'));
}

function baseUrlHost(): string {
  const raw = config.baseUrl();
  try {
    return new URL(raw).host;
  } catch {
    return raw;
  }
}

/** Everything else is owned by context.subscriptions; only the last task-store write is awaited. */
export async function deactivate(): Promise<void> {
  await current?.flush();
  current = undefined;
}
