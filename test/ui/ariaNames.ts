// Reads an ARIA snapshot (Playwright's `locator.ariaSnapshot()` YAML) and lists the controls that
// have no accessible name: what a screen reader would announce as just "button" or "edit text".
// Shared by the Chromium harness test (test/unit/generate/a11y.test.ts) and the workbench check
// (test/ui/accessibility.ts). No Playwright import: it only reads the text.

/** Roles a person operates or must be told about; each needs a name of its own. */
export const NAMED_ROLES: ReadonlySet<string> = new Set([
  'button',
  'checkbox',
  'combobox',
  'img',
  'link',
  'listbox',
  'menuitem',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'tablist',
  'textbox',
  'progressbar',
]);

export interface SnapshotNode {
  role: string;
  /** '' when the snapshot gives none. */
  name: string;
  /** The line as it was, for the failure message. */
  line: string;
}

// `- role "name" [attr] [attr]: value` — the name is a JSON-style string or a /regex/; the rest is optional.
const NODE = /^\s*- ([a-z]+)(?: ("(?:[^"\\]|\\.)*"|\/(?:[^/\\]|\\.)*\/))?(?: \[[^\]]*\])*:?(?: .*)?$/;

/** Every node line of the snapshot with its role and name (text lines and properties are skipped). */
export function snapshotNodes(snapshot: string): SnapshotNode[] {
  const nodes: SnapshotNode[] = [];
  for (const line of snapshot.split('\n')) {
    const m = NODE.exec(line);
    if (!m) continue;
    const raw = m[2] ?? '';
    const name = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    nodes.push({ role: m[1], name: name.trim(), line: line.trim() });
  }
  return nodes;
}

/** The controls with an empty name, as their snapshot lines (empty: every control is named). */
export function namelessControls(snapshot: string): string[] {
  return snapshotNodes(snapshot)
    .filter((n) => NAMED_ROLES.has(n.role) && n.name === '')
    .map((n) => n.line);
}
