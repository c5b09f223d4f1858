// A promise with its settle functions outside: the task id of a submitted request arrives later.

export interface Deferred {
  promise: Promise<string>;
  resolve(taskId: string): void;
  reject(err: unknown): void;
}

export function deferred(): Deferred {
  let resolve!: (taskId: string) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may ignore the promise; a rejection must not become an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
