// The one piece of vscode.l10n that string tables need, as a type: tables take it as a parameter
// (no vscode import), so the browser harness and the tests can hand in a stand-in.
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}
