// Bench-only launcher for uploadBench.ts: the simulator in a child process with an upload cap large
// enough for the bench file, so the RSS figure is the uploader's alone. Prints {"url"} once
// listening; stops on SIGTERM or when stdin closes (the parent died).
//   BENCH_SIM_KEY=sk-air-… node out/bench/uploadSim.js <maxUploadBytes>
import { startSimulator } from '../test/simulator/server';

async function main(): Promise<void> {
  const key = process.env.BENCH_SIM_KEY;
  if (!key) throw new Error('BENCH_SIM_KEY is not set');
  const sim = await startSimulator({ keys: [key], maxUploadBytes: Number(process.argv[2]) });
  process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

void main();
