// The one stand-in for the `vscode` module, for every glue test (panel host, Tasks view, task
// commands); the real VS Code runs them in the integration layer. Import this module before the code
// under test, and load that code with require() after it. `ui` records what the code showed or ran
// and holds the answers a test sets; `ui.reset()` clears both.
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

export const format = (message: string, args: unknown[]): string => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));

export class FakeUri {
  constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  get fsPath(): string {
    return this.path;
  }
  with(change: { query?: string }): FakeUri {
    return new FakeUri(this.scheme, this.path, change.query ?? this.query);
  }
  toString(): string {
    const base = this.scheme === 'file' ? `file://${this.path}` : `${this.scheme}://webview${this.path}`;
    return this.query ? `${base}?${this.query}` : base;
  }
  static file(p: string): FakeUri {
    return new FakeUri('file', p);
  }
  static parse(text: string): FakeUri {
    const u = new URL(text);
    return new FakeUri(u.protocol.replace(/:$/, ''), decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''));
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(base.scheme, path.posix.join(base.path, ...parts));
  }
}

export class FakeEventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly fired: T[] = [];
  readonly event = (listener: (e: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    this.fired.push(e);
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class FakeMarkdownString {
  value = '';
  constructor(value = '') {
    this.value = value;
  }
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(s: string): this {
    this.value += s;
    return this;
  }
}

/** A webview panel that records what it was sent; `send` plays the app's side. */
export class FakeWebviewPanel<M = unknown> {
  visible = true;
  viewColumn = 1;
  title: string;
  iconPath: unknown;
  disposed = false;
  readonly posted: M[] = [];
  readonly received = new FakeEventEmitter<unknown>();
  readonly didDispose = new FakeEventEmitter<void>();
  readonly viewState = new FakeEventEmitter<{ webviewPanel: FakeWebviewPanel<M> }>();
  readonly webview = {
    options: {} as { enableScripts?: boolean; localResourceRoots?: FakeUri[] },
    html: '',
    cspSource: 'https://webview.test',
    asWebviewUri: (u: FakeUri) => new FakeUri('https', u.path, u.query),
    postMessage: async (m: M) => {
      // A hidden webview drops what it is sent, like VS Code's.
      if (this.visible) this.posted.push(JSON.parse(JSON.stringify(m)) as M);
      return this.visible;
    },
    onDidReceiveMessage: (l: (e: unknown) => void) => this.received.event(l),
  };
  readonly onDidDispose = (l: () => void) => this.didDispose.event(l);
  readonly onDidChangeViewState = (l: (e: { webviewPanel: FakeWebviewPanel<M> }) => void) => this.viewState.event(l);
  constructor(
    readonly viewType: string,
    title: string,
    readonly createOptions: unknown,
  ) {
    this.title = title;
  }
  reveal(): void {
    this.setVisible(true);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire({ webviewPanel: this });
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.didDispose.fire();
  }
  /** What the app would send. */
  send(message: unknown): void {
    this.received.fire(message);
  }
}

type Serializer = { viewType: string; deserializeWebviewPanel(p: FakeWebviewPanel, state: unknown): Promise<void> };

/** What the code under test showed or ran; answers the tests set. Arrays are cleared in place. */
export const ui = {
  warnings: [] as { message: string; modal: boolean; detail?: string; items: string[] }[],
  warningAnswer: undefined as string | undefined,
  errors: [] as { message: string; items: string[] }[],
  errorAnswer: undefined as string | undefined,
  infos: [] as { message: string; items: string[] }[],
  statusMessages: [] as string[],
  commands: [] as { id: string; args: unknown[] }[],
  /** What executeCommand resolves to, or the error it rejects with. */
  commandResult: undefined as unknown,
  /** fsPaths handed to env.openExternal. */
  external: [] as string[],
  openDialog: undefined as FakeUri[] | undefined,
  panels: [] as FakeWebviewPanel[],
  serializers: [] as Serializer[],
  reset(): void {
    for (const list of [this.warnings, this.errors, this.infos, this.statusMessages, this.commands, this.external, this.panels] as unknown[][]) list.length = 0;
    this.warningAnswer = undefined;
    this.errorAnswer = undefined;
    this.commandResult = undefined;
    this.openDialog = undefined;
  },
};

export const fakeVscode = {
  Uri: FakeUri,
  ViewColumn: { Active: -1, One: 1 },
  FileType: { File: 1, Directory: 2 },
  TreeItem: class {
    id?: string;
    description?: string;
    iconPath?: unknown;
    contextValue?: string;
    tooltip?: unknown;
    command?: unknown;
    accessibilityInformation?: { label: string };
    constructor(
      readonly label: string,
      readonly collapsibleState?: number,
    ) {}
  },
  TreeItemCollapsibleState: { None: 0 },
  ThemeIcon: class {
    constructor(
      readonly id: string,
      readonly color?: { id: string },
    ) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  MarkdownString: FakeMarkdownString,
  EventEmitter: FakeEventEmitter,
  CancellationError: class CancellationError extends Error {
    constructor() {
      super('Canceled');
      this.name = 'Canceled';
    }
  },
  l10n: { t: (m: string | { message: string; args?: unknown[] }, ...args: unknown[]) => (typeof m === 'string' ? format(m, args) : format(m.message, m.args ?? [])) },
  env: {
    language: 'en',
    openExternal: async (u: FakeUri) => {
      ui.external.push(u.fsPath);
      return true;
    },
  },
  window: {
    activeTextEditor: undefined,
    showWarningMessage: async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { modal?: boolean; detail?: string }) : {};
      ui.warnings.push({ message, modal: options.modal === true, detail: options.detail, items: rest as string[] });
      return ui.warningAnswer;
    },
    showErrorMessage: async (message: string, ...items: string[]) => {
      ui.errors.push({ message, items });
      return ui.errorAnswer;
    },
    showInformationMessage: async (message: string, ...items: string[]) => {
      ui.infos.push({ message, items });
      return undefined;
    },
    setStatusBarMessage: (message: string) => {
      ui.statusMessages.push(message);
      return { dispose() {} };
    },
    withProgress: async <T>(_options: unknown, task: () => Promise<T>) => task(),
    showOpenDialog: async () => ui.openDialog,
    createWebviewPanel: (viewType: string, title: string, _column: number, options: unknown) => {
      const p = new FakeWebviewPanel(viewType, title, options);
      ui.panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (viewType: string, s: Omit<Serializer, 'viewType'>) => {
      ui.serializers.push({ viewType, deserializeWebviewPanel: s.deserializeWebviewPanel });
      return { dispose() {} };
    },
  },
  commands: {
    executeCommand: async (id: string, ...args: unknown[]) => {
      ui.commands.push({ id, args });
      if (ui.commandResult instanceof Error) throw ui.commandResult;
      return ui.commandResult;
    },
  },
  workspace: {
    workspaceFolders: undefined as Array<{ uri: FakeUri }> | undefined,
    /** Every setting reads as its default. */
    getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback, inspect: () => undefined }),
    getWorkspaceFolder: (u: FakeUri) => fakeVscode.workspace.workspaceFolders?.find((f) => u.path.startsWith(`${f.uri.path}/`)),
    /** Settings never change here. */
    onDidChangeConfiguration: () => ({ dispose: () => undefined }),
    fs: {
      stat: async (u: FakeUri) => {
        const s = statSync(u.fsPath);
        return { type: s.isDirectory() ? 2 : 1, size: s.size, mtime: Math.floor(s.mtimeMs), ctime: 0 };
      },
      readFile: async (u: FakeUri) => new Uint8Array(readFileSync(u.fsPath)),
    },
  },
};

// `vscode` exists only inside VS Code; point the module loader at the stand-in for this process.
const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;
