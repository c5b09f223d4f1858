// A tiny event emitter in VS Code's shape (`event(listener) → disposable`) without importing vscode.
import type { IDisposable } from '../util/dispose';

export type Event<T> = (listener: (value: T) => void) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners: Array<(value: T) => void> = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  fire(value: T): void {
    // Copy first: a listener may dispose itself while we iterate.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One throwing listener must not starve the others.
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
