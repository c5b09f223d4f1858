// The form's "Advanced" section: seed, sound, and free extra parameters (name/value rows passed to
// the provider as they are). Opens by itself when any of them holds a value.
import type { Problem, Strings } from '../protocol';
import { h, setAttr, setText, setValue } from '../../webview/browser/dom';
import type { ExtraRow } from './extraParams';
import { fill } from '../../webview/browser/text';

/** What the section edits; `sound` only where the kind has it (video). */
export interface AdvancedState {
  seed: string;
  sound?: boolean;
  extraRows: ExtraRow[];
}

type Change<T> = (mutate: (form: T) => T, touched?: string) => void;

export interface AdvancedOptions {
  /** Put before every id, so two forms can live in one page ('' for the video form). */
  prefix?: string;
  sound?: boolean;
}

export interface AdvancedField {
  element: HTMLDetailsElement;
  /** Where the keyboard goes for a problem with the seed. */
  seed: HTMLInputElement;
  /** `byField`: the problems by field (`extra.<row>` for the rows). */
  render(f: AdvancedState, byField: Map<string, Problem>): void;
}

export function createAdvancedField<T extends AdvancedState>(s: Strings, change: Change<T>, seedMessage: HTMLElement, options: AdvancedOptions = {}): AdvancedField {
  const p = options.prefix ?? '';
  const hasSound = options.sound ?? true;
  const seed = h('input', { type: 'text', inputmode: 'numeric', id: `${p}f-seed`, 'aria-describedby': seedMessage.id, autocomplete: 'off' });
  seed.addEventListener('input', () => change((f) => ({ ...f, seed: seed.value }), 'seed'));
  const sound = h('input', { type: 'checkbox', id: `${p}f-sound` });
  sound.addEventListener('change', () => change((f) => ({ ...f, sound: sound.checked }), 'sound'));
  const rows = h('div', { class: 'extra-rows', id: `${p}f-extra` });
  const addRowBtn = h('button', { type: 'button', class: 'secondary', id: `${p}f-add-param` }, s.addParam);
  let focusNewRow = false;
  addRowBtn.addEventListener('click', () => {
    focusNewRow = true;
    change((f) => ({ ...f, extraRows: [...f.extraRows, { key: '', value: '' }] }));
  });
  const element = h(
    'details',
    { class: 'advanced', id: `${p}f-advanced` },
    h('summary', {}, s.advanced),
    h('div', { class: 'field' }, h('label', { for: `${p}f-seed` }, s.seed), seed, seedMessage),
    hasSound && h('div', { class: 'field checkbox' }, h('label', { for: `${p}f-sound`, class: 'radio' }, sound, s.sound)),
    h('div', { class: 'field' }, h('div', { class: 'label', id: `${p}extra-label` }, s.extraParams), rows, h('div', { class: 'row' }, addRowBtn)),
  );

  function render(f: AdvancedState, byField: Map<string, Problem>): void {
    setValue(seed, f.seed);
    sound.checked = f.sound === true;
    if (f.seed !== '' || f.sound === true || f.extraRows.length > 0) element.open = true;
    renderRows(rows, f, { s, change, byField, focusLast: focusNewRow, prefix: p, addRowBtn });
    if (focusNewRow) focusNewRow = false;
  }

  return { element, seed, render };
}

interface RowsContext<T> {
  s: Strings;
  change: Change<T>;
  byField: Map<string, Problem>;
  focusLast: boolean;
  prefix: string;
  addRowBtn: HTMLButtonElement;
}

function renderRows<T extends AdvancedState>(container: HTMLElement, f: AdvancedState, { s, change, byField, focusLast, prefix, addRowBtn }: RowsContext<T>): void {
  if (container.childElementCount !== f.extraRows.length) {
    const hadFocus = container.contains(document.activeElement);
    container.replaceChildren(
      ...f.extraRows.map((_, index) => {
        const key = h('input', {
          type: 'text',
          class: 'extra-key',
          'aria-label': `${s.extraKey} ${index + 1}`,
          placeholder: s.extraKey,
          'aria-describedby': `${prefix}msg-extra-${index}`,
          autocomplete: 'off',
        });
        const value = h('input', { type: 'text', class: 'extra-value', 'aria-label': `${s.extraValue} ${index + 1}`, placeholder: s.extraValue, autocomplete: 'off' });
        const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': fill(s.removeParam, index + 1), title: fill(s.removeParam, index + 1) }, '×');
        const edit = (k: 'key' | 'value', v: string): void =>
          change((form) => ({ ...form, extraRows: form.extraRows.map((r, i) => (i === index ? { ...r, [k]: v } : r)) }), `extra.${index}`);
        key.addEventListener('input', () => edit('key', key.value));
        value.addEventListener('input', () => edit('value', value.value));
        remove.addEventListener('click', () => change((form) => ({ ...form, extraRows: form.extraRows.filter((_r, i) => i !== index) })));
        return h('div', { class: 'extra-row' }, h('div', { class: 'row' }, key, value, remove), h('div', { class: 'message', id: `${prefix}msg-extra-${index}` }));
      }),
    );
    if (focusLast) container.querySelector<HTMLInputElement>('.extra-row:last-child .extra-key')?.focus();
    else if (hadFocus) addRowBtn.focus();
  }
  f.extraRows.forEach((row, index) => {
    const el = container.children[index];
    if (!el) return;
    const key = el.querySelector<HTMLInputElement>('.extra-key');
    const value = el.querySelector<HTMLInputElement>('.extra-value');
    if (key) setValue(key, row.key);
    if (value) setValue(value, row.value);
    const p = byField.get(`extra.${index}`);
    const message = el.querySelector('.message');
    if (message) setText(message, p?.message ?? '');
    if (key) setAttr(key, 'aria-invalid', p ? 'true' : undefined);
  });
}
