// Where a form's problems show: one message under each field's control (aria-invalid on it), the
// rest above the Generate button, a budget refusal beside it; and which control the keyboard goes to.
// Shared by the video form and the image/audio form.
import type { Problem } from '../protocol';
import { h, setAttr, setText } from '../../webview/browser/dom';
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
  /** Other fields whose change counts as acting on this one (choosing image mode asks for the image). */
  alsoTouchedBy?: Readonly<Record<string, readonly string[]>>;
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
    // Two fields can share a control (the media form's prompt is speech's `input` too): invalid if either is.
    const invalid = new Map<HTMLElement, boolean>();
    for (const field of o.fields) {
      const p = byField.get(field);
      // Nothing is called out before the person acts on the field (or presses Generate, which touches
      // every field with a problem): a prefilled or restored form opens without red. What the host
      // refused, and a prompt that has text (too long), show at once.
      const touched = [isPrompt(field) ? 'prompt' : field, ...(o.alsoTouchedBy?.[field] ?? [])].some((f) => vm.touched.has(f));
      const visible = p !== undefined && (touched || isHost(p) || (isPrompt(field) && prompt !== ''));
      // An empty prompt gets the form's own words; any other prompt problem (too long) its own message.
      const emptyPrompt = p !== undefined && isPrompt(field) && !isHost(p) && prompt.trim() === '';
      setText(o.message(field), visible ? (emptyPrompt ? promptRequired : p.message) : '');
      const target = o.invalidTarget(field);
      if (target) invalid.set(target, (invalid.get(target) ?? false) || visible);
      if (visible) shown.add(field);
    }
    for (const [target, on] of invalid) setAttr(target, 'aria-invalid', on ? 'true' : undefined);
    const elsewhere = [...byField.values()].filter((p) => !o.fields.includes(p.field) && !p.field.startsWith('extra.') && p.field !== 'budget');
    setText(formMessage, elsewhere.map((p) => p.message).join(' '));
    const unseen = vm.problems.find((p) => !shown.has(p.field) && o.fields.includes(p.field));
    return {
      byField,
      unseenText: unseen === undefined ? undefined : isPrompt(unseen.field) && prompt.trim() === '' ? promptRequired : unseen.message,
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
