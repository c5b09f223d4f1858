// The "Generate Video" webview app: plain DOM. It owns the form's contents (persisted with setState,
// so they survive the panel being hidden or VS Code reloading) and renders what the host reports.
import type { VideoModel } from '../../api/models';
import type { HostMessage, ImageItem, Problem } from '../protocol';
import { connectToHost } from './channel';
import { h } from './dom';
import {
  addImages,
  applyPrefill,
  buildRequest,
  formProblems,
  isHttpsUrl,
  keepKnownImages,
  limitForm,
  pickModel,
  removeImage,
  urlLabel,
  type FormMessages,
} from './formModel';
import { createFormView } from './formView';
import { readStrings, restoreSession, type Session } from './session';
import { createTaskView } from './taskView';
import { shrinkThumb } from './thumbs';

const host = connectToHost();
const post = host.post;

const strings = readStrings();
const formMessages: FormMessages = {
  seedInvalid: strings.seedInvalid,
  extraKeyInvalid: strings.extraKeyInvalid,
  extraKeyDuplicate: strings.extraKeyDuplicate,
  extraKeyReserved: strings.extraKeyReserved,
  imageRequired: strings.imageRequired,
  imageOne: strings.imageOne,
};

// ------------------------------------------------------------------ state

const session: Session = restoreSession(host.savedState());

/** Not persisted: what the host sends again after every `ready`. */
const runtime = {
  models: null as VideoModel[] | null,
  modelsError: undefined as string | undefined,
  defaultModel: undefined as string | undefined,
  confirmCostAboveCents: Number.POSITIVE_INFINITY,
  busy: false,
  hostProblems: [] as Problem[],
  touched: new Set<string>(),
  imageNotices: [] as string[],
  urlDraft: '',
  urlInvalid: false,
};

function persist(): void {
  host.saveState({ ...session, localId: session.task?.localId });
}

function currentModel(): VideoModel | undefined {
  return runtime.models?.find((m) => m.id === session.form.model);
}

function problems(): Problem[] {
  // Before the models arrive, only the form's own rules apply (the model check would only say "loading").
  if (runtime.models === null) return buildRequest(session.form, formMessages).problems;
  return formProblems(session.form, currentModel(), formMessages);
}

// ------------------------------------------------------------------ views

const formView = createFormView(strings, {
  change(mutate, touched) {
    session.form = mutate(session.form);
    if (touched) runtime.touched.add(touched);
    runtime.hostProblems = [];
    render();
  },
  selectModel(id) {
    const model = runtime.models?.find((m) => m.id === id);
    session.form = model ? limitForm({ ...session.form, model: id }, model) : { ...session.form, model: id };
    runtime.hostProblems = [];
    render();
  },
  requestModels(refresh) {
    if (refresh) {
      runtime.models = null;
      runtime.modelsError = undefined;
      render();
    }
    post({ type: 'requestModels', refresh });
  },
  setDefaultModel(id) {
    post({ type: 'setDefaultModel', model: id });
  },
  pickImages(multi) {
    post({ type: 'pickImages', multi });
  },
  dropUris(uris) {
    post({ type: 'dropImages', uris });
  },
  setUrlDraft(text) {
    runtime.urlDraft = text;
    runtime.urlInvalid = false;
    render();
  },
  addUrl() {
    const text = runtime.urlDraft.trim();
    if (!isHttpsUrl(text)) {
      runtime.urlInvalid = true;
      render();
      return;
    }
    const href = new URL(text).href; // normalised (spaces escaped), as the host's check expects
    addImageItems([{ source: href, label: urlLabel(href), thumb: href }]);
    runtime.urlDraft = '';
    render();
  },
  removeImage(source) {
    session.form = { ...session.form, images: removeImage(session.form.images, source) };
    runtime.imageNotices = [];
    render();
  },
  generate() {
    const found = problems();
    if (found.length > 0 || !currentModel() || runtime.busy) {
      for (const p of found) runtime.touched.add(p.field);
      render();
      formView.focusFirstInvalid();
      return;
    }
    const built = buildRequest(session.form, formMessages);
    runtime.hostProblems = [];
    post({ type: 'generate', request: built.fields, images: built.images });
  },
});

const taskView = createTaskView(strings, {
  file(kind, localId) {
    post({ type: kind, localId });
  },
  generateAgain(localId) {
    post({ type: 'generateAgain', localId });
  },
  taskAction(action, localId) {
    post({ type: 'taskAction', action, id: localId });
  },
  newVideo() {
    showView('form');
  },
  autoplayed(uri) {
    session.autoplayed = uri;
    persist();
  },
});

const root = document.getElementById('app') ?? document.body;
const formSection = h('section', { id: 'form-view', 'aria-label': strings.generate }, formView.element);
root.replaceChildren(formSection, taskView.element);

function render(): void {
  const showTask = session.view === 'task' && session.task !== undefined;
  formSection.hidden = showTask;
  taskView.element.hidden = !showTask;
  formView.render({
    form: session.form,
    models: runtime.models,
    ...(runtime.modelsError !== undefined ? { modelsError: runtime.modelsError } : {}),
    ...(runtime.defaultModel !== undefined ? { defaultModel: runtime.defaultModel } : {}),
    confirmCostAboveCents: runtime.confirmCostAboveCents,
    busy: runtime.busy,
    problems: problems(),
    hostProblems: runtime.hostProblems,
    touched: runtime.touched,
    imageNotices: runtime.imageNotices,
    urlDraft: runtime.urlDraft,
    urlInvalid: runtime.urlInvalid,
  });
  if (showTask && session.task) taskView.render(session.task, session.autoplayed);
  else taskView.pause();
  persist();
}

function showView(view: Session['view']): void {
  if (session.view === view) return render();
  session.view = view;
  render();
  // Move focus with the view so keyboard and screen-reader users land in it.
  if (view === 'task') document.getElementById('t-title')?.focus();
  else document.getElementById('f-prompt')?.focus();
}

// ------------------------------------------------------------------ host messages

function setModels(models: VideoModel[], defaultModel: string | undefined): void {
  runtime.models = models;
  runtime.modelsError = undefined;
  runtime.defaultModel = defaultModel;
  const id = pickModel(
    models.map((m) => m.id),
    session.form.model,
    defaultModel,
  );
  const model = models.find((m) => m.id === id);
  session.form = model ? limitForm({ ...session.form, model: id }, model) : { ...session.form, model: id };
}

function addImageItems(items: ImageItem[]): void {
  session.form = { ...session.form, images: addImages(session.form.images, items, session.form.mode) };
  runtime.hostProblems = [];
  runtime.touched.add('input_images');
  void shrinkThumbs(items);
}

/** Big data: thumbnails are replaced by small ones before they land in the persisted state for long. */
async function shrinkThumbs(items: ImageItem[]): Promise<void> {
  for (const item of items) {
    if (!item.thumb?.startsWith('data:')) continue;
    const small = await shrinkThumb(item.thumb);
    session.form = {
      ...session.form,
      images: session.form.images.map((i) => (i.source === item.source ? { ...i, ...(small ? { thumb: small } : { thumb: undefined }) } : i)),
    };
    render();
  }
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'init': {
      runtime.confirmCostAboveCents = message.confirmCostAboveCents;
      runtime.defaultModel = message.defaultModel;
      const kept = keepKnownImages(session.form.images, new Set(message.imageTokens));
      if (kept.length !== session.form.images.length) {
        session.form = { ...session.form, images: kept };
        runtime.imageNotices = [strings.imagesForgotten];
      }
      if (message.models) setModels(message.models, message.defaultModel);
      break;
    }
    case 'models':
      setModels(message.models, message.defaultModel);
      break;
    case 'modelsError':
      runtime.modelsError = message.message;
      break;
    case 'defaultModel':
      runtime.defaultModel = message.model;
      break;
    case 'prefill': {
      session.form = applyPrefill(session.form, message.values, message.images);
      const model = currentModel();
      if (model) session.form = limitForm(session.form, model);
      runtime.touched.clear();
      runtime.hostProblems = [];
      runtime.imageNotices = [];
      void shrinkThumbs(message.images);
      showView('form');
      return;
    }
    case 'imagesAdded':
      if (message.images.length > 0) addImageItems(message.images);
      runtime.imageNotices = message.rejected.map((r) => `${r.source}: ${r.reason}`);
      break;
    case 'task':
      session.task = message.task;
      if (message.reveal) {
        showView('task');
        return;
      }
      break;
    case 'validation':
      runtime.hostProblems = message.problems;
      if (message.problems.length > 0) {
        for (const p of message.problems) runtime.touched.add(p.field);
        session.view = 'form';
        render();
        formView.focusFirstInvalid();
        return;
      }
      break;
    case 'busy':
      runtime.busy = message.busy;
      break;
  }
  render();
}

render();
host.ready(receive);
