// Shared setup of the tests that run against the simulator: one simulator per file, a logger that
// keeps its lines, and the real client with its waits recorded instead of slept.
import { after, before, beforeEach } from 'node:test';
import { AirforceClient, type ClientOptions } from '../../../src/api/client';
import { Http, type HttpOptions } from '../../../src/api/http/http';
import type { Logger } from '../../../src/util/logger';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';

/**
 * Starts one simulator before the file's tests and closes it after them; before each test its faults
 * and request log are cleared. Call at the top level of a test file; the getter works inside tests.
 */
export function useSimulator(options: SimulatorOptions): () => Simulator {
  let sim: Simulator | undefined;
  before(async () => {
    sim = await startSimulator(options);
  });
  after(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim!.clearFaults();
    sim!.requests.length = 0;
  });
  return () => {
    if (!sim) throw new Error('the simulator is not started yet (use it inside a test)');
    return sim;
  };
}

/** Every line logged, as one string each; an Error shows its stack, so a leak anywhere in it is seen. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string | Error, ...args: unknown[]): void => {
    lines.push([m instanceof Error ? (m.stack ?? m.message) : m, ...args.map(String)].join(' '));
  };
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

/** Options for the real transport against the simulator: backoff waits are recorded in `delays`, not slept. */
function recordingOptions(sim: Simulator, key: string) {
  const delays: number[] = [];
  const logger = captureLogger();
  const options = {
    baseUrl: sim.url,
    getApiKey: async () => key,
    logger,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
    random: () => 0.5,
    requestTimeoutMs: 5_000,
  };
  return { options, delays, logger };
}

/** The real client against the simulator; backoff waits are recorded in `delays`, not slept. */
export function recordingClient(sim: Simulator, key: string, opts: Partial<ClientOptions> = {}) {
  const { options, delays, logger } = recordingOptions(sim, key);
  return { client: new AirforceClient({ ...options, ...opts }), delays, logger };
}

/** The transport alone, recorded the same way. */
export function recordingHttp(sim: Simulator, key: string, opts: Partial<HttpOptions> = {}) {
  const { options, delays, logger } = recordingOptions(sim, key);
  return { http: new Http({ ...options, ...opts }), delays, logger };
}

/** Creates a task through the API (as `key`) and completes it at once; resolves to its task id. */
export async function completedTaskId(sim: Simulator, key: string, prompt: string): Promise<string> {
  const res = await fetch(`${sim.url}/v1/video/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'wan-2.6', prompt }),
  });
  if (!res.ok) throw new Error(`the simulator refused the create: ${res.status}`);
  const taskId = String(((await res.json()) as { task_id: string }).task_id);
  sim.completeTask(taskId);
  return taskId;
}
