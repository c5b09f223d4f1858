// One owner for listeners, watchers and timers, in the manner of VS Code's built-in extensions.
export interface IDisposable {
  dispose(): void;
}

export abstract class Disposable implements IDisposable {
  private disposed = false;
  private readonly owned: IDisposable[] = [];

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends IDisposable>(value: T): T {
    if (this.disposed) {
      value.dispose();
    } else {
      this.owned.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }
}

export function disposeAll(items: IDisposable[]): void {
  for (const item of items.reverse()) {
    try {
      item.dispose();
    } catch {
      // One failing dispose must not keep the others alive.
    }
  }
}

export const toDisposable = (fn: () => void): IDisposable => ({ dispose: fn });
