// The operations' form (ids o-…), the page's third form beside the video one (f-…) and the
// image/audio one (m-…): the model (its price per minute), the source file, the operation's own
// fields (a group per operation with `panel: true`), the problems placed as every form places them,
// and the footer with the price of the chosen file before Generate. Built from the same pieces as
// formView.ts; no prompt, no input images, no Advanced.
import type { Strings } from '../protocol';
import type { PanelOperation } from '../protocolConstants';
import { formElement } from '../../webview/browser/dom';
import { createFormFooter, footerStateOf } from './formFooter';
import { operationModelLabel } from './formLabels';
import type { FormViewModel } from './formView';
import { createModelField, type ModelFieldActions } from './modelField';
import { createDubFields, createFileField, createLanguageFields, createVoiceFields, type FileFieldActions, type OperationChange, type OperationGroup } from './operationFields';
import type { OperationForm } from './operationForm';
import { createProblemPlacement } from './problemPlacement';
import { h } from '../../webview/browser/dom';

/** The form's fields with a control of their own, in the order the keyboard visits them. */
export const OPERATION_FIELDS = ['model', 'file', 'language', 'target_lang', 'source_lang', 'voice'] as const;

export interface OperationViewModel extends FormViewModel<OperationForm> {
  kind: PanelOperation;
  /** Why a chosen or dropped file was refused. */
  mediaNotices: readonly string[];
}

export interface OperationActions extends ModelFieldActions, FileFieldActions {
  change: OperationChange;
  generate(): void;
  retryVoices(): void;
  previewVoice(voiceId: string): void;
  raiseBudget(): void;
}

export interface OperationView {
  element: HTMLElement;
  render(vm: OperationViewModel): void;
  focusFirstInvalid(): void;
}

export function createOperationView(s: Strings, act: OperationActions, languages: readonly string[]): OperationView {
  const messages = new Map<string, HTMLElement>();
  const msg = (field: string): HTMLElement => {
    let el = messages.get(field);
    if (!el) messages.set(field, (el = h('div', { class: 'message', id: `o-msg-${field}` })));
    return el;
  };
  // No "Make default": an operation has no default-model setting (the last model used is remembered).
  const model = createModelField(s, act, msg('model'), { prefix: 'o-', descId: 'o-desc-model', setDefault: false });
  const file = createFileField(s, act, msg('file'));
  const groups: Record<PanelOperation, OperationGroup> = {
    transcribe: createLanguageFields(s, act.change, msg, languages),
    dub: createDubFields(s, act.change, msg, languages),
    voiceChange: createVoiceFields(s, act.change, msg, act),
  };
  const footer = createFormFooter(s, 'o-', () => act.raiseBudget());
  let group: OperationGroup | undefined;
  const controlFor = (field: string): HTMLElement | undefined => (field === 'model' ? model.control : field === 'file' ? file.control : group?.controls[field]);
  const placement = createProblemPlacement('o-msg-form', {
    fields: OPERATION_FIELDS,
    promptFields: [],
    message: msg,
    invalidTarget: (field) => (field === 'file' ? file.element : controlFor(field)),
    control: controlFor,
  });
  const form = formElement(
    'o-form',
    s.generate,
    () => act.generate(),
    model.element,
    file.element,
    ...Object.values(groups).flatMap((g) => g.elements),
    placement.formMessage,
    footer.footer,
    footer.hint,
  );

  function render(vm: OperationViewModel): void {
    const { kind, form: f } = vm;
    group = groups[kind];
    const selected = vm.models?.find((m) => m.id === f.model);
    model.setTexts(s.mediaModelsLoading, s[`noModels.${kind}`]);
    model.render({
      models: vm.models?.map((m) => ({ id: m.id, label: operationModelLabel(m, s) })) ?? null,
      modelsError: vm.modelsError,
      selected: f.model,
    });
    file.render(f.file, vm.mediaNotices);
    for (const g of Object.values(groups)) for (const el of g.elements) el.hidden = g !== group;
    group.render(f, vm.voices, vm.preview, vm.busy);
    const pending = group.pending?.(vm.voices) ?? [];
    const shown = pending.length > 0 ? { ...vm, problems: vm.problems.filter((q) => !pending.includes(q.field)) } : vm;
    const placed = placement.render(shown, '', '');
    footer.render(footerStateOf(vm, !!selected, placed));
  }

  return { element: form, render, focusFirstInvalid: placement.focusFirstInvalid };
}
