// A kind's form, built once from its pieces (model, prompt, the kind's field set, input images,
// advanced, footer); `render` brings every control in line with the state (values written only when
// they differ, so focus and caret stay). Problems are placed here, one message per field next to its
// control. One builder for every kind: the page holds two of its forms, the video one (ids f-…) and
// the image/audio one (ids m-…, its field set following the kind), as the panel always has.
import type { CostEstimate } from '../../api/rules/cost';
import type { Model } from '../../api/schemas/schemas';
import type { Strings } from '../protocol';
import type { PanelKind } from '../protocolConstants';
import { isKind } from '../../kinds';
import { createAdvancedField, type AdvancedState } from './advancedField';
import { formElement, h } from '../../webview/browser/dom';
import type { FormBasics } from './formCommon';
import { createFormFooter, footerStateOf } from './formFooter';
import { kindTexts, modelOptionLabel } from './formLabels';
import { createImageField, type ImageFieldActions, type ImageFieldState } from './imageField';
import { createModelField, type ModelFieldActions } from './modelField';
import { createProblemPlacement } from './problemPlacement';
import { promptCount } from './promptCount';
import { createPromptField } from './promptField';
import type { PreviewState, VoicesState } from './speechFields';

/** What every kind's form holds besides its own fields. */
export type FormFields = AdvancedState & { model: string; prompt: string; images: ImageFieldState['images'] };

export interface FormViewModel<F> extends FormBasics {
  kind: PanelKind;
  form: F;
  /** This kind's models; null while loading. */
  models: Model[] | null;
  /** The kind's default-model setting. */
  defaultModel?: string;
  modelsError?: string;
  /** Speech: the selected model's voices. */
  voices?: VoicesState;
  preview?: PreviewState;
  cost: CostEstimate | undefined;
  /** The model takes input images (image editing). */
  takesImages: boolean;
}

export type FormChange<F> = (mutate: (form: F) => F, touched?: string) => void;

export interface FormActions<F> extends ModelFieldActions, ImageFieldActions {
  change: FormChange<F>;
  generate(): void;
  previewVoice(voiceId: string): void;
  retryVoices(): void;
  clearRecentPrompts(): void;
  raiseBudget(): void;
}

/** A kind's own fields (video: mode, duration, ratio and quality; speech: voice, speed, format; …). */
export interface FieldGroup<F> {
  /** In form order, between the prompt and the input images. */
  elements: HTMLElement[];
  /** Where the keyboard goes for a problem with each field. */
  controls: Record<string, HTMLElement>;
  /** Where aria-invalid goes when not on the control (a group of radios). */
  invalidTargets?: Record<string, HTMLElement>;
  render(f: F, model: Model | undefined): void;
  /** The input images as the kind shows them; absent: it takes none. */
  images?(f: F, vm: FormViewModel<F>): Pick<ImageFieldState, 'mode' | 'images' | 'hint'>;
  /** The advanced section (seed, extra parameters) belongs to the kind. */
  advanced?: boolean;
  /** What depends on more than the form (speech: its voices and preview). */
  renderMore?(f: F, vm: FormViewModel<F>): void;
  /** Fields whose problem waits (speech's voice until its voices are listed: the line says why instead). */
  pending?(vm: FormViewModel<F>): readonly string[];
}

export interface FormViewOptions<F> {
  /** Put before control ids ('f-', 'm-') and before the others ('', 'm-'): two forms live in one page. */
  ids: { control: string; scope: string };
  /** Fields with a control of their own, in the order the keyboard visits them; others show above Generate. */
  fields: readonly string[];
  /** The field set of each kind this form shows. */
  groups: (change: FormChange<F>, msg: (field: string) => HTMLElement) => Partial<Record<PanelKind, FieldGroup<F>>>;
  /** Advanced offers "sound" (video). */
  sound: boolean;
  /** Other fields whose change counts as acting on this one (choosing image mode asks for the image). */
  alsoTouchedBy?: Readonly<Record<string, readonly string[]>>;
  /** A row under the prompt (Improve prompt), built with this form's control prefix. */
  promptTools?: (prefix: string) => { element: HTMLElement; /** true: Generate waits (a rewrite is streaming in). */ render(kind: PanelKind): boolean };
}

export interface FormView<F> {
  element: HTMLElement;
  render(vm: FormViewModel<F>): void;
  focusFirstInvalid(): void;
}

export function createFormView<F extends FormFields>(s: Strings, act: FormActions<F>, o: FormViewOptions<F>): FormView<F> {
  const { control: p, scope } = o.ids;
  const messages = new Map<string, HTMLElement>();
  const msg = (field: string): HTMLElement => {
    let el = messages.get(field);
    if (!el) messages.set(field, (el = h('div', { class: 'message', id: `${scope}msg-${field}` })));
    return el;
  };

  const model = createModelField(s, act, msg('model'), { prefix: p, descId: `${scope}desc-model`, setDefault: true });
  const promptField = createPromptField(
    s,
    p,
    { prompt: (text) => act.change((f) => (text === undefined ? f : { ...f, prompt: text }), 'prompt'), clearRecentPrompts: act.clearRecentPrompts },
    msg('prompt'),
    ...(o.fields.includes('input') ? [msg('input')] : []), // speech's text problems show under the prompt
  );
  const tools = o.promptTools?.(p);
  const groups = o.groups(act.change, msg);
  const images = createImageField(s, act, msg('input_images'), scope);
  const advanced = createAdvancedField<F>(s, act.change, msg('seed'), { prefix: scope, sound: o.sound });
  const footer = createFormFooter(s, p, () => act.raiseBudget());

  let group: FieldGroup<F> | undefined;
  const controlFor = (field: string): HTMLElement | undefined => {
    if (field === 'model') return model.control;
    if (field === 'prompt' || field === 'input') return promptField.textarea;
    if (field === 'input_images') return images.control;
    if (field === 'seed') return advanced.seed;
    return group?.controls[field];
  };
  const placement = createProblemPlacement(`${scope}msg-form`, {
    fields: o.fields,
    promptFields: ['prompt', 'input'],
    message: msg,
    // The radio buttons and the images are marked as a group.
    invalidTarget: (field) => (field === 'input_images' ? images.element : (group?.invalidTargets?.[field] ?? controlFor(field))),
    control: controlFor,
    ...(o.alsoTouchedBy ? { alsoTouchedBy: o.alsoTouchedBy } : {}),
  });

  const form = formElement(
    `${p}form`,
    s.generate,
    () => act.generate(),
    model.element,
    promptField.element,
    tools?.element,
    ...Object.values(groups).flatMap((g) => g.elements),
    images.element,
    advanced.element,
    placement.formMessage,
    footer.footer,
    footer.hint,
  );

  function render(vm: FormViewModel<F>): void {
    const { kind, form: f } = vm;
    if (!isKind(kind)) return; // the operations have their own form (operationView.ts)
    const texts = kindTexts(s, kind);
    group = groups[kind];
    const selected = vm.models?.find((m) => m.id === f.model);
    model.setTexts(texts.loading, texts.none);
    model.render({
      models: vm.models?.map((m) => ({ id: m.id, label: modelOptionLabel(kind, m, s) })) ?? null,
      modelsError: vm.modelsError,
      ...(vm.defaultModel !== undefined ? { defaultModel: vm.defaultModel } : {}),
      selected: f.model,
    });
    // Video's line counts against its limit alone; the others' (speech) add the price.
    const cents = kind !== 'video' && vm.cost && 'cents' in vm.cost ? vm.cost.cents : undefined;
    promptField.render(f.prompt, vm.recentPrompts, texts.prompt, texts.placeholder, promptCount(s, kind, f.prompt, selected, cents));
    const waiting = tools?.render(kind) ?? false;
    for (const g of Object.values(groups)) for (const el of g.elements) el.hidden = g !== group;
    group?.render(f, selected);
    group?.renderMore?.(f, vm);
    images.render({
      ...(group?.images?.(f, vm) ?? { mode: 'text', images: f.images, hint: s.imagesHintEdit }),
      imageNotices: vm.imageNotices,
      urlDraft: vm.urlDraft,
      urlInvalid: vm.urlInvalid,
    });
    advanced.element.hidden = !group?.advanced;
    const pending = group?.pending?.(vm) ?? [];
    const shown = pending.length > 0 ? { ...vm, problems: vm.problems.filter((q) => !pending.includes(q.field)) } : vm;
    const placed = placement.render(shown, f.prompt, texts.required);
    if (group?.advanced) advanced.render(f, placed.byField);
    const footerState = footerStateOf(vm, !!selected, placed);
    footer.render(waiting ? { ...footerState, blocked: true } : footerState);
  }

  return { element: form, render, focusFirstInvalid: placement.focusFirstInvalid };
}
