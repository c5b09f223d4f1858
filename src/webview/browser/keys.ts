// The Generate shortcut: Ctrl+Enter (Cmd+Enter on macOS) from anywhere in a form, and no accidental
// submit from a plain Enter in a single-line field (the browser's implicit form submission).

/** macOS shows ⌘; the webview has no other way to know the host's platform. */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}

/** For aria-keyshortcuts: what the hint under Generate says, in ARIA's key names. */
export function generateShortcut(): string {
  return isMac() ? 'Meta+Enter' : 'Control+Enter';
}

/** Ctrl+Enter or Cmd+Enter (either on any platform: a Mac keyboard on Linux still sends Meta). */
export function isGenerateKey(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing;
}

/**
 * Wires a form's keys: the shortcut calls `generate` (which checks the form itself and does nothing
 * while busy or invalid but move focus to the first problem); a plain Enter in an input does not
 * submit. Fields that give Enter a meaning of their own (the URL field adds the URL) prevent the
 * default first, so this handler leaves them alone.
 */
export function wireFormKeys(form: HTMLFormElement, generate: () => void): void {
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing) return;
    if (isGenerateKey(e)) {
      e.preventDefault();
      generate();
    } else if (e.target instanceof HTMLInputElement) e.preventDefault();
  });
}
