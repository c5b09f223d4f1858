// The app's end of the webview channel: messages to the host, the host's messages (only their
// envelope is checked: the host is the extension itself, typed by the shared protocol), the state VS
// Code keeps across reloads, and `ready`, which the host waits for before it sends anything.
import type { AppMessage, HostMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface AppChannel {
  post(message: AppMessage): void;
  /** What setState stored before the panel was hidden or VS Code reloaded. */
  savedState(): unknown;
  saveState(state: unknown): void;
  /** Starts listening and tells the host so: it answers with the current state, then what it queued. */
  ready(receive: (message: HostMessage) => void): void;
}

export function connectToHost(): AppChannel {
  const api = acquireVsCodeApi();
  const post = (message: AppMessage): void => api.postMessage(message);
  return {
    post,
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
    ready(receive) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data;
        if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') receive(data as HostMessage);
      });
      post({ type: 'ready' });
    },
  };
}
