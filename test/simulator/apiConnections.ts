// Issue 17 item 2: how many TCP connections 20 API calls of one client take (models, creates,
// status reads, the list). The integration test runs it with the extension's own client inside
// VS Code; the bench can run it with a client in its own process:
//
//   const figure = await apiConnectionsPer20Calls(client, simulatorTarget(sim));
//   // figure.connections → api_connections_per_20_calls
//
// The simulator names the connection of every logged request (connections.ts); the figure is the
// number of distinct connections among these calls' requests.
import type { RequestLogEntry } from './types';

/** What the calls need of a client (AirforceClient has all of it). */
export interface ApiCallsClient {
  listModels(): Promise<unknown>;
  createVideo(req: { model: string; prompt: string }): Promise<{ task_id: string }>;
  getTask(id: string): Promise<unknown>;
  listTasks(): Promise<unknown>;
  images: { generate(req: { model: string; prompt: string }): Promise<unknown> };
}

/** The simulator, in process or over /__sim/. */
export interface ProbeTarget {
  /** Empties the request log. */
  clearRequests(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  /** Completes a task, so creates never meet the in-flight limit. */
  completeTask(id: string): Promise<void>;
}

export interface ConnectionFigure {
  calls: number;
  connections: number;
  /** `METHOD path → connection id`, in order: what to print when the figure is off. */
  trace: string[];
}

const OURS = /^\/v1\/(models|video\/generations|images\/generations|video\/tasks(\/[^/]+)?)$/;

export async function apiConnectionsPer20Calls(client: ApiCallsClient, target: ProbeTarget): Promise<ConnectionFigure> {
  await target.clearRequests();
  const create = async (prompt: string): Promise<string> => {
    const { task_id } = await client.createVideo({ model: 'wan-2.6', prompt });
    await target.completeTask(task_id);
    return task_id;
  };
  const image = (): Promise<unknown> => client.images.generate({ model: 'flux-2-dev', prompt: 'perf#2 connection probe' });
  let calls = 0;
  const call = async <T>(p: Promise<T>): Promise<T> => {
    calls++;
    return p;
  };
  await call(client.listModels());
  const a = await call(create('perf#2 probe A'));
  for (let i = 0; i < 4; i++) await call(client.getTask(a));
  await call(client.listTasks());
  await call(image());
  for (let i = 0; i < 2; i++) await call(client.getTask(a));
  const b = await call(create('perf#2 probe B'));
  for (let i = 0; i < 3; i++) await call(client.getTask(b));
  await call(client.listTasks());
  await call(client.listModels());
  await call(image());
  for (let i = 0; i < 2; i++) await call(client.getTask(b));
  await call(client.listTasks());
  const ours = (await target.requests()).filter((r) => OURS.test(r.path) && (!r.path.startsWith('/v1/video/tasks/') || r.path.endsWith(`/${a}`) || r.path.endsWith(`/${b}`)));
  const ids = new Set(ours.map((r) => r.connection ?? 0));
  return { calls, connections: ids.size, trace: ours.map((r) => `${r.method} ${r.path} → ${r.connection ?? '?'}`) };
}

/** A ProbeTarget over an in-process simulator. */
export function simulatorTarget(sim: { requests: RequestLogEntry[]; completeTask(id: string): unknown }): ProbeTarget {
  return {
    clearRequests: async () => {
      sim.requests.length = 0;
    },
    requests: async () => [...sim.requests],
    completeTask: async (id) => {
      sim.completeTask(id);
    },
  };
}
