// The kind switch at the top of the panel: Video · Image · Speech · Music · Sound effect, then the
// operations with a form (Transcribe · Voice changer), as a tablist (arrow keys, Home/End, one tab
// stop; the selected tab controls the form below). The tabs are PANEL_KIND_IDS, in its order.
import type { Strings } from '../protocol';
import { PANEL_KIND_IDS, type PanelKind } from '../protocolConstants';
import { h, setAttr } from '../../webview/browser/dom';

/** Stable ids the UI tests click: k-video, k-image, k-speech, k-music, k-sfx, k-transcribe, k-voiceChange. */
export const kindTabId = (kind: PanelKind): string => `k-${kind}`;

export interface KindSwitch {
  element: HTMLElement;
  render(kind: PanelKind): void;
}

/** `panelFor`: the id of the element each tab controls. */
export function createKindSwitch(s: Strings, select: (kind: PanelKind) => void, panelFor: (kind: PanelKind) => string): KindSwitch {
  const tabs = new Map<PanelKind, HTMLButtonElement>();
  for (const kind of PANEL_KIND_IDS) {
    const tab = h('button', { type: 'button', role: 'tab', id: kindTabId(kind), class: 'tab', 'aria-controls': panelFor(kind) }, s[`kind.${kind}`]);
    tab.addEventListener('click', () => select(kind));
    tab.addEventListener('keydown', (e) => {
      const i = PANEL_KIND_IDS.indexOf(kind);
      const n = PANEL_KIND_IDS.length;
      const target =
        e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? PANEL_KIND_IDS[(i + 1) % n]
          : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
            ? PANEL_KIND_IDS[(i - 1 + n) % n]
            : e.key === 'Home'
              ? PANEL_KIND_IDS[0]
              : e.key === 'End'
                ? PANEL_KIND_IDS[n - 1]
                : undefined;
      if (target === undefined) return;
      e.preventDefault();
      select(target);
      tabs.get(target)?.focus();
    });
    tabs.set(kind, tab);
  }
  const element = h('div', { class: 'tabs', role: 'tablist', id: 'kind-switch', 'aria-label': s.kinds }, ...tabs.values());

  function render(kind: PanelKind): void {
    for (const [k, tab] of tabs) {
      const selected = k === kind;
      setAttr(tab, 'aria-selected', selected ? 'true' : 'false');
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  return { element, render };
}
