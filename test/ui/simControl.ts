// The simulator's /__sim control surface, from the runner's process, for UI checks that need to pace
// a task (hold it, set its progress, complete it) so what the panel shows can be observed.

export interface SimTaskState {
  readonly task_id: string;
  readonly prompt: string;
  readonly status: string;
  readonly progress: number;
  readonly createdAtMs: number;
}

export interface SimModelInfo {
  readonly id: string;
  readonly video_caps?: { readonly price_per_second_cents: number; readonly min_duration_s: number; readonly max_duration_s: number };
}

export class SimControl {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  /** While held, tasks keep processing but never finish on their own. */
  hold(on: boolean): Promise<unknown> {
    return this.call('POST', '/__sim/hold', { hold: on });
  }

  async tasks(): Promise<SimTaskState[]> {
    return (await this.call<{ data: SimTaskState[] }>('GET', '/__sim/tasks')).data;
  }

  /**
   * The ids of the tasks the simulator holds now: what a check made afterwards is what is not among
   * them. (Not a time: the simulator stamps tasks from the monotonic clock, and the VM's wall clock
   * can step ahead of it, so a task made after `Date.now()` may carry an earlier stamp.)
   */
  async taskIds(): Promise<ReadonlySet<string>> {
    return new Set((await this.tasks()).map((t) => t.task_id));
  }

  /** The tasks with this prompt made since `known` was taken. */
  async newTasks(prompt: string, known: ReadonlySet<string>): Promise<SimTaskState[]> {
    return (await this.tasks()).filter((t) => t.prompt === prompt && !known.has(t.task_id));
  }

  /** Forces status/progress; the task then leaves its schedule (an empty patch just freezes it). */
  patchTask(id: string, patch: { status?: string; progress?: number }): Promise<SimTaskState> {
    return this.call('PATCH', `/__sim/tasks/${encodeURIComponent(id)}`, patch);
  }

  completeTask(id: string): Promise<SimTaskState> {
    return this.call('POST', `/__sim/tasks/${encodeURIComponent(id)}/complete`);
  }

  /** The public model list, as the extension sees it (prices for the cost check). */
  async models(): Promise<SimModelInfo[]> {
    return (await this.call<{ data: SimModelInfo[] }>('GET', '/v1/models')).data;
  }

  /** Arms a fault (test/simulator/faults.ts), e.g. `upload-stall` on a path, for `times` requests. */
  fault(fault: string, match: { method?: string; path?: string }, times = 1): Promise<unknown> {
    return this.call('POST', '/__sim/faults', { fault, match, times });
  }

  /** Disarms every fault. */
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/__sim/faults');
  }

  /** The statuses the simulator answered requests with this method and path (0: never answered). */
  async statuses(method: string, path: string): Promise<number[]> {
    const log = (await this.call<{ data: Array<{ method: string; path: string; status: number }> }>('GET', '/__sim/requests')).data;
    return log.filter((r) => r.method === method && r.path === path).map((r) => r.status);
  }

  /** How many requests with this method and path the simulator has logged so far. */
  async requestCount(method: string, path: string): Promise<number> {
    const log = (await this.call<{ data: Array<{ method: string; path: string }> }>('GET', '/__sim/requests')).data;
    return log.filter((r) => r.method === method && r.path === path).length;
  }

  /** The first task with this prompt created at or after `since` (epoch ms). */
  async waitForTask(prompt: string, known: ReadonlySet<string>, timeoutMs = 15_000): Promise<SimTaskState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.newTasks(prompt, known))[0];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the simulator got no task with prompt "${prompt}" within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
