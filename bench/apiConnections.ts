// How many TCP connections 20 API calls through the real client open: the simulator's own probe
// (test/simulator/apiConnections.ts, the same sequence the integration test runs inside VS Code)
// with a client in this process. One connection per call means a new TCP (and, against the real
// API, TLS) handshake per call.
import { apiConnectionsPer20Calls, simulatorTarget, type ConnectionFigure } from '../test/simulator/apiConnections';
import { startSimulator } from '../test/simulator/server';
import { BENCH_KEY, benchClient } from './common';

export async function measureApiConnections(): Promise<ConnectionFigure> {
  const sim = await startSimulator({ keys: [BENCH_KEY], clockSpeed: 50 });
  try {
    return await apiConnectionsPer20Calls(benchClient(sim.url), simulatorTarget(sim));
  } finally {
    await sim.close();
  }
}
