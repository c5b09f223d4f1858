// Whether a page's fields can be seen against it: each shown text field, number or URL input, text
// area, select and button must have a border or a background whose colour (blended over the page's)
// differs from the page's background. Text-only buttons (the kind tabs, icon buttons) count by their
// text colour. Shared by the Chromium harness tests (test/unit/generate/app-styles.test.ts,
// test/unit/compare/app.test.ts) and the workbench's six-theme check (test/ui/themesAll.ts).
//
// `unseenControls` runs inside the page (Playwright's evaluate): it must not use anything from outside
// its own body.

/** Selectors of the controls a person must see. */
export const CONTROL_SELECTOR = 'input[type="text"], input[type="url"], input[type="number"], input:not([type]), textarea, select, button';

/** What a control looks like, for the failure message. */
export interface UnseenControl {
  control: string;
  border: string;
  background: string;
  page: string;
}

/**
 * The shown controls under `rootSelector` that cannot be told from the page; `minDiff` is the least
 * difference of one colour channel (0–255) that counts as visible.
 */
export function unseenControls(args: { rootSelector: string; selector: string; minDiff: number }): UnseenControl[] {
  type Rgba = [number, number, number, number];
  const parse = (text: string): Rgba | undefined => {
    const rgb = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(text);
    if (rgb) {
      const a = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? Number(rgb[4].slice(0, -1)) / 100 : Number(rgb[4]);
      return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), a];
    }
    // color-mix() computes to color(srgb r g b / a), channels 0–1.
    const srgb = /color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.e-]+))?\s*\)/.exec(text);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    return undefined;
  };
  const over = (c: Rgba, base: Rgba): Rgba => [0, 1, 2].map((i) => c[i] * c[3] + base[i] * (1 - c[3])).concat(1) as Rgba;
  const differs = (c: Rgba | undefined, base: Rgba): boolean => {
    if (!c) return false;
    const seen = over(c, base);
    return Math.max(...[0, 1, 2].map((i) => Math.abs(seen[i] - base[i]))) >= args.minDiff;
  };
  const pageText = getComputedStyle(document.body).backgroundColor;
  const page = parse(pageText) ?? [255, 255, 255, 1];
  const root = document.querySelector(args.rootSelector) ?? document.body;
  const out: UnseenControl[] = [];
  for (const el of root.querySelectorAll<HTMLElement>(args.selector)) {
    if (el.getClientRects().length === 0 || el.closest('[hidden]')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const borderShown = parseFloat(cs.borderTopWidth) > 0 && cs.borderTopStyle !== 'none' && cs.borderTopStyle !== 'hidden';
    const border = borderShown && differs(parse(cs.borderTopColor), page);
    const background = differs(parse(cs.backgroundColor), page);
    const textOnly = el.tagName === 'BUTTON' && (el.classList.contains('tab') || el.classList.contains('icon'));
    const text = textOnly && differs(parse(cs.color), page);
    if (border || background || text) continue;
    const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${el.textContent ? ` "${el.textContent.trim().slice(0, 30)}"` : ''}`;
    out.push({
      control: `${name} (${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? ` ${el.type}` : ''})`,
      border: cs.borderTopColor,
      background: cs.backgroundColor,
      page: pageText,
    });
  }
  return out;
}

/** One line per control, for an assertion message. */
export function describeUnseen(where: string, unseen: readonly UnseenControl[]): string[] {
  return unseen.map((u) => `${where}: ${u.control} has border ${u.border} and background ${u.background} on a page of ${u.page}`);
}
