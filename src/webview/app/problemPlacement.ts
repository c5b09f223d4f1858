// Where a form's problems show: one message under each field's control (aria-invalid on it), the
// rest above the Generate button, a budget refusal beside it; and which control the keyboard goes to.
// Shared by the video form and the image/audio form.
import type { Problem } from '../protocol';
import { h, setAttr, setText } from './dom';
import { problemsByField, type FormBasics } from './formCommon';
import type { FooterState } from './formFooter';

export interface Placement {
  /** The fields with a control of their own, in the order the keyboard visits them. */
  fields: readonly string[];
  /** The prompt's field names (speech's text is `input`): empty is not an error before it was touched. */
  promptFields: readonly string[];
  message(field: string): HTMLElement;
  /** Where aria-invalid goes (a group for radios and images). */
  invalidTarget(field: string): HTMLElement | undefined;
  /** Where the keyboard goes. */
  control(field: string): HTMLElement | undefined;
}

export interface PlacedProblems {
  /** The form-level message (problems without a control of their own), role=alert. */
  formMessage: HTMLElement;
  /** Places them; returns the footer's problem fields (why Generate is blocked, the budget). */
  render(vm: FormBasics, prompt: string, promptRequired: string): Pick<FooterState, 'unseenText' | 'budget'> & { byField: Map<string, Problem> };
  focusFirstInvalid(): void;
}

export function createProblemPlacement(formMessageId: string, o: Placement): PlacedProblems {
  const formMessage = h('div', { class: 'message form-message', id: formMessageId, role: 'alert' });
  let last: FormBasics | undefined;

  function render(vm: FormBasics, prompt: string, promptRequired: string): ReturnType<PlacedProblems['render']> {
    last = vm;
    const byField = problemsByField([...vm.problems, ...vm.hostProblems]);
    const isHost = (p: Problem): boolean => vm.hostProblems.includes(p);
    const isPrompt = (field: string): boolean => o.promptFields.includes(field);
    const shown = new Set<string>();
    for (const field of o.fields) {
      const p = byField.get(field);
      const visible = p !== undefined && (!isPrompt(field) || vm.touched.has('prompt') || prompt !== '' || isHost(p));
      setText(o.message(field), visible ? (isPrompt(field) && !isHost(p) ? promptRequired : p.message) : '');
      const target = o.invalidTarget(field);
      if (target) setAttr(target, 'aria-invalid', visible ? 'true' : undefined);
      if (visible) shown.add(field);
    }
    const elsewhere = [...byField.values()].filter((p) => !o.fields.includes(p.field) && !p.field.startsWith('extra.') && p.field !== 'budget');
    setText(formMessage, elsewhere.map((p) => p.message).join(' '));
    const unseen = vm.problems.find((p) => !shown.has(p.field) && o.fields.includes(p.field));
    return {
      byField,
      unseenText: unseen === undefined ? undefined : isPrompt(unseen.field) ? promptRequired : unseen.message,
      budget: byField.get('budget'),
    };
  }

  function focusFirstInvalid(): void {
    if (!last) return;
    const fields = new Set([...last.problems, ...last.hostProblems].map((p) => p.field));
    const first = o.fields.find((f) => fields.has(f));
    if (first) o.control(first)?.focus();
  }

  return { formMessage, render, focusFirstInvalid };
}
