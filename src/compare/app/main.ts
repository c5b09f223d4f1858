// The comparison grid's webview app: plain DOM, no zod, no English of its own. The form (kind, models,
// prompt, shared fields) asks the host for the price and validity as it changes; Compare hands it to
// the host, which answers with the group; the grid then follows the group's jobs. The state survives
// hiding and reloads (setState: the host finds the group again by its id).
import type { CompareAppMessage } from '../protocol';
import type { CheckedMessage, CompareHostMessage } from '../constants';
import type { Model } from '../../api/schemas/schemas';
import { DEFAULT_CONFIRM_COST_ABOVE_CENTS } from '../../settingDefaults';
import { h } from '../../webview/browser/dom';
import { createFormView } from './formView';
import { createImprovePrompt } from '../../webview/browser/improvePrompt';
import type { CompareKind } from '../fields';
import { createGridView } from './gridView';
import { readStrings, restoreSession } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (m: CompareAppMessage): void => api.postMessage(m);
const strings = readStrings();
const session = restoreSession(api.getState());
const runtime: {
  models: Model[] | null;
  modelsError?: string;
  check?: CheckedMessage;
  seq: number;
  busy: boolean;
  submitError?: string;
  imageNote?: string;
  confirmAboveCents: number;
  /** Improve prompt is streaming into the prompt: Compare waits for it. */
  improving: boolean;
} = { models: null, seq: 0, busy: false, confirmAboveCents: DEFAULT_CONFIRM_COST_ABOVE_CENTS, improving: false };

// Improve prompt rewrites the one prompt for the first chosen model (its caps) and the shared fields.
const improve = createImprovePrompt<CompareKind>({
  strings,
  locale: () => document.documentElement.lang || 'en',
  prompt: () => session.form.prompt,
  setPrompt: (_kind, text) => {
    session.form = { ...session.form, prompt: text };
    requestCheck();
  },
  target: () => {
    const { models, duration_seconds, aspect_ratio, n } = session.form;
    return models[0] ? { model: models[0], choices: { duration_seconds, aspect_ratio, n } } : undefined;
  },
  post,
  improving: (on) => (runtime.improving = on),
  render: () => render(),
});

const formView = createFormView(
  strings,
  {
    change(form) {
      if (form.kind !== session.form.kind) delete session.image;
      session.form = form;
      runtime.submitError = undefined;
      requestCheck();
      render();
    },
    pickImage: () => post({ type: 'pickImage' }),
    removeImage() {
      delete session.image;
      delete session.form.image;
      requestCheck();
      render();
    },
    submit() {
      if (runtime.improving) return;
      runtime.submitError = undefined;
      post({ type: 'compare', form: withImage() });
    },
    retryModels: () => post({ type: 'requestModels', refresh: true }),
  },
  improve.row('c-'),
);

const gridView = createGridView(strings, {
  file: (action, localId, index) => post({ type: action, localId, ...(index !== undefined ? { index } : {}) }),
  retry: (model) => post({ type: 'retry', model }),
  keep: (localId) => post({ type: 'keep', localId }),
  newComparison() {
    session.view = 'form';
    render();
    formView.focus();
  },
  compareAgain: () => post({ type: 'compareAgain' }),
  sync(on) {
    session.sync = on;
    render();
  },
});

const root = document.getElementById('app') ?? document.body;
const formSection = h('section', { id: 'form-view', 'aria-label': strings.title }, formView.element);
root.replaceChildren(formSection, gridView.element);

function withImage() {
  return { ...session.form, ...(session.image ? { image: session.image.source } : {}) };
}

let checkTimer: ReturnType<typeof setTimeout> | undefined;
/** Price and validity of the form, asked once typing pauses; only the newest answer counts. */
function requestCheck(): void {
  clearTimeout(checkTimer);
  runtime.check = undefined;
  if (session.form.models.length === 0) return;
  checkTimer = setTimeout(() => post({ type: 'check', seq: ++runtime.seq, form: withImage() }), 250);
}

function render(): void {
  const showGrid = session.view === 'grid' && session.group !== undefined;
  formSection.hidden = showGrid;
  gridView.element.hidden = !showGrid;
  formView.render({
    form: session.form,
    ...(session.image ? { image: session.image } : {}),
    models: runtime.models,
    ...(runtime.modelsError !== undefined ? { modelsError: runtime.modelsError } : {}),
    ...(runtime.check ? { check: runtime.check } : {}),
    busy: runtime.busy,
    ...(runtime.submitError !== undefined ? { submitError: runtime.submitError } : {}),
    ...(runtime.imageNote !== undefined ? { imageNote: runtime.imageNote } : {}),
    confirmAboveCents: runtime.confirmAboveCents,
  });
  if (showGrid && session.group) gridView.render(session.group, session.sync);
  api.setState(session);
}

function receive(m: CompareHostMessage): void {
  if (improve.receive(m)) return render();
  switch (m.type) {
    case 'init':
      runtime.confirmAboveCents = m.confirmCostAboveCents;
      // A reload of VS Code forgets the host's image tokens: such an image is chosen again.
      if (session.image && session.image.source.startsWith('img:') && !m.imageTokens.includes(session.image.source)) delete session.image;
      requestCheck();
      break;
    case 'models':
      runtime.models = m.models;
      runtime.modelsError = undefined;
      requestCheck();
      break;
    case 'modelsError':
      runtime.modelsError = m.message;
      break;
    case 'checked':
      if (m.seq !== runtime.seq) return;
      runtime.check = m;
      break;
    case 'image':
      if (m.image) session.image = m.image;
      runtime.imageNote = m.rejected;
      requestCheck();
      break;
    case 'prefill':
      session.form = { ...m.form };
      delete session.form.image;
      if (m.image) session.image = m.image;
      else delete session.image;
      session.view = 'form';
      runtime.submitError = undefined;
      requestCheck();
      render();
      formView.focus();
      return;
    case 'group':
      session.group = m.group;
      session.groupId = m.group.id;
      if (m.reveal) {
        session.view = 'grid';
        render();
        gridView.focus();
        return;
      }
      break;
    case 'busy':
      runtime.busy = m.busy;
      break;
    case 'submitError':
      runtime.submitError = m.message;
      break;
  }
  render();
}

render();
setInterval(() => {
  if (!gridView.element.hidden) gridView.tick();
}, 1000);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') receive(data as CompareHostMessage);
});
post({ type: 'ready' });
