// How many TCP connections 20 API calls through the real client open (models, creates, status
// reads, list), counted where they arrive: the simulator's server `connection` events. One
// connection per call means a new TCP (and, against the real API, TLS) handshake per call.
import type { Server } from 'node:net';
import { startSimulator, type Simulator } from '../test/simulator/server';
import { BENCH_KEY, benchClient, videoRequest } from './common';

export interface ConnectionFigures {
  calls: number;
  connections: number;
  byKind: Record<string, number>;
}

/** The simulator's listening server (a private field: the simulator has no connection counter of its own here). */
function serverOf(sim: Simulator): Server {
  const server = (sim as unknown as { server?: Server }).server;
  if (!server || typeof server.on !== 'function') throw new Error("the simulator's server is not reachable: count connections another way");
  return server;
}

export async function measureApiConnections(): Promise<ConnectionFigures> {
  const sim = await startSimulator({ keys: [BENCH_KEY], clockSpeed: 50 });
  try {
    let connections = 0;
    const count = (): void => void connections++;
    const server = serverOf(sim);
    server.on('connection', count);
    const api = benchClient(sim.url);
    const byKind: Record<string, number> = { models: 0, create: 0, status: 0, list: 0 };
    try {
      const call = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
        const r = await fn();
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        return r;
      };
      await call('models', () => api.listModels());
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await call('create', () => api.createVideo(videoRequest(`connections ${i}`)))).task_id);
      for (let i = 0; i < 11; i++) await call('status', () => api.getTask(ids[i % ids.length] ?? ''));
      await call('list', () => api.listTasks());
      await call('models', () => api.listModels());
    } finally {
      server.off('connection', count);
    }
    const calls = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { calls, connections, byKind };
  } finally {
    await sim.close();
  }
}
