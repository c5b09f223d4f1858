// Tiny DOM helpers for the panel app. Attributes only through setAttribute (never `style`: the CSP
// has no 'unsafe-inline' for styles) and text only through textContent (never innerHTML).
import { wireFormKeys } from './keys';

type Attr = string | number | boolean | undefined;
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** false/undefined removes the attribute, true sets it empty. */
export function setAttr(el: Element, name: string, value: Attr): void {
  if (value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Writes a control's value without disturbing the caret when it already matches. */
export function setValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  if (el.value !== value) el.value = value;
}

/** Replaces a select's options only when the list changed, keeping focus and keyboard state. */
export function setOptions(select: HTMLSelectElement, options: ReadonlyArray<{ value: string; label: string }>, selected: string): void {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
    select.dataset.options = key;
  }
  setValue(select, selected);
}

/**
 * A form that never submits itself: the submit button and Ctrl/Cmd+Enter call `submit` (no page
 * navigation); a plain Enter in a single-line field does nothing (see keys.ts).
 */
export function formElement(id: string, label: string, submit: () => void, ...children: Child[]): HTMLFormElement {
  const form = h('form', { id, novalidate: true, 'aria-label': label }, ...children);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  wireFormKeys(form, submit);
  return form;
}
