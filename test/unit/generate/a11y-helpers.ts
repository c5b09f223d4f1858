// What the accessibility tests ask of the page in headless Chromium: Chromium's own accessibility
// tree (what a screen reader gets, media players included), the focus ring of the focused element,
// and keyboard walks. Used by a11y.test.ts and app-keyboard.test.ts.
import type { Page } from 'playwright-core';

/** Chromium's roles for things a person operates or must be told about (`image` is `img` in older builds). */
const NAMED_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'textbox',
  'searchbox',
  'slider',
  'spinbutton',
  'radio',
  'switch',
  'tab',
  'tablist',
  'link',
  'listbox',
  'menuitem',
  'img',
  'image',
  'Audio',
  'Video',
  'progressbar',
  'DisclosureTriangle',
]);

/** The controls in Chromium's accessibility tree with an empty name, each as "role #id.class" (empty: all named). */
export async function namelessInTree(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const nameless = nodes.filter((n) => !n.ignored && NAMED_ROLES.has(String(n.role?.value)) && String(n.name?.value ?? '').trim() === '');
    const described: string[] = [];
    for (const n of nameless) {
      let where = '';
      if (n.backendDOMNodeId !== undefined) {
        const { node } = await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId });
        const attrs = new Map<string, string>();
        for (let i = 0; i + 1 < (node.attributes ?? []).length; i += 2) attrs.set(node.attributes?.[i] ?? '', node.attributes?.[i + 1] ?? '');
        where = `${node.localName}${attrs.get('id') ? `#${attrs.get('id')}` : ''}${attrs.get('class') ? `.${attrs.get('class')?.replace(/\s+/g, '.')}` : ''}`;
      }
      described.push(`${String(n.role?.value)} ${where}`.trim());
    }
    return described;
  } finally {
    await cdp.detach();
  }
}

/** The focused element as the tests name it: its id, else data-action, else its tag. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.id || (el instanceof HTMLElement && el.dataset.action ? `${el.dataset.action}:${el.dataset.index ?? ''}` : el.tagName.toLowerCase());
  });
}

/**
 * Why the focused element's focus would not be seen, or '' when it would: it must match
 * :focus-visible and draw an outline in the theme's focus border colour, and not inside a
 * background of that same colour (a primary button in Dark Modern).
 */
export async function focusRingProblem(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return 'nothing has focus';
    const name = el.id || el.dataset.action || el.tagName.toLowerCase();
    // A player's focus sits on its own controls inside it: the player counts as focused within.
    const visible = el instanceof HTMLMediaElement ? el.matches(':focus-within') : el.matches(':focus-visible');
    if (!visible) return `${name}: not :focus-visible`;
    const probe = document.createElement('div');
    probe.style.color = 'var(--vscode-focusBorder)'; // CSSOM: the CSP allows it (no style attribute is parsed)
    document.body.append(probe);
    const focusBorder = getComputedStyle(probe).color;
    probe.remove();
    const cs = getComputedStyle(el);
    if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 1) return `${name}: no outline`;
    if (cs.outlineColor !== focusBorder) return `${name}: outline ${cs.outlineColor}, not the focus border ${focusBorder}`;
    if (parseFloat(cs.outlineOffset) < 0 && cs.backgroundColor === focusBorder) return `${name}: the outline lies inside a background of its own colour`;
    return '';
  });
}

export interface Walk {
  /** The focused elements in order (see `focused`). */
  order: string[];
  /** Focus-ring problems met on the way. */
  rings: string[];
}

/**
 * Presses Tab until `stop` has focus (or `max` presses), noting each focused element and whether
 * its focus shows; `onFocus` may type into a field on the way (the walk goes on from there).
 */
export async function tabUntil(page: Page, stop: string, onFocus?: (id: string) => Promise<void>, max = 30): Promise<Walk> {
  const walk: Walk = { order: [], rings: [] };
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const id = await focused(page);
    walk.order.push(id);
    const ring = await focusRingProblem(page);
    if (ring) walk.rings.push(ring);
    if (id === stop) break;
    await onFocus?.(id);
  }
  return walk;
}
