// The form's footer: the Generate button, the cost line (the estimate for the current values, or
// "Price unknown"), a budget refusal with "Raise budget", and the hint under it (why Generate is
// disabled when the reason is not visible yet, else a word about the confirmation that large amounts
// ask for), and the keyboard shortcut ("Ctrl+Enter to generate") under the button. Shared by the
// video form (ids f-…) and the image/audio form (ids m-…).
import type { CostEstimate } from '../../api/rules/cost';
import { formatCostCents } from '../../views/money';
import { pageLocale } from './locale';
import type { Problem, Strings } from '../protocol';
import { h, setAttr, setText } from '../../webview/browser/dom';
import { generateShortcut, isMac } from '../../webview/browser/keys';
import { fill } from '../../webview/browser/text';

export interface FooterState {
  /** Generate is disabled (problems, no model, or busy). */
  blocked: boolean;
  busy: boolean;
  /** undefined: no estimate (no model yet). */
  cost: CostEstimate | undefined;
  confirmCostAboveCents: number;
  /** Why Generate is blocked when the form does not show it yet (e.g. the untouched empty prompt). */
  unseenText: string | undefined;
  /** The host refused the submit for the budget (issue 11). */
  budget: Problem | undefined;
}

/** The footer's state from a form's view model: one rule for every form (kinds and operations). */
export function footerStateOf(
  vm: { problems: readonly unknown[]; busy: boolean; cost: CostEstimate | undefined; confirmCostAboveCents: number },
  selected: boolean,
  placed: { unseenText: string | undefined; budget: Problem | undefined },
): FooterState {
  return {
    blocked: vm.problems.length > 0 || !selected || vm.busy,
    busy: vm.busy,
    cost: vm.cost,
    confirmCostAboveCents: vm.confirmCostAboveCents,
    unseenText: placed.unseenText,
    budget: placed.budget,
  };
}

export interface FormFooter {
  footer: HTMLElement;
  hint: HTMLElement;
  render(state: FooterState): void;
}

/** `prefix`: 'f-' (video) or 'm-' (image/audio). */
export function createFormFooter(s: Strings, prefix: string, raiseBudget: () => void): FormFooter {
  const p = prefix;
  const generateBtn = h('button', { type: 'submit', id: `${p}generate`, 'aria-describedby': `${p}cost ${p}hint`, 'aria-keyshortcuts': generateShortcut() }, s.generate);
  const shortcut = h('div', { class: 'description shortcut', id: `${p}shortcut` }, isMac() ? s['shortcutHint.mac'] : s.shortcutHint);
  const cost = h('span', { class: 'cost', id: `${p}cost` });
  const hint = h('div', { class: 'description', id: `${p}hint` });
  const budgetText = h('span', { id: `${p}budget-text` });
  const raiseBtn = h('button', { type: 'button', class: 'secondary', id: `${p}raise-budget` }, s.raiseBudget);
  raiseBtn.addEventListener('click', () => raiseBudget());
  const budgetBox = h('div', { class: 'error-box budget', id: `${p}budget`, role: 'alert' }, budgetText, ' ', raiseBtn);

  function render({ blocked, busy, cost: estimate, confirmCostAboveCents, unseenText, budget }: FooterState): void {
    generateBtn.disabled = blocked;
    setText(generateBtn, busy ? s.generating : s.generate);
    setAttr(generateBtn, 'aria-busy', busy ? 'true' : undefined);
    const cents = estimate && 'cents' in estimate ? estimate.cents : undefined;
    setText(cost, estimate === undefined ? '' : cents !== undefined ? fill(s.estimatedCost, formatCostCents(cents, pageLocale())) : s.priceUnknown);
    setAttr(cost, 'title', estimate && 'reason' in estimate ? estimate.reason : undefined);
    budgetBox.hidden = budget === undefined;
    setText(budgetText, budget?.message ?? '');
    if (unseenText !== undefined) setText(hint, unseenText);
    else if (cents !== undefined && cents > confirmCostAboveCents) setText(hint, fill(s.costConfirmNote, formatCostCents(confirmCostAboveCents, pageLocale())));
    else setText(hint, '');
  }

  return { footer: h('div', { class: 'footer-wrap' }, h('div', { class: 'footer' }, generateBtn, cost), shortcut, budgetBox), hint, render };
}
