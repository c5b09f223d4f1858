// A form's prompt: the label, "Recent prompts" beside it, the textarea (Ctrl/Cmd+Enter submits,
// handled by the form for all its fields) and the live character count under it. Leaving it after
// typing marks it touched, so an empty prompt is only called out once the person has written in it
// (the panel starts with the focus here: passing through must not raise an error).
import type { Strings } from '../protocol';
import { h, setAttr, setText, setValue } from '../../webview/browser/dom';
import { generateShortcut } from '../../webview/browser/keys';
import { createRecentPrompts } from './recentPrompts';

export interface PromptActions {
  /** `text` undefined: only mark the prompt touched. */
  prompt(text: string | undefined): void;
  clearRecentPrompts(): void;
}

/** The count line: its text, and whether the prompt is over its limit. */
export interface PromptCount {
  text: string;
  over: boolean;
}

export interface PromptField {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  render(value: string, recent: readonly string[], label: string, placeholder: string, count: PromptCount): void;
}

/** `prefix`: 'f-' (video) or 'm-' (image/audio); `messages`: the problem elements shown under it. */
export function createPromptField(s: Strings, prefix: string, act: PromptActions, ...messages: HTMLElement[]): PromptField {
  const id = `${prefix}prompt`;
  const label = h('label', { for: id }, s.prompt);
  const counter = h('div', { class: 'description prompt-count', id: `${id}-count` });
  const textarea = h('textarea', {
    id,
    rows: 5,
    'aria-describedby': [...messages.map((m) => m.id), counter.id].join(' '),
    'aria-keyshortcuts': generateShortcut(),
  });
  // Typed in during this visit (one textarea serves several kinds: an earlier kind's typing does not count).
  let typed = false;
  textarea.addEventListener('focus', () => (typed = false));
  textarea.addEventListener('input', () => {
    typed = true;
    act.prompt(textarea.value);
  });
  textarea.addEventListener('blur', () => {
    if (typed) act.prompt(undefined);
  });
  const recent = createRecentPrompts(s, prefix, { pick: (text) => act.prompt(text), clear: () => act.clearRecentPrompts() });
  const element = h('div', { class: 'field' }, h('div', { class: 'label-row' }, label, recent.element), textarea, counter, ...messages);

  function render(value: string, recentPrompts: readonly string[], labelText: string, placeholder: string, count: PromptCount): void {
    setText(label, labelText);
    setAttr(textarea, 'placeholder', placeholder);
    setValue(textarea, value);
    recent.render(recentPrompts);
    setText(counter, count.text);
    counter.classList.toggle('over', count.over);
  }

  return { element, textarea, render };
}
