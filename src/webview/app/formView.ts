// The form: built once, then `render` brings every control in line with the state. Controls are
// never rebuilt while typing (values are written only when they differ), so focus and caret stay.
import { formatCents } from '../../api/cost';
import type { VideoModel } from '../../api/models';
import type { VideoMode } from '../../api/schemas';
import type { Problem, Strings } from '../protocol';
import { append, h, setAttr, setOptions, setText, setValue } from './dom';
import { fill, formCostCents, imagesForMode, parseUriList, problemsByField, type FormState } from './formModel';

export interface FormViewModel {
  form: FormState;
  /** null while loading. */
  models: VideoModel[] | null;
  modelsError?: string;
  defaultModel?: string;
  confirmCostAboveCents: number;
  busy: boolean;
  /** The form's own and the shared validation's problems: they block Generate. */
  problems: Problem[];
  /** What the host refused or reported last (shown until the next edit; not blocking). */
  hostProblems: Problem[];
  /** Fields the user has edited: an empty prompt is not an error before that. */
  touched: ReadonlySet<string>;
  imageNotices: string[];
  urlDraft: string;
  urlInvalid: boolean;
}

export interface FormActions {
  change(mutate: (form: FormState) => FormState, touched?: string): void;
  selectModel(id: string): void;
  requestModels(refresh: boolean): void;
  setDefaultModel(id: string): void;
  pickImages(multi: boolean): void;
  dropUris(uris: string[]): void;
  setUrlDraft(text: string): void;
  addUrl(): void;
  removeImage(source: string): void;
  generate(): void;
}

/** Fields with a control of their own; problems on any other field show above the Generate button. */
const FIELDS = ['model', 'mode', 'prompt', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed'] as const;
type Field = (typeof FIELDS)[number];
const MODES: readonly VideoMode[] = ['text', 'image', 'reference'];

export interface FormView {
  element: HTMLElement;
  render(vm: FormViewModel): void;
  focusFirstInvalid(): void;
}

export function createFormView(s: Strings, act: FormActions): FormView {
  const msg = {} as Record<Field, HTMLElement>;
  for (const f of FIELDS) msg[f] = h('div', { class: 'message', id: `msg-${f}` });

  // -- model
  const modelSelect = h('select', { id: 'f-model', 'aria-describedby': 'msg-model desc-model' });
  modelSelect.addEventListener('change', () => act.selectModel(modelSelect.value));
  const refreshBtn = h('button', { type: 'button', class: 'secondary', id: 'f-refresh', title: s.refresh }, s.refresh);
  refreshBtn.addEventListener('click', () => act.requestModels(true));
  const defaultBtn = h('button', { type: 'button', class: 'secondary', id: 'f-default' }, s.setDefault);
  defaultBtn.addEventListener('click', () => act.setDefaultModel(modelSelect.value));
  const modelDesc = h('div', { class: 'description', id: 'desc-model' });
  const retryBtn = h('button', { type: 'button', class: 'secondary', id: 'f-retry' }, s.modelsRetry);
  retryBtn.addEventListener('click', () => act.requestModels(false));

  // -- mode
  const modeInputs = new Map<VideoMode, { label: HTMLLabelElement; input: HTMLInputElement }>();
  for (const mode of MODES) {
    const input = h('input', { type: 'radio', name: 'mode', value: mode, id: `f-mode-${mode}` });
    input.addEventListener('change', () => {
      if (input.checked) act.change((f) => ({ ...f, mode }), 'mode');
    });
    modeInputs.set(mode, { input, label: h('label', { class: 'radio', for: `f-mode-${mode}` }, input, s[`mode.${mode}`]) });
  }
  const modeGroup = h(
    'fieldset',
    { class: 'field', id: 'field-mode', 'aria-describedby': 'msg-mode' },
    h('legend', {}, s.mode),
    h('div', { class: 'radios' }, ...MODES.map((m) => modeInputs.get(m)?.label)),
    msg.mode,
  );

  // -- prompt
  const prompt = h('textarea', { id: 'f-prompt', rows: 5, placeholder: s.promptPlaceholder, 'aria-describedby': 'msg-prompt' });
  prompt.addEventListener('input', () => act.change((f) => ({ ...f, prompt: prompt.value }), 'prompt'));
  prompt.addEventListener('blur', () => act.change((f) => f, 'prompt'));
  prompt.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      act.generate();
    }
  });

  // -- duration
  const duration = h('input', { type: 'range', id: 'f-duration', step: 1, 'aria-describedby': 'msg-duration_seconds' });
  const durationOut = h('output', { for: 'f-duration', id: 'f-duration-out' });
  duration.addEventListener('input', () => act.change((f) => ({ ...f, duration_seconds: Number(duration.value) }), 'duration_seconds'));

  // -- ratio, quality
  const ratio = h('select', { id: 'f-ratio', 'aria-describedby': 'msg-aspect_ratio' });
  ratio.addEventListener('change', () => act.change((f) => ({ ...f, aspect_ratio: ratio.value }), 'aspect_ratio'));
  const quality = h('select', { id: 'f-quality', 'aria-describedby': 'msg-quality' });
  quality.addEventListener('change', () => act.change((f) => ({ ...f, quality: quality.value }), 'quality'));
  const ratioField = h('div', { class: 'field' }, h('label', { for: 'f-ratio' }, s.aspectRatio), ratio, msg.aspect_ratio);
  const qualityField = h('div', { class: 'field' }, h('label', { for: 'f-quality' }, s.quality), quality, msg.quality);

  // -- images
  const imagesHint = h('div', { class: 'description', id: 'desc-images' });
  const addBtn = h('button', { type: 'button', class: 'secondary', id: 'f-add-images' }, s.addFromWorkspace);
  let currentMode: VideoMode = 'text';
  addBtn.addEventListener('click', () => act.pickImages(currentMode === 'reference'));
  const thumbs = h('ul', { class: 'thumbs', id: 'f-thumbs', 'aria-label': s.images });
  const notices = h('div', { class: 'message', id: 'f-image-notices' });
  const dropZone = h('div', { class: 'dropzone', id: 'f-drop' }, s.dropHere);
  const urlInput = h('input', { type: 'url', id: 'f-url', placeholder: 'https://', 'aria-describedby': 'msg-url' });
  const urlMsg = h('div', { class: 'message', id: 'msg-url' });
  urlInput.addEventListener('input', () => act.setUrlDraft(urlInput.value));
  urlInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      act.addUrl();
    }
  });
  const urlBtn = h('button', { type: 'button', class: 'secondary', id: 'f-add-url' }, s.addUrl);
  urlBtn.addEventListener('click', () => act.addUrl());
  const imagesField = h(
    'fieldset',
    { class: 'field images', id: 'field-images', 'aria-describedby': 'desc-images msg-input_images' },
    h('legend', {}, s.images),
    imagesHint,
    thumbs,
    h('div', { class: 'row' }, addBtn),
    dropZone,
    h('label', { for: 'f-url' }, s.imageUrl),
    h('div', { class: 'row' }, urlInput, urlBtn),
    urlMsg,
    notices,
    msg.input_images,
  );
  wireDrop(imagesField, dropZone, act);

  // -- advanced
  const seed = h('input', { type: 'text', inputmode: 'numeric', id: 'f-seed', 'aria-describedby': 'msg-seed', autocomplete: 'off' });
  seed.addEventListener('input', () => act.change((f) => ({ ...f, seed: seed.value }), 'seed'));
  const sound = h('input', { type: 'checkbox', id: 'f-sound' });
  sound.addEventListener('change', () => act.change((f) => ({ ...f, sound: sound.checked }), 'sound'));
  const rows = h('div', { class: 'extra-rows', id: 'f-extra' });
  const addRowBtn = h('button', { type: 'button', class: 'secondary', id: 'f-add-param' }, s.addParam);
  let focusNewRow = false;
  addRowBtn.addEventListener('click', () => {
    focusNewRow = true;
    act.change((f) => ({ ...f, extraRows: [...f.extraRows, { key: '', value: '' }] }));
  });
  const advanced = h(
    'details',
    { class: 'advanced', id: 'f-advanced' },
    h('summary', {}, s.advanced),
    h('div', { class: 'field' }, h('label', { for: 'f-seed' }, s.seed), seed, msg.seed),
    h('div', { class: 'field checkbox' }, h('label', { for: 'f-sound', class: 'radio' }, sound, s.sound)),
    h('div', { class: 'field' }, h('div', { class: 'label', id: 'extra-label' }, s.extraParams), rows, h('div', { class: 'row' }, addRowBtn)),
  );

  // -- footer
  const formMsg = h('div', { class: 'message form-message', id: 'msg-form', role: 'alert' });
  const generateBtn = h('button', { type: 'submit', id: 'f-generate', 'aria-describedby': 'f-cost f-hint' }, s.generate);
  const cost = h('span', { class: 'cost', id: 'f-cost' });
  const hint = h('div', { class: 'description', id: 'f-hint' });

  const form = h(
    'form',
    { id: 'f-form', novalidate: true, 'aria-label': s.generate },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'f-model' }, s.model),
      h('div', { class: 'row' }, modelSelect, defaultBtn, refreshBtn),
      modelDesc,
      msg.model,
    ),
    modeGroup,
    h('div', { class: 'field' }, h('label', { for: 'f-prompt' }, s.prompt), prompt, msg.prompt),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'f-duration' }, s.duration),
      h('div', { class: 'row' }, duration, durationOut),
      msg.duration_seconds,
    ),
    h('div', { class: 'pair' }, ratioField, qualityField),
    imagesField,
    advanced,
    formMsg,
    h('div', { class: 'footer' }, generateBtn, cost),
    hint,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act.generate();
  });

  const controlFor: Record<Field, HTMLElement> = {
    model: modelSelect,
    mode: modeInputs.get('text')?.input ?? modelSelect,
    prompt,
    duration_seconds: duration,
    aspect_ratio: ratio,
    quality,
    input_images: addBtn,
    seed,
  };

  let lastVm: FormViewModel | undefined;

  function render(vm: FormViewModel): void {
    lastVm = vm;
    const { form: f } = vm;
    const model = vm.models?.find((m) => m.id === f.model);
    const caps = model?.video_caps;
    currentMode = f.mode;

    // model
    const options = (vm.models ?? []).map((m) => ({ value: m.id, label: fill(s.modelOption, m.id, formatCents(m.video_caps.price_per_second_cents)) }));
    setOptions(modelSelect, options, f.model);
    modelSelect.disabled = options.length === 0;
    modelDesc.replaceChildren();
    if (vm.models === null && vm.modelsError === undefined) append(modelDesc, s.modelsLoading);
    else if (vm.modelsError !== undefined) append(modelDesc, h('span', { class: 'error-text' }, vm.modelsError), ' ', retryBtn);
    else if (options.length === 0) append(modelDesc, s.noVideoModels);
    else if (model && vm.defaultModel === model.id) append(modelDesc, s.isDefault);
    defaultBtn.hidden = !model || vm.defaultModel === model.id;
    refreshBtn.disabled = vm.models === null && vm.modelsError === undefined;

    // mode
    for (const [mode, { input, label }] of modeInputs) {
      label.hidden = !!caps && !caps.modes.includes(mode);
      input.checked = f.mode === mode;
    }
    modeGroup.hidden = !caps || caps.modes.length < 2;

    setValue(prompt, f.prompt);

    // duration
    const min = caps?.min_duration_s ?? 0;
    const max = caps?.max_duration_s ?? 0;
    setAttr(duration, 'min', min);
    setAttr(duration, 'max', max);
    setValue(duration, String(f.duration_seconds));
    duration.disabled = !caps || min === max;
    const seconds = fill(s.seconds, f.duration_seconds);
    setText(durationOut, seconds);
    setAttr(duration, 'aria-valuetext', seconds);

    // ratio, quality
    setOptions(ratio, (caps?.aspect_ratios ?? []).map((r) => ({ value: r, label: r })), f.aspect_ratio);
    ratioField.hidden = !caps || caps.aspect_ratios.length === 0;
    setOptions(quality, (caps?.qualities ?? []).map((q) => ({ value: q, label: q })), f.quality);
    qualityField.hidden = !caps || caps.qualities.length === 0;

    // images
    imagesField.hidden = f.mode === 'text';
    setText(imagesHint, f.mode === 'reference' ? s.imagesHintReference : s.imagesHintImage);
    setText(addBtn, s.addFromWorkspace);
    renderThumbs(thumbs, imagesForMode(f.mode, f.images), s, act);
    setValue(urlInput, vm.urlDraft);
    setText(urlMsg, vm.urlInvalid ? s.urlInvalid : '');
    setAttr(urlInput, 'aria-invalid', vm.urlInvalid ? 'true' : undefined);
    notices.replaceChildren(...vm.imageNotices.map((n) => h('div', {}, n)));

    // advanced
    setValue(seed, f.seed);
    sound.checked = f.sound;
    if (f.seed !== '' || f.sound || f.extraRows.length > 0) advanced.open = true;
    const byField = problemsByField([...vm.problems, ...vm.hostProblems]);
    renderRows(rows, f, s, act, byField, focusNewRow);
    if (focusNewRow) focusNewRow = false;

    // problems: one message per field, next to its control
    const shown = new Set<string>();
    for (const field of FIELDS) {
      const p = byField.get(field);
      const visible = p !== undefined && (field !== 'prompt' || vm.touched.has('prompt') || f.prompt !== '' || isHost(vm, p));
      const text = visible ? (field === 'prompt' && !isHost(vm, p) ? s.promptRequired : p.message) : '';
      setText(msg[field], text);
      const control = field === 'mode' ? modeGroup : field === 'input_images' ? imagesField : controlFor[field];
      setAttr(control, 'aria-invalid', visible ? 'true' : undefined);
      if (visible) shown.add(field);
    }
    const elsewhere = [...byField.values()].filter((p) => !FIELDS.includes(p.field as Field) && !p.field.startsWith('extra.'));
    setText(formMsg, elsewhere.map((p) => p.message).join(' '));

    // footer
    const blocking = vm.problems.length > 0 || !model || vm.busy;
    generateBtn.disabled = blocking;
    setText(generateBtn, vm.busy ? s.generating : s.generate);
    setAttr(generateBtn, 'aria-busy', vm.busy ? 'true' : undefined);
    const cents = formCostCents(f, model);
    setText(cost, cents === undefined ? '' : fill(s.estimatedCost, formatCents(cents)));
    // Why Generate is disabled when the reason is not visible yet (the untouched empty prompt),
    // else a word about the confirmation that large amounts ask for.
    const unseen = vm.problems.find((p) => !shown.has(p.field) && FIELDS.includes(p.field as Field));
    if (unseen) setText(hint, unseen.field === 'prompt' ? s.promptRequired : unseen.message);
    else if (cents !== undefined && cents > vm.confirmCostAboveCents) setText(hint, fill(s.costConfirmNote, formatCents(vm.confirmCostAboveCents)));
    else setText(hint, '');
  }

  function focusFirstInvalid(): void {
    if (!lastVm) return;
    const fields = new Set([...lastVm.problems, ...lastVm.hostProblems].map((p) => p.field));
    const first = FIELDS.find((f) => fields.has(f));
    if (first) controlFor[first].focus();
  }

  return { element: form, render, focusFirstInvalid };
}

function isHost(vm: FormViewModel, p: Problem): boolean {
  return vm.hostProblems.includes(p);
}

/** Thumbnail items by source+thumb, reused across renders so images do not reload or flicker. */
const thumbItems = new Map<string, HTMLLIElement>();

function renderThumbs(list: HTMLUListElement, images: ReadonlyArray<{ source: string; label: string; thumb?: string }>, s: Strings, act: FormActions): void {
  const key = JSON.stringify(images.map((i) => [i.source, i.thumb ?? '']));
  if (list.dataset.key === key) return;
  const hadFocus = list.contains(document.activeElement);
  list.dataset.key = key;
  const items = images.map((img) => {
    const id = `${img.source}\n${img.thumb ?? ''}`;
    const cached = thumbItems.get(id);
    if (cached) return [id, cached] as const;
    const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': fill(s.remove, img.label), title: fill(s.remove, img.label) }, '×');
    remove.addEventListener('click', () => act.removeImage(img.source));
    // No thumbnail (big file) or one that fails to load (URL): the file type stands in.
    const placeholder = (): HTMLElement => h('div', { class: 'placeholder', 'aria-hidden': 'true' }, fileType(img.label));
    let picture: HTMLElement = placeholder();
    if (img.thumb) {
      const el = h('img', { src: img.thumb, alt: '', referrerpolicy: 'no-referrer' });
      el.addEventListener('error', () => el.replaceWith(placeholder()));
      picture = el;
    }
    return [id, h('li', { class: 'thumb' }, picture, h('span', { class: 'thumb-label', title: img.label }, img.label), remove)] as const;
  });
  thumbItems.clear();
  for (const [id, li] of items) thumbItems.set(id, li);
  list.replaceChildren(...items.map(([, li]) => li));
  list.hidden = images.length === 0;
  // The removed thumbnail had focus: keep the keyboard user in the list (or on the add button).
  if (hadFocus && !list.contains(document.activeElement)) {
    const next = list.querySelector('button');
    (next ?? document.getElementById('f-add-images'))?.focus();
  }
}

function fileType(label: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(label)?.[1];
  return ext ? ext.toUpperCase() : '…';
}

function renderRows(
  container: HTMLElement,
  f: FormState,
  s: Strings,
  act: FormActions,
  byField: Map<string, Problem>,
  focusLast: boolean,
): void {
  if (container.childElementCount !== f.extraRows.length) {
    const hadFocus = container.contains(document.activeElement);
    container.replaceChildren(
      ...f.extraRows.map((_, index) => {
        const key = h('input', { type: 'text', class: 'extra-key', 'aria-label': `${s.extraKey} ${index + 1}`, placeholder: s.extraKey, 'aria-describedby': `msg-extra-${index}`, autocomplete: 'off' });
        const value = h('input', { type: 'text', class: 'extra-value', 'aria-label': `${s.extraValue} ${index + 1}`, placeholder: s.extraValue, autocomplete: 'off' });
        const remove = h('button', { type: 'button', class: 'icon remove', 'aria-label': fill(s.removeParam, index + 1), title: fill(s.removeParam, index + 1) }, '×');
        const edit = (k: 'key' | 'value', v: string): void =>
          act.change((form) => ({ ...form, extraRows: form.extraRows.map((r, i) => (i === index ? { ...r, [k]: v } : r)) }), `extra.${index}`);
        key.addEventListener('input', () => edit('key', key.value));
        value.addEventListener('input', () => edit('value', value.value));
        remove.addEventListener('click', () => act.change((form) => ({ ...form, extraRows: form.extraRows.filter((_r, i) => i !== index) })));
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

/** Explorer drags arrive as uri lists; VS Code needs Shift held to drop into a webview. */
function wireDrop(area: HTMLElement, zone: HTMLElement, act: FormActions): void {
  const accepts = (e: DragEvent): boolean => {
    const types = Array.from(e.dataTransfer?.types ?? []);
    return types.includes('text/uri-list') || types.includes('application/vnd.code.uri-list') || types.includes('text/plain');
  };
  area.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    zone.classList.add('over');
  });
  area.addEventListener('dragleave', (e) => {
    if (!area.contains(e.relatedTarget as Node | null)) zone.classList.remove('over');
  });
  area.addEventListener('drop', (e) => {
    zone.classList.remove('over');
    const data = e.dataTransfer;
    if (!data) return;
    e.preventDefault();
    const text = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list') || data.getData('text/plain');
    const uris = parseUriList(text);
    if (uris.length > 0) act.dropUris(uris);
  });
}
