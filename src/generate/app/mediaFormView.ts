// The image, speech, music and sound-effect form: one form whose fields follow the chosen kind, built
// once; `render` brings the controls in line with that kind's state (values written only when they
// differ, so focus and caret stay). Problems are placed next to their controls, one per field.
import type { CostEstimate } from '../../api/rules/cost';
import type { Model } from '../../api/schemas/schemas';
import type { Strings } from '../protocol';
import type { MediaKind } from '../protocolConstants';
import { createAdvancedField } from './advancedField';
import { formElement, h } from '../../webview/browser/dom';
import type { FormBasics } from './formCommon';
import { createFormFooter } from './formFooter';
import { createImageField, type ImageFieldActions } from './imageField';
import type { MediaForm } from './mediaForm';
import { createImageKindFields, createMusicFields, createSfxFields, type FieldGroup, type MediaChange } from './mediaFields';
import { modelOptionLabel } from './mediaLabels';
import { createModelField, type ModelFieldActions } from './modelField';
import { createProblemPlacement } from './problemPlacement';
import { promptCount } from './promptCount';
import { createPromptField } from './promptField';
import { createSpeechFields, voicesPending, type PreviewState, type VoicesState } from './speechFields';

export interface MediaFormViewModel extends FormBasics {
  kind: MediaKind;
  form: MediaForm;
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

export interface MediaFormActions extends ModelFieldActions, ImageFieldActions {
  change: MediaChange;
  generate(): void;
  previewVoice(voiceId: string): void;
  retryVoices(): void;
  clearRecentPrompts(): void;
  raiseBudget(): void;
}

/** Fields with a control of their own (speech's text is `input`); others show above the Generate button. */
const FIELDS = [
  'model',
  'prompt',
  'input',
  'n',
  'aspect_ratio',
  'input_images',
  'seed',
  'voice',
  'speed',
  'response_format',
  'music_length_ms',
  'duration_seconds',
  'prompt_influence',
] as const;

export interface MediaFormView {
  element: HTMLElement;
  render(vm: MediaFormViewModel): void;
  focusFirstInvalid(): void;
}

export function createMediaFormView(s: Strings, act: MediaFormActions): MediaFormView {
  const messages = new Map<string, HTMLElement>();
  const msg = (field: string): HTMLElement => {
    let el = messages.get(field);
    if (!el) messages.set(field, (el = h('div', { class: 'message', id: `m-msg-${field}` })));
    return el;
  };

  const model = createModelField(s, act, msg('model'), {
    prefix: 'm-',
    descId: 'm-desc-model',
    loading: s.mediaModelsLoading,
    none: s['noModels.image'],
    setDefault: true,
  });
  const promptField = createPromptField(
    s,
    'm-',
    { prompt: (text) => act.change((f) => (text === undefined ? f : { ...f, prompt: text }), 'prompt'), clearRecentPrompts: act.clearRecentPrompts },
    msg('prompt'),
    msg('input'), // speech's text problems show under the prompt
  );
  const prompt = promptField.textarea;
  const speech = createSpeechFields(s, act.change, msg, { previewVoice: (id) => act.previewVoice(id), retryVoices: () => act.retryVoices() });
  const groups: Record<MediaKind, FieldGroup> = {
    image: createImageKindFields(s, act.change, msg),
    speech,
    music: createMusicFields(s, act.change, msg),
    sfx: createSfxFields(s, act.change, msg),
  };
  const images = createImageField(s, act, msg('input_images'), 'm-');
  const advanced = createAdvancedField<MediaForm>(s, act.change, msg('seed'), { prefix: 'm-', sound: false });
  const footer = createFormFooter(s, 'm-', () => act.raiseBudget());

  let kind: MediaKind = 'image';
  const controlFor = (field: string): HTMLElement | undefined => {
    if (field === 'model') return model.control;
    if (field === 'prompt' || field === 'input') return prompt;
    if (field === 'input_images') return images.control;
    if (field === 'seed') return advanced.seed;
    return groups[kind].controls[field];
  };
  const placement = createProblemPlacement('m-msg-form', {
    fields: FIELDS,
    promptFields: ['prompt', 'input'],
    message: msg,
    invalidTarget: (field) => (field === 'input_images' ? images.element : controlFor(field)),
    control: controlFor,
  });
  const formMsg = placement.formMessage;

  const form = formElement(
    'm-form',
    s.generate,
    () => act.generate(),
    model.element,
    promptField.element,
    ...Object.values(groups).map((g) => g.element),
    images.element,
    advanced.element,
    formMsg,
    footer.footer,
    footer.hint,
  );

  function render(vm: MediaFormViewModel): void {
    kind = vm.kind;
    const f = vm.form;
    const selected = vm.models?.find((m) => m.id === f.model);
    model.setTexts(s.mediaModelsLoading, s[`noModels.${kind}`]);
    model.render({
      models: vm.models?.map((m) => ({ id: m.id, label: modelOptionLabel(kind, m, s) })) ?? null,
      modelsError: vm.modelsError,
      ...(vm.defaultModel !== undefined ? { defaultModel: vm.defaultModel } : {}),
      selected: f.model,
    });
    const cents = vm.cost && 'cents' in vm.cost ? vm.cost.cents : undefined;
    promptField.render(f.prompt, vm.recentPrompts, kind === 'speech' ? s.speechText : s.prompt, s[`promptPlaceholder.${kind}`], promptCount(s, kind, f.prompt, selected, cents));
    for (const [k, group] of Object.entries(groups)) {
      group.element.hidden = k !== kind;
      if (k === kind) group.render(f, selected);
    }
    if (kind === 'speech') speech.renderVoices(f, vm.voices, vm.preview, vm.busy);
    images.render({
      mode: kind === 'image' && vm.takesImages ? 'reference' : 'text',
      images: f.images,
      hint: s.imagesHintEdit,
      imageNotices: vm.imageNotices,
      urlDraft: vm.urlDraft,
      urlInvalid: vm.urlInvalid,
    });
    advanced.element.hidden = kind !== 'image';
    // Until the voices are listed, the voice line says why it is empty ("Loading voices…", or the
    // failure with Retry) instead of "voice must be chosen"; Generate stays disabled all the same.
    const pending = kind === 'speech' && voicesPending(vm.voices);
    const shown = pending ? { ...vm, problems: vm.problems.filter((p) => p.field !== 'voice') } : vm;
    const placed = placement.render(shown, f.prompt, s[`promptRequired.${kind}`]);
    if (kind === 'image') advanced.render(f, placed.byField);
    footer.render({
      blocked: vm.problems.length > 0 || !selected || vm.busy,
      busy: vm.busy,
      cost: vm.cost,
      confirmCostAboveCents: vm.confirmCostAboveCents,
      unseenText: placed.unseenText,
      budget: placed.budget,
    });
  }

  return { element: form, render, focusFirstInvalid: placement.focusFirstInvalid };
}
