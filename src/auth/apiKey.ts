// The API key lives only in VS Code's SecretStorage (the OS keychain), with the AIRFORCE_API_KEY
// environment variable as a read-only fallback for automation. It never reaches settings,
// global state, logs or the webview.
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { keyFormatProblem } from '../api/rules/keyFormat';
import { KEY_PREFIX } from '../api/http/redact';

export const SECRET_KEY = 'airforce.apiKey';

/** Thrown when the OS keychain is unusable; we never fall back to plain text. */
export class SecretStorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      vscode.l10n.t(
        'VS Code could not use the system keychain to keep your Airforce API key ({0}). On Linux, install and unlock a keyring (for example gnome-keyring) or start VS Code with --password-store=basic; alternatively set the AIRFORCE_API_KEY environment variable.',
        cause instanceof Error ? cause.message : String(cause),
      ),
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

/** The input box's message for an unusable key; undefined when it is fine. set() refuses the same keys. */
export function validateKeyFormat(value: string): string | undefined {
  switch (keyFormatProblem(value)) {
    case undefined:
      return undefined;
    case 'empty':
      return vscode.l10n.t('Enter your Api.Airforce key.');
    case 'prefix':
      return vscode.l10n.t('Airforce keys start with "{0}".', KEY_PREFIX);
    case 'whitespace':
      return vscode.l10n.t('The key must not contain spaces, tabs or line breaks.');
    case 'control':
      return vscode.l10n.t('The key must not contain control or invisible characters (such as a zero-width space).');
    case 'non_ascii':
      return vscode.l10n.t('The key may only contain letters, digits and ASCII punctuation.');
  }
}

export class ApiKeyStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the key changes in this or any other window. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.register(secrets.onDidChange((e) => e.key === SECRET_KEY && this.changed.fire()));
  }

  /** SecretStorage first, then AIRFORCE_API_KEY. */
  async get(): Promise<string | undefined> {
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(SECRET_KEY);
    } catch (e) {
      if (this.env.AIRFORCE_API_KEY) return this.env.AIRFORCE_API_KEY;
      throw new SecretStorageUnavailableError(e);
    }
    return stored || this.env.AIRFORCE_API_KEY || undefined;
  }

  /** Refuses a malformed key (the setApiKey command called with a string lands here too). */
  async set(key: string): Promise<void> {
    const problem = typeof key === 'string' ? validateKeyFormat(key) : vscode.l10n.t('Enter your Api.Airforce key.');
    if (problem) throw new Error(problem);
    try {
      await this.secrets.store(SECRET_KEY, key.trim());
    } catch (e) {
      throw new SecretStorageUnavailableError(e);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.secrets.delete(SECRET_KEY);
    } catch (e) {
      throw new SecretStorageUnavailableError(e);
    }
  }
}
