// The form's model row: the select (with each model's price), "Make default", "Refresh models", and
// the line under it (loading, the load error with Retry, none available, or "Default model").
import { formatCents } from '../../api/cost';
import type { VideoModel } from '../../api/models';
import type { Strings } from '../protocol';
import { append, h, setOptions } from './dom';
import { fill } from './formModel';

export interface ModelFieldActions {
  selectModel(id: string): void;
  requestModels(refresh: boolean): void;
  setDefaultModel(id: string): void;
}

export interface ModelFieldState {
  /** null while loading. */
  models: VideoModel[] | null;
  modelsError?: string;
  defaultModel?: string;
  selected: string;
}

export interface ModelField {
  element: HTMLElement;
  control: HTMLSelectElement;
  render(state: ModelFieldState): void;
}

export function createModelField(s: Strings, act: ModelFieldActions, message: HTMLElement): ModelField {
  const select = h('select', { id: 'f-model', 'aria-describedby': 'msg-model desc-model' });
  select.addEventListener('change', () => act.selectModel(select.value));
  const refreshBtn = h('button', { type: 'button', class: 'secondary', id: 'f-refresh', title: s.refresh }, s.refresh);
  refreshBtn.addEventListener('click', () => act.requestModels(true));
  const defaultBtn = h('button', { type: 'button', class: 'secondary', id: 'f-default' }, s.setDefault);
  defaultBtn.addEventListener('click', () => act.setDefaultModel(select.value));
  const desc = h('div', { class: 'description', id: 'desc-model' });
  const retryBtn = h('button', { type: 'button', class: 'secondary', id: 'f-retry' }, s.modelsRetry);
  retryBtn.addEventListener('click', () => act.requestModels(false));
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: 'f-model' }, s.model),
    h('div', { class: 'row' }, select, defaultBtn, refreshBtn),
    desc,
    message,
  );

  function render(vm: ModelFieldState): void {
    const model = vm.models?.find((m) => m.id === vm.selected);
    const options = (vm.models ?? []).map((m) => ({ value: m.id, label: fill(s.modelOption, m.id, formatCents(m.video_caps.price_per_second_cents)) }));
    setOptions(select, options, vm.selected);
    select.disabled = options.length === 0;
    desc.replaceChildren();
    if (vm.models === null && vm.modelsError === undefined) append(desc, s.modelsLoading);
    else if (vm.modelsError !== undefined) append(desc, h('span', { class: 'error-text' }, vm.modelsError), ' ', retryBtn);
    else if (options.length === 0) append(desc, s.noVideoModels);
    else if (model && vm.defaultModel === model.id) append(desc, s.isDefault);
    defaultBtn.hidden = !model || vm.defaultModel === model.id;
    refreshBtn.disabled = vm.models === null && vm.modelsError === undefined;
  }

  return { element, control: select, render };
}
