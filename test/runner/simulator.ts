// Starts the Api.Airforce simulator (test/simulator/server.ts) for a runner, on loopback.
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';

export type RunningSimulator = Simulator;

export function startSim(options: SimulatorOptions): Promise<RunningSimulator> {
  return startSimulator({ port: 0, ...options });
}
