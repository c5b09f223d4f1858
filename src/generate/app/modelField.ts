// A form's model row: the select (each model with its price), "Make default" (every kind), "Refresh
// models", and the line under it (loading, the load error with Retry, none available, or "Default
// model"). Shared by the video form (ids f-…) and the image/audio form (ids m-…).
import type { Strings } from '../protocol';
import { append, h, setOptions } from '../../webview/browser/dom';

export interface ModelFieldActions {
  selectModel(id: string): void;
  requestModels(refresh: boolean): void;
  setDefaultModel(id: string): void;
}

export interface ModelOption {
  id: string;
  label: string;
}

export interface ModelFieldState {
  /** null while loading. */
  models: ModelOption[] | null;
  modelsError?: string;
  defaultModel?: string;
  selected: string;
}

export interface ModelFieldOptions {
  /** 'f-' (video) or 'm-' (image/audio). */
  prefix: string;
  /** The id of the line under the select. */
  descId: string;
  /** Offer "Make default" (writes the kind's default-model setting). */
  setDefault: boolean;
}

export interface ModelField {
  element: HTMLElement;
  control: HTMLSelectElement;
  render(state: ModelFieldState): void;
  /** The texts that depend on the kind (the image/audio form shows one kind at a time). */
  setTexts(loading: string, none: string): void;
}

export function createModelField(s: Strings, act: ModelFieldActions, message: HTMLElement, o: ModelFieldOptions): ModelField {
  const p = o.prefix;
  const select = h('select', { id: `${p}model`, 'aria-describedby': `${message.id} ${o.descId}` });
  select.addEventListener('change', () => act.selectModel(select.value));
  const refreshBtn = h('button', { type: 'button', class: 'secondary', id: `${p}refresh`, title: s.refresh }, s.refresh);
  refreshBtn.addEventListener('click', () => act.requestModels(true));
  const defaultBtn = h('button', { type: 'button', class: 'secondary', id: `${p}default` }, s.setDefault);
  defaultBtn.addEventListener('click', () => act.setDefaultModel(select.value));
  const desc = h('div', { class: 'description', id: o.descId });
  const retryBtn = h('button', { type: 'button', class: 'secondary', id: `${p}retry` }, s.modelsRetry);
  retryBtn.addEventListener('click', () => act.requestModels(false));
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: `${p}model` }, s.model),
    h('div', { class: 'row' }, select, o.setDefault && defaultBtn, refreshBtn),
    desc,
    message,
  );
  // The kind's texts (setTexts, before each render): one field serves every kind of its form.
  let loading = '';
  let none = '';

  function render(vm: ModelFieldState): void {
    const model = vm.models?.find((m) => m.id === vm.selected);
    const options = (vm.models ?? []).map((m) => ({ value: m.id, label: m.label }));
    setOptions(select, options, vm.selected);
    select.disabled = options.length === 0;
    desc.replaceChildren();
    if (vm.models === null && vm.modelsError === undefined) append(desc, loading);
    else if (vm.modelsError !== undefined) append(desc, h('span', { class: 'error-text' }, vm.modelsError), ' ', retryBtn);
    else if (options.length === 0) append(desc, none);
    else if (o.setDefault && model && vm.defaultModel === model.id) append(desc, s.isDefault);
    defaultBtn.hidden = !model || vm.defaultModel === model.id;
    refreshBtn.disabled = vm.models === null && vm.modelsError === undefined;
  }

  function setTexts(l: string, n: string): void {
    loading = l;
    none = n;
  }

  return { element, control: select, render, setTexts };
}
