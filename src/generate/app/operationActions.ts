// The operation forms' file actions: "Choose file…" and a drop go to the host (it checks the file lies
// in the workspace, measures it and answers `mediaAdded` with a token), Remove clears it here. The
// answer lands in the operation form that asked, even if the person switched tabs meanwhile.
import type { HostMessage } from '../protocol';
import { isPanelOperation, MAX_IMAGES, type PanelOperation } from '../protocolConstants';
import type { App } from './appState';
import type { FileFieldActions } from './operationFields';

type MediaAdded = Extract<HostMessage, { type: 'mediaAdded' }>;

export interface MediaActions extends FileFieldActions {
  /** A `mediaAdded` answer: the file into the form that asked, the refusals as notices. */
  added(message: MediaAdded): void;
}

export function createMediaActions(app: App): MediaActions {
  const { session, runtime } = app;
  /** The form that asked last (a pick's dialog may stay open while the person switches tabs). */
  let asking: PanelOperation | undefined;
  const ask = (): boolean => {
    if (!isPanelOperation(session.kind)) return false;
    asking = session.kind;
    runtime.mediaNotices = [];
    return true;
  };

  return {
    pickMedia() {
      if (ask()) app.post({ type: 'pickMedia' });
    },
    dropMedia(uris) {
      if (ask()) app.post({ type: 'dropMedia', uris: uris.slice(0, MAX_IMAGES * 4) });
    },
    removeFile() {
      const op = session.kind;
      if (!isPanelOperation(op)) return;
      const { file: _removed, ...rest } = session.forms[op];
      session.forms = { ...session.forms, [op]: rest };
      runtime.touched.add('file');
      runtime.hostProblems = [];
      app.render();
    },
    added(message) {
      const op = asking ?? (isPanelOperation(session.kind) ? session.kind : undefined);
      if (op && message.file) {
        session.forms = { ...session.forms, [op]: { ...session.forms[op], file: message.file } };
        runtime.touched.add('file');
        runtime.hostProblems = [];
      }
      runtime.mediaNotices = message.rejected.map((r) => `${r.source}: ${r.reason}`);
    },
  };
}
