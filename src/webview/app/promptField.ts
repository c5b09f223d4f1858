// A form's prompt: the label, "Recent prompts" beside it, and the textarea (Ctrl/Cmd+Enter submits,
// handled by the form for all its fields; leaving it marks it touched, so an empty prompt is only called out once the person has been there).
import type { Strings } from '../protocol';
import { h, setAttr, setText, setValue } from './dom';
import { generateShortcut } from './keys';
import { createRecentPrompts } from './recentPrompts';

export interface PromptActions {
  /** `text` undefined: only mark the prompt touched. */
  prompt(text: string | undefined): void;
  clearRecentPrompts(): void;
}

export interface PromptField {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  render(value: string, recent: readonly string[], label: string, placeholder: string): void;
}

/** `prefix`: 'f-' (video) or 'm-' (image/audio); `messages`: the problem elements shown under it. */
export function createPromptField(s: Strings, prefix: string, act: PromptActions, ...messages: HTMLElement[]): PromptField {
  const id = `${prefix}prompt`;
  const label = h('label', { for: id }, s.prompt);
  const textarea = h('textarea', { id, rows: 5, 'aria-describedby': messages.map((m) => m.id).join(' '), 'aria-keyshortcuts': generateShortcut() });
  textarea.addEventListener('input', () => act.prompt(textarea.value));
  textarea.addEventListener('blur', () => act.prompt(undefined));
  const recent = createRecentPrompts(s, prefix, { pick: (text) => act.prompt(text), clear: () => act.clearRecentPrompts() });
  const element = h('div', { class: 'field' }, h('div', { class: 'label-row' }, label, recent.element), textarea, ...messages);

  function render(value: string, recentPrompts: readonly string[], labelText: string, placeholder: string): void {
    setText(label, labelText);
    setAttr(textarea, 'placeholder', placeholder);
    setValue(textarea, value);
    recent.render(recentPrompts);
  }

  return { element, textarea, render };
}
