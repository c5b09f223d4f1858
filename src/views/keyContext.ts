// The `airforce.apiKeyMissing` context key: the Tasks view's welcome offers "Set API Key" only while
// no key is set (package.json viewsWelcome `when`). Read after activation (activation reads no
// secrets) and again whenever the key changes, here or in another window.

export const KEY_MISSING_CONTEXT = 'airforce.apiKeyMissing';

export interface KeySource {
  get(): Promise<string | undefined>;
  onDidChange(listener: () => void): { dispose(): void };
}

/** `setContext`: vscode.commands.executeCommand('setContext', …) in the extension, a recorder in tests. */
export type SetContext = (key: string, value: boolean) => PromiseLike<unknown>;

export function trackKeyContext(keys: KeySource, setContext: SetContext, later: (fn: () => void) => { dispose(): void }): { dispose(): void } {
  let reading = 0;
  const update = (): void => {
    const mine = ++reading;
    keys.get().then(
      (key) => mine === reading && void setContext(KEY_MISSING_CONTEXT, !key),
      // Secret storage unreadable: the key is as good as missing, and Set API Key is the way out.
      () => mine === reading && void setContext(KEY_MISSING_CONTEXT, true),
    );
  };
  const changes = keys.onDidChange(update);
  const first = later(update);
  return {
    dispose: () => {
      reading++;
      changes.dispose();
      first.dispose();
    },
  };
}
