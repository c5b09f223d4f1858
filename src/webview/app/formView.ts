// The form: built once from its pieces (model, video fields, prompt, images, advanced, footer), then
// `render` brings every control in line with the state. Controls are never rebuilt while typing
// (values are written only when they differ), so focus and caret stay. Problems are placed here: one
// message per field, next to its control.
import type { VideoModel } from '../../api/models';
import type { Problem, Strings } from '../protocol';
import { createAdvancedField } from './advancedField';
import { h, setAttr, setText, setValue } from './dom';
import { createFormFooter } from './formFooter';
import { formCostCents, problemsByField, type FormState } from './formModel';
import { createImageField, type ImageFieldActions } from './imageField';
import { createModelField, type ModelFieldActions } from './modelField';
import { createVideoFields } from './videoFields';

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

export interface FormActions extends ModelFieldActions, ImageFieldActions {
  change(mutate: (form: FormState) => FormState, touched?: string): void;
  generate(): void;
}

/** Fields with a control of their own; problems on any other field show above the Generate button. */
const FIELDS = ['model', 'mode', 'prompt', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed'] as const;
type Field = (typeof FIELDS)[number];

export interface FormView {
  element: HTMLElement;
  render(vm: FormViewModel): void;
  focusFirstInvalid(): void;
}

export function createFormView(s: Strings, act: FormActions): FormView {
  const msg = {} as Record<Field, HTMLElement>;
  for (const f of FIELDS) msg[f] = h('div', { class: 'message', id: `msg-${f}` });

  const model = createModelField(s, act, msg.model);
  const video = createVideoFields(s, act.change, msg);
  const prompt = h('textarea', { id: 'f-prompt', rows: 5, placeholder: s.promptPlaceholder, 'aria-describedby': 'msg-prompt' });
  prompt.addEventListener('input', () => act.change((f) => ({ ...f, prompt: prompt.value }), 'prompt'));
  prompt.addEventListener('blur', () => act.change((f) => f, 'prompt'));
  prompt.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      act.generate();
    }
  });
  const images = createImageField(s, act, msg.input_images);
  const advanced = createAdvancedField(s, act.change, msg.seed);
  const formMsg = h('div', { class: 'message form-message', id: 'msg-form', role: 'alert' });
  const footer = createFormFooter(s);

  const form = h(
    'form',
    { id: 'f-form', novalidate: true, 'aria-label': s.generate },
    model.element,
    video.mode,
    h('div', { class: 'field' }, h('label', { for: 'f-prompt' }, s.prompt), prompt, msg.prompt),
    video.duration,
    video.pair,
    images.element,
    advanced.element,
    formMsg,
    footer.footer,
    footer.hint,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act.generate();
  });

  const controlFor: Record<Field, HTMLElement> = {
    model: model.control,
    prompt,
    input_images: images.control,
    seed: advanced.seed,
    ...video.controls,
  };
  /** Where aria-invalid goes: the group for the radio buttons and the images. */
  const invalidTarget = (field: Field): HTMLElement => (field === 'mode' ? video.mode : field === 'input_images' ? images.element : controlFor[field]);

  let lastVm: FormViewModel | undefined;

  function render(vm: FormViewModel): void {
    lastVm = vm;
    const { form: f } = vm;
    const selected = vm.models?.find((m) => m.id === f.model);
    model.render({ models: vm.models, modelsError: vm.modelsError, defaultModel: vm.defaultModel, selected: f.model });
    video.render(f, selected);
    setValue(prompt, f.prompt);
    images.render(vm);
    const byField = problemsByField([...vm.problems, ...vm.hostProblems]);
    advanced.render(f, byField);

    const shown = new Set<string>();
    for (const field of FIELDS) {
      const p = byField.get(field);
      const visible = p !== undefined && (field !== 'prompt' || vm.touched.has('prompt') || f.prompt !== '' || isHost(vm, p));
      const text = visible ? (field === 'prompt' && !isHost(vm, p) ? s.promptRequired : p.message) : '';
      setText(msg[field], text);
      setAttr(invalidTarget(field), 'aria-invalid', visible ? 'true' : undefined);
      if (visible) shown.add(field);
    }
    const elsewhere = [...byField.values()].filter((p) => !FIELDS.includes(p.field as Field) && !p.field.startsWith('extra.'));
    setText(formMsg, elsewhere.map((p) => p.message).join(' '));

    footer.render({
      blocked: vm.problems.length > 0 || !selected || vm.busy,
      busy: vm.busy,
      cents: formCostCents(f, selected),
      confirmCostAboveCents: vm.confirmCostAboveCents,
      unseen: vm.problems.find((p) => !shown.has(p.field) && FIELDS.includes(p.field as Field)),
    });
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
