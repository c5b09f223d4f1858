// The display language in the webview: the host writes vscode.env.language into <html lang> (see
// ../html.ts), and the app formats money and numbers with it through src/l10n/format.ts.
import { DEFAULT_LOCALE } from '../../l10n/format';

export function pageLocale(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || DEFAULT_LOCALE;
}
