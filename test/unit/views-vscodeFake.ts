// A small stand-in for the `vscode` module, for the Tasks view and task-command glue tests (the real
// VS Code runs them in the integration layer). Import this module before the code under test.
import Module from 'node:module';

export const format = (message: string, args: unknown[]): string =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));

export class FakeEventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly fired: T[] = [];
  readonly event = (listener: (e: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    this.fired.push(e);
    for (const l of this.listeners) l(e);
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

/** What the code under test showed; answers the tests set. */
export const ui = {
  warnings: [] as { message: string; modal: boolean; detail?: string; items: string[] }[],
  warningAnswer: undefined as string | undefined,
  errors: [] as { message: string; items: string[] }[],
  errorAnswer: undefined as string | undefined,
  statusMessages: [] as string[],
  commands: [] as { id: string; args: unknown[] }[],
  reset(): void {
    this.warnings = [];
    this.warningAnswer = undefined;
    this.errors = [];
    this.errorAnswer = undefined;
    this.statusMessages = [];
    this.commands = [];
  },
};

export const fakeVscode = {
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
  l10n: { t: (message: string, ...args: unknown[]) => format(message, args) },
  window: {
    showWarningMessage: async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { modal?: boolean; detail?: string }) : {};
      ui.warnings.push({ message, modal: options.modal === true, detail: options.detail, items: rest as string[] });
      return ui.warningAnswer;
    },
    showErrorMessage: async (message: string, ...items: string[]) => {
      ui.errors.push({ message, items });
      return ui.errorAnswer;
    },
    setStatusBarMessage: (message: string) => {
      ui.statusMessages.push(message);
      return { dispose() {} };
    },
    withProgress: async <T>(_options: unknown, task: () => Promise<T>) => task(),
  },
  commands: {
    executeCommand: async (id: string, ...args: unknown[]) => {
      ui.commands.push({ id, args });
      return undefined;
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
