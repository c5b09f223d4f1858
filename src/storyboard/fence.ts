// The quick test whether a Markdown text may hold ```airforce shots: the storyboard's parse and
// analysis (and the activation-time gate that loads them, vscode/gate.ts) look at nothing else first.

/** Quick test before any work: most Markdown files hold no shot. */
export function mayHoldShots(text: string): boolean {
  return /(`{3,}|~{3,})\s*airforce/.test(text);
}
