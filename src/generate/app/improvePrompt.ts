// "Improve prompt" under the Generate panel's prompt fields (video's, ids f-…, and the image/audio
// form's, m-…): the shared row (webview/browser/improvePrompt.ts) bound to this app's forms — the
// kind's prompt, its model and what the form would send as the choices — and to its Generate, which
// waits while a rewrite streams in.
import { isKind, type Kind } from '../../kinds';
import type { PanelKind } from '../protocolConstants';
import { createImprovePrompt } from '../../webview/browser/improvePrompt';
import type { App } from './appState';
import { generateMessage } from './formModel';
import { pageLocale } from './locale';

export interface PanelImprove {
  /** The row under a form's prompt; its render says whether Generate waits. */
  row(prefix: string): { element: HTMLElement; render(kind: PanelKind): boolean };
  receive(message: { type: string }): boolean;
}

export function createPanelImprove(app: App): PanelImprove {
  const improve = createImprovePrompt<Kind>({
    strings: app.strings,
    locale: pageLocale,
    prompt: (kind) => app.session.forms[kind].prompt,
    setPrompt: (kind, text) => {
      app.session.forms = { ...app.session.forms, [kind]: { ...app.session.forms[kind], prompt: text } };
    },
    target: (kind) => {
      const model = app.runtime.models[kind]?.find((m) => m.id === app.session.forms[kind].model);
      // What the form would send: the rewrite fits the chosen duration, mode, ratio…
      return model ? { model: model.id, choices: generateMessage(app.session.forms, kind, model, app.messages).request as Record<string, unknown> } : undefined;
    },
    post: app.post,
    improving: (on) => (app.runtime.improving = on),
    render: () => app.render(),
  });
  return {
    row(prefix) {
      const row = improve.row(prefix);
      return { element: row.element, render: (kind) => (isKind(kind) ? row.render(kind) : false) };
    },
    receive: improve.receive,
  };
}
