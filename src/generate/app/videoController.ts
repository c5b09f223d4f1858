// The video form's actions and the video models: the form as it was before the kind switch.
import type { VideoModel } from '../../api/models';
import type { Problem } from '../protocol';
import type { App } from './appState';
import { pickModel } from './formCommon';
import { buildRequest, formProblems, limitForm } from './formModel';
import type { FormActions } from './formView';
import { createImageActions } from './imageActions';

export interface VideoController {
  actions: FormActions;
  problems(): Problem[];
  currentModel(): VideoModel | undefined;
  setModels(models: VideoModel[], defaultModel: string | undefined): void;
}

export function createVideoController(app: App, focusFirstInvalid: () => void): VideoController {
  const { runtime } = app;
  const currentModel = (): VideoModel | undefined => runtime.models?.find((m) => m.id === app.session.form.model);

  function problems(): Problem[] {
    // Before the models arrive, only the form's own rules apply (the model check would only say "loading").
    if (runtime.models === null) return buildRequest(app.session.form, app.messages).problems;
    return formProblems(app.session.form, currentModel(), app.messages);
  }

  function setModels(models: VideoModel[], defaultModel: string | undefined): void {
    runtime.models = models;
    runtime.modelsError = undefined;
    runtime.defaultModel = defaultModel;
    const { session } = app;
    const id = pickModel(
      models.map((m) => m.id),
      session.form.model,
      defaultModel,
    );
    const model = models.find((m) => m.id === id);
    session.form = model ? limitForm({ ...session.form, model: id }, model) : { ...session.form, model: id };
  }

  const actions: FormActions = {
    ...createImageActions(app),
    change(mutate, touched) {
      const next = mutate(app.session.form);
      if (touched) runtime.touched.add(touched);
      // A host refusal stays until the form changes (leaving the prompt is no change).
      if (next !== app.session.form) runtime.hostProblems = [];
      app.session.form = next;
      app.render();
    },
    selectModel(id) {
      const model = runtime.models?.find((m) => m.id === id);
      const { session } = app;
      session.form = model ? limitForm({ ...session.form, model: id }, model) : { ...session.form, model: id };
      runtime.hostProblems = [];
      app.render();
    },
    requestModels(refresh) {
      if (refresh) {
        runtime.models = null;
        runtime.modelsError = undefined;
        app.render();
      }
      app.post({ type: 'requestModels', refresh });
    },
    setDefaultModel(id) {
      app.post({ type: 'setDefaultModel', model: id });
    },
    generate() {
      const found = problems();
      if (found.length > 0 || !currentModel() || runtime.busy) {
        for (const p of found) runtime.touched.add(p.field);
        app.render();
        focusFirstInvalid();
        return;
      }
      const built = buildRequest(app.session.form, app.messages);
      runtime.hostProblems = [];
      app.post({ type: 'generate', request: built.fields, images: built.images });
    },
    clearRecentPrompts() {
      app.post({ type: 'clearRecentPrompts', kind: 'video' });
    },
    raiseBudget() {
      app.post({ type: 'openBudgetSetting' });
    },
  };

  return { actions, problems, currentModel, setModels };
}
