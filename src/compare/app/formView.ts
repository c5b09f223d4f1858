// The comparison form: kind, 2–4 models of that kind (each with its estimate), one prompt, the shared
// fields (their choices are the chosen models' values), the input image, and what each model lacks
// ("Aspect ratio not supported by seedance-lite": shown, and not sent to that model). Built once;
// render() updates it in place so typing keeps its caret.
import type { Model } from '../../api/schemas/schemas';
import { choices, COMPARE_KINDS, MAX_MODELS, MIN_MODELS, modelOfKind, SHARED_FIELDS, unsupportedFields, type CompareKind } from '../fields';
import type { CheckedMessage, CompareFormMessage, CompareImageItem, CompareStrings } from '../constants';
import { formElement, h, setAttr, setOptions, setText, setValue } from '../../webview/browser/dom';
import { fill } from '../../webview/browser/text';
import { money } from './money';

export interface FormModel {
  form: CompareFormMessage;
  image?: CompareImageItem;
  models: Model[] | null;
  modelsError?: string;
  check?: CheckedMessage;
  busy: boolean;
  submitError?: string;
  imageNote?: string;
  confirmAboveCents: number;
}

export interface FormActions {
  change(form: CompareFormMessage): void;
  pickImage(): void;
  removeImage(): void;
  submit(): void;
  retryModels(): void;
}

type NumField = 'duration_seconds' | 'n';

/** `tools`: a row under the prompt (Improve prompt); its render is true while Compare waits for it. */
export function createFormView(s: CompareStrings, act: FormActions, tools?: { element: HTMLElement; render(kind: CompareKind): boolean }) {
  let current: FormModel | undefined;
  const form = (): CompareFormMessage => current!.form;
  const change = (patch: Partial<CompareFormMessage>): void => act.change({ ...form(), ...patch });

  const kinds = COMPARE_KINDS.map((k) => {
    const input = h('input', { type: 'radio', name: 'c-kind', id: `c-kind-${k}`, value: k });
    input.addEventListener('change', () => input.checked && act.change({ kind: k, models: [], prompt: form().prompt }));
    return { k, input, label: h('label', { for: `c-kind-${k}` }, s[`kind.${k}`]) };
  });
  const kindRow = h('fieldset', { class: 'c-kinds' }, h('legend', {}, s.kind), ...kinds.flatMap((k) => [k.input, k.label]));

  const modelList = h('div', { id: 'c-models', class: 'c-models', role: 'group', 'aria-describedby': 'c-models-hint' });
  const modelsHint = h('p', { id: 'c-models-hint', class: 'c-hint' }, s.modelsHint);
  const prompt = h('textarea', { id: 'c-prompt', rows: 3, placeholder: s.promptPlaceholder });
  prompt.addEventListener('input', () => change({ prompt: prompt.value }));

  const select = (id: string, field: NumField | 'aspect_ratio') => {
    const el = h('select', { id });
    el.addEventListener('change', () => {
      const v = el.value;
      if (field === 'aspect_ratio') change({ aspect_ratio: v || undefined });
      else change({ [field]: v ? Number(v) : undefined } as Partial<CompareFormMessage>);
    });
    return el;
  };
  const duration = select('c-duration', 'duration_seconds');
  const count = select('c-n', 'n');
  const ratio = select('c-ratio', 'aspect_ratio');
  const durationRow = h('label', { class: 'c-field' }, s.duration, duration);
  const countRow = h('label', { class: 'c-field' }, s.imageCount, count);
  const ratioRow = h('label', { class: 'c-field' }, s.aspectRatio, ratio);

  const imageLabel = h('span', { id: 'c-image-label', class: 'c-image-label' });
  const imageThumb = h('img', { class: 'c-thumb', alt: '' });
  const addImage = h('button', { type: 'button', id: 'c-image-add', class: 'secondary' }, s.addImage);
  const removeImage = h('button', { type: 'button', id: 'c-image-remove', class: 'secondary' }, s.removeImage);
  addImage.addEventListener('click', () => act.pickImage());
  removeImage.addEventListener('click', () => act.removeImage());
  const imageNote = h('p', { class: 'c-error', role: 'status' });
  const imageRow = h('div', { class: 'c-field c-image' }, h('span', {}, s.inputImage), imageThumb, imageLabel, addImage, removeImage, imageNote);

  const notes = h('ul', { id: 'c-notes', class: 'c-notes', 'aria-live': 'polite' });
  const total = h('p', { id: 'c-total', class: 'c-total', 'aria-live': 'polite' });
  const confirmNote = h('p', { class: 'c-hint' });
  const problem = h('p', { id: 'c-error', class: 'c-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'c-submit' }, s.compare);

  const element = formElement(
    'c-form',
    s.title,
    () => act.submit(),
    kindRow,
    h('div', { class: 'c-field' }, h('span', { id: 'c-models-label' }, s.models), modelsHint, modelList),
    h('div', { class: 'c-field' }, h('label', { class: 'c-field' }, s.prompt, prompt), tools?.element),
    durationRow,
    countRow,
    ratioRow,
    imageRow,
    notes,
    total,
    confirmNote,
    problem,
    h('div', { class: 'c-actions' }, submit),
  );
  setAttr(modelList, 'aria-labelledby', 'c-models-label');

  /** Rows are built when the kind's model list changes and updated in place (focus stays on a ticked box). */
  const rows = new Map<string, { box: HTMLInputElement; price: HTMLElement }>();
  function renderModels(m: FormModel, list: Model[]): void {
    const key = list.map((x) => x.id).join('|');
    if (modelList.dataset.key !== key) {
      rows.clear();
      const built = list.map((model) => {
        const box = h('input', { type: 'checkbox', id: `c-model-${model.id}`, 'data-model': model.id });
        box.addEventListener('change', () => {
          const chosen = form().models.filter((id) => id !== model.id);
          change({ models: box.checked ? [...chosen, model.id] : chosen });
        });
        const price = h('span', { class: 'c-price', 'data-price': model.id });
        rows.set(model.id, { box, price });
        return h('div', { class: 'c-model' }, box, h('label', { for: `c-model-${model.id}` }, model.id), price);
      });
      modelList.replaceChildren(...(built.length > 0 ? built : [h('p', { class: 'c-hint' }, s.noModels)]));
      modelList.dataset.key = key;
    }
    const estimates = new Map(m.check?.ok ? m.check.estimates.map((e) => [e.model, e.cents]) : []);
    const full = m.form.models.length >= MAX_MODELS;
    for (const [id, row] of rows) {
      const checked = m.form.models.includes(id);
      row.box.checked = checked;
      row.box.disabled = m.busy || (!checked && full);
      const cents = estimates.get(id);
      setText(row.price, checked && m.check?.ok ? (cents === undefined ? s.priceUnknown : fill(s.estimate, money(cents))) : '');
    }
  }

  function renderField(el: HTMLSelectElement, row: HTMLElement, kind: CompareKind, chosen: Model[], field: NumField | 'aspect_ratio', fallback: string): void {
    row.hidden = !SHARED_FIELDS[kind].includes(field);
    const values = choices(kind, chosen, field);
    const label = (v: string | number): string => (field === 'duration_seconds' ? fill(s.seconds, v) : String(v));
    setOptions(el, [{ value: '', label: fallback }, ...values.map((v) => ({ value: String(v), label: label(v) }))], String(current?.form[field] ?? ''));
  }

  function render(m: FormModel): void {
    current = m;
    for (const k of kinds) k.input.checked = m.form.kind === k.k;
    const list = (m.models ?? []).filter((x) => modelOfKind(m.form.kind, x));
    if (m.models === null) {
      const retry = h('button', { type: 'button', id: 'c-models-retry', class: 'secondary' }, s.modelsRetry);
      retry.addEventListener('click', () => act.retryModels());
      modelList.replaceChildren(h('p', { class: m.modelsError ? 'c-error' : 'c-hint' }, m.modelsError ?? s.modelsLoading), ...(m.modelsError ? [retry] : []));
      modelList.dataset.key = '';
      rows.clear();
    } else renderModels(m, list);
    setValue(prompt, m.form.prompt);
    const waiting = tools?.render(m.form.kind) ?? false;
    const chosen = list.filter((x) => m.form.models.includes(x.id));
    renderField(duration, durationRow, m.form.kind, chosen, 'duration_seconds', s.durationDefault);
    renderField(count, countRow, m.form.kind, chosen, 'n', '1');
    renderField(ratio, ratioRow, m.form.kind, chosen, 'aspect_ratio', s.ratioDefault);
    setText(imageLabel, m.image?.label ?? '');
    imageThumb.hidden = !m.image?.thumb;
    if (m.image?.thumb) setAttr(imageThumb, 'src', m.image.thumb);
    removeImage.hidden = !m.image;
    setText(imageNote, m.imageNote ?? '');

    // The image lives beside the form (a token the host issued): it counts as set.
    const asked = m.image ? { ...m.form, image: m.image.source } : m.form;
    const lacking = chosen.flatMap((model) => unsupportedFields(asked, model).map((f) => fill(s.notSupported, s[`field.${f}`], model.id)));
    notes.replaceChildren(...lacking.map((t) => h('li', { class: 'c-unsupported' }, t)));

    const enough = m.form.models.length >= MIN_MODELS && m.form.prompt.trim() !== '';
    const c = m.check;
    setText(total, c?.ok ? (c.totalCents === undefined ? s.totalUnknown : fill(s.total, money(c.totalCents))) : '');
    setText(confirmNote, fill(s.confirmNote, money(m.confirmAboveCents)));
    // Nothing is called out before the person acts: with no model ticked yet the hint above the list
    // says what to do; one ticked model is asked for more.
    const tooFew = m.form.models.length > 0 && m.form.models.length < MIN_MODELS;
    const why = m.submitError ?? (c && !c.ok && enough ? c.message : tooFew ? s.pickModels : '');
    setText(problem, why);
    submit.disabled = m.busy || waiting || !enough || (c !== undefined && !c.ok);
    setText(submit, m.busy ? s.comparing : s.compare);
  }

  return { element, render, focus: () => prompt.focus() };
}
