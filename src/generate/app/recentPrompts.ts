// "Recent prompts" beside a prompt field: a select that fills the prompt with one of the kind's last
// prompts (the host keeps them), and a button that clears them. Hidden while there are none.
import type { Strings } from '../protocol';
import { h, setOptions } from '../../webview/browser/dom';
import { promptLabel } from './formLabels';

export interface RecentPromptsActions {
  pick(prompt: string): void;
  clear(): void;
}

export interface RecentPrompts {
  element: HTMLElement;
  render(prompts: readonly string[]): void;
}

/** `prefix`: 'f-' (video) or 'm-' (image/audio). */
export function createRecentPrompts(s: Strings, prefix: string, act: RecentPromptsActions): RecentPrompts {
  let current: readonly string[] = [];
  const select = h('select', { id: `${prefix}recent`, class: 'recent', 'aria-label': s.recent, title: s.recent });
  select.addEventListener('change', () => {
    const prompt = select.value === '' ? undefined : current[Number(select.value)];
    select.value = ''; // a menu, not a setting: it always shows its label again
    if (prompt !== undefined) act.pick(prompt);
  });
  const clear = h('button', { type: 'button', class: 'secondary small', id: `${prefix}recent-clear` }, s.clearRecent);
  clear.addEventListener('click', () => act.clear());
  const element = h('div', { class: 'row recent-row' }, select, clear);

  function render(prompts: readonly string[]): void {
    current = prompts;
    element.hidden = prompts.length === 0;
    const options = [{ value: '', label: s.recentPick }, ...prompts.map((p, i) => ({ value: String(i), label: promptLabel(p) }))];
    setOptions(select, options, '');
  }

  return { element, render };
}
