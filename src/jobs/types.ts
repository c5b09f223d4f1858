// What the extension remembers about a generation, locally. The server is the truth for status;
// the local record keeps what the server forgets: the full request, the image source, the saved file.

export type { JobKind, JobOrigin, JobRecord, LocalStatus } from './job';

/** Persistence the caller provides (VS Code's globalState/workspaceState, or a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

// `Thenable` is a VS Code global type; declare a structural twin so this file stays vscode-free.
export interface Thenable<T> {
  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2>;
}
