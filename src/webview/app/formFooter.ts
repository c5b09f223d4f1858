// The form's footer: the Generate button, the cost line (the estimate for the current values), and
// the hint under it (why Generate is disabled when the reason is not visible yet, else a word about
// the confirmation that large amounts ask for).
import { formatCents } from '../../api/cost';
import type { Problem, Strings } from '../protocol';
import { h, setAttr, setText } from './dom';
import { fill } from './formModel';

export interface FooterState {
  /** Generate is disabled (problems, no model, or busy). */
  blocked: boolean;
  busy: boolean;
  /** undefined: no estimate (no model yet). */
  cents: number | undefined;
  confirmCostAboveCents: number;
  /** A blocking problem the form does not show yet (e.g. the untouched empty prompt). */
  unseen: Problem | undefined;
}

export interface FormFooter {
  footer: HTMLElement;
  hint: HTMLElement;
  render(state: FooterState): void;
}

export function createFormFooter(s: Strings): FormFooter {
  const generateBtn = h('button', { type: 'submit', id: 'f-generate', 'aria-describedby': 'f-cost f-hint' }, s.generate);
  const cost = h('span', { class: 'cost', id: 'f-cost' });
  const hint = h('div', { class: 'description', id: 'f-hint' });

  function render({ blocked, busy, cents, confirmCostAboveCents, unseen }: FooterState): void {
    generateBtn.disabled = blocked;
    setText(generateBtn, busy ? s.generating : s.generate);
    setAttr(generateBtn, 'aria-busy', busy ? 'true' : undefined);
    setText(cost, cents === undefined ? '' : fill(s.estimatedCost, formatCents(cents)));
    if (unseen) setText(hint, unseen.field === 'prompt' ? s.promptRequired : unseen.message);
    else if (cents !== undefined && cents > confirmCostAboveCents) setText(hint, fill(s.costConfirmNote, formatCents(confirmCostAboveCents)));
    else setText(hint, '');
  }

  return { footer: h('div', { class: 'footer' }, generateBtn, cost), hint, render };
}
