// The form: built once from its pieces (model, video fields, prompt, images, advanced, footer), then
// `render` brings every control in line with the state. Controls are never rebuilt while typing
// (values are written only when they differ), so focus and caret stay. Problems are placed here: one
// message per field, next to its control.
import { formatMoneyCents as formatCents } from '../../l10n/format';
import { pageLocale } from './locale';
import type { VideoModel } from '../../api/models';
import type { Strings } from '../protocol';
import { createAdvancedField } from './advancedField';
import { formElement, h } from '../../webview/browser/dom';
import { createFormFooter } from './formFooter';
import type { FormBasics } from './formCommon';
import { formCostCents, imagesForMode, type FormState } from './formModel';
import { createImageField, type ImageFieldActions } from './imageField';
import { createModelField, type ModelFieldActions } from './modelField';
import { createProblemPlacement } from './problemPlacement';
import { promptCount } from './promptCount';
import { createPromptField } from './promptField';
import { fill } from '../../webview/browser/text';
import { createVideoFields } from './videoFields';

export interface FormViewModel extends FormBasics {
  form: FormState;
  /** null while loading. */
  models: VideoModel[] | null;
  modelsError?: string;
  defaultModel?: string;
}

export interface FormActions extends ModelFieldActions, ImageFieldActions {
  change(mutate: (form: FormState) => FormState, touched?: string): void;
  generate(): void;
  clearRecentPrompts(): void;
  raiseBudget(): void;
}

/**
 * Fields with a control of their own, in the order the keyboard visits them (kind switch → model →
 * prompt → the other fields → Generate); problems on any other field show above the Generate button.
 */
const FIELDS = ['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed'] as const;
type Field = (typeof FIELDS)[number];

export interface FormView {
  element: HTMLElement;
  render(vm: FormViewModel): void;
  focusFirstInvalid(): void;
}

export function createFormView(s: Strings, act: FormActions): FormView {
  const msg = {} as Record<Field, HTMLElement>;
  for (const f of FIELDS) msg[f] = h('div', { class: 'message', id: `msg-${f}` });

  const model = createModelField(s, act, msg.model, { prefix: 'f-', descId: 'desc-model', loading: s.modelsLoading, none: s.noVideoModels, setDefault: true });
  const video = createVideoFields(s, act.change, msg);
  const promptField = createPromptField(
    s,
    'f-',
    { prompt: (text) => act.change((f) => (text === undefined ? f : { ...f, prompt: text }), 'prompt'), clearRecentPrompts: act.clearRecentPrompts },
    msg.prompt,
  );
  const prompt = promptField.textarea;
  const images = createImageField(s, act, msg.input_images);
  const advanced = createAdvancedField(s, act.change, msg.seed);
  const footer = createFormFooter(s, 'f-', () => act.raiseBudget());

  const controlFor: Record<Field, HTMLElement> = {
    model: model.control,
    prompt,
    input_images: images.control,
    seed: advanced.seed,
    ...video.controls,
  };
  const placement = createProblemPlacement('msg-form', {
    fields: FIELDS,
    promptFields: ['prompt'],
    message: (field) => msg[field as Field],
    // The radio buttons and the images are marked as a group.
    invalidTarget: (field) => (field === 'mode' ? video.mode : field === 'input_images' ? images.element : controlFor[field as Field]),
    control: (field) => controlFor[field as Field],
    alsoTouchedBy: { input_images: ['mode'] },
  });
  const formMsg = placement.formMessage;

  const form = formElement(
    'f-form',
    s.generate,
    () => act.generate(),
    model.element,
    promptField.element,
    video.mode,
    video.duration,
    video.pair,
    images.element,
    advanced.element,
    formMsg,
    footer.footer,
    footer.hint,
  );

  function render(vm: FormViewModel): void {
    const { form: f } = vm;
    const selected = vm.models?.find((m) => m.id === f.model);
    model.render({
      models: vm.models?.map((m) => ({ id: m.id, label: fill(s.modelOption, m.id, formatCents(m.video_caps.price_per_second_cents, pageLocale())) })) ?? null,
      modelsError: vm.modelsError,
      defaultModel: vm.defaultModel,
      selected: f.model,
    });
    video.render(f, selected);
    promptField.render(f.prompt, vm.recentPrompts, s.prompt, s.promptPlaceholder, promptCount(s, 'video', f.prompt, selected));
    images.render({
      mode: f.mode,
      images: imagesForMode(f.mode, f.images),
      hint: f.mode === 'reference' ? s.imagesHintReference : s.imagesHintImage,
      imageNotices: vm.imageNotices,
      urlDraft: vm.urlDraft,
      urlInvalid: vm.urlInvalid,
    });
    const placed = placement.render(vm, f.prompt, s.promptRequired);
    advanced.render(f, placed.byField);
    const cents = formCostCents(f, selected);
    footer.render({
      blocked: vm.problems.length > 0 || !selected || vm.busy,
      busy: vm.busy,
      cost: cents === undefined ? undefined : { cents },
      confirmCostAboveCents: vm.confirmCostAboveCents,
      unseenText: placed.unseenText,
      budget: placed.budget,
    });
  }

  return { element: form, render, focusFirstInvalid: placement.focusFirstInvalid };
}
