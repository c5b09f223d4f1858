// The form's "Advanced" section: seed, sound, and free extra parameters (name/value rows passed to
// the provider as they are). Opens by itself when any of them holds a value.
import type { Problem, Strings } from '../protocol';
import { h, setAttr, setText, setValue } from './dom';
import { fill, type FormState } from './formModel';

type Change = (mutate: (form: FormState) => FormState, touched?: string) => void;

export interface AdvancedField {
  element: HTMLDetailsElement;
  /** Where the keyboard goes for a problem with the seed. */
  seed: HTMLInputElement;
  /** `byField`: the problems by field (`extra.<row>` for the rows). */
  render(f: FormState, byField: Map<string, Problem>): void;
}

export function createAdvancedField(s: Strings, change: Change, seedMessage: HTMLElement): AdvancedField {
  const seed = h('input', { type: 'text', inputmode: 'numeric', id: 'f-seed', 'aria-describedby': 'msg-seed', autocomplete: 'off' });
  seed.addEventListener('input', () => change((f) => ({ ...f, seed: seed.value }), 'seed'));
  const sound = h('input', { type: 'checkbox', id: 'f-sound' });
  sound.addEventListener('change', () => change((f) => ({ ...f, sound: sound.checked }), 'sound'));
  const rows = h('div', { class: 'extra-rows', id: 'f-extra' });
  const addRowBtn = h('button', { type: 'button', class: 'secondary', id: 'f-add-param' }, s.addParam);
  let focusNewRow = false;
  addRowBtn.addEventListener('click', () => {
    focusNewRow = true;
    change((f) => ({ ...f, extraRows: [...f.extraRows, { key: '', value: '' }] }));
  });
  const element = h(
    'details',
    { class: 'advanced', id: 'f-advanced' },
    h('summary', {}, s.advanced),
    h('div', { class: 'field' }, h('label', { for: 'f-seed' }, s.seed), seed, seedMessage),
    h('div', { class: 'field checkbox' }, h('label', { for: 'f-sound', class: 'radio' }, sound, s.sound)),
    h('div', { class: 'field' }, h('div', { class: 'label', id: 'extra-label' }, s.extraParams), rows, h('div', { class: 'row' }, addRowBtn)),
  );

  function render(f: FormState, byField: Map<string, Problem>): void {
    setValue(seed, f.seed);
    sound.checked = f.sound;
    if (f.seed !== '' || f.sound || f.extraRows.length > 0) element.open = true;
    renderRows(rows, f, s, change, byField, focusNewRow);
    if (focusNewRow) focusNewRow = false;
  }

  return { element, seed, render };
}

function renderRows(container: HTMLElement, f: FormState, s: Strings, change: Change, byField: Map<string, Problem>, focusLast: boolean): void {
  if (container.childElementCount !== f.extraRows.length) {
    const hadFocus = container.contains(document.activeElement);
    container.replaceChildren(
      ...f.extraRows.map((_, index) => {
        const key = h('input', { type: 'text', class: 'extra-key', 'aria-label': `${s.extraKey} ${index + 1}`, placeholder: s.extraKey, 'aria-describedby': `msg-extra-${index}`, autocomplete: 'off' });
        const value = h('input', { type: 'text', class: 'extra-value', 'aria-label': `${s.extraValue} ${index + 1}`, placeholder: s.extraValue, autocomplete: 'off' });
        const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': fill(s.removeParam, index + 1), title: fill(s.removeParam, index + 1) }, '×');
        const edit = (k: 'key' | 'value', v: string): void =>
          change((form) => ({ ...form, extraRows: form.extraRows.map((r, i) => (i === index ? { ...r, [k]: v } : r)) }), `extra.${index}`);
        key.addEventListener('input', () => edit('key', key.value));
        value.addEventListener('input', () => edit('value', value.value));
        remove.addEventListener('click', () => change((form) => ({ ...form, extraRows: form.extraRows.filter((_r, i) => i !== index) })));
        return h('div', { class: 'extra-row' }, h('div', { class: 'row' }, key, value, remove), h('div', { class: 'message', id: `msg-extra-${index}` }));
      }),
    );
    if (focusLast) container.querySelector<HTMLInputElement>('.extra-row:last-child .extra-key')?.focus();
    else if (hadFocus) document.getElementById('f-add-param')?.focus();
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
