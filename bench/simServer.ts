// Bench-only launcher: runs the simulator in a child process, so the download and upload
// benchmarks' RSS figures measure our code and not the server's buffers, parser or sockets.
//   node out/bench/simServer.js --result-size-bytes N [--clock-speed 1] [--report-handling]
//     [--max-upload-bytes N] (the upload benchmark's 100 MB file is over the simulator's default cap)
// The accepted key comes from BENCH_SIM_KEY (kept off the command line). Prints one JSON line
// {"url": "..."} on stdout once listening; stops on SIGTERM/SIGINT or when stdin closes (the
// parent died), so it never outlives the bench. With --report-handling it then prints one line per
// request with the simulator's own handling time (handlingReport.ts); the parent must read them.
import { parseArgs } from 'node:util';
import { startSimulator } from '../test/simulator/server';
import { reportHandlingTimes } from './handlingReport';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'result-size-bytes': { type: 'string' },
      'clock-speed': { type: 'string', default: '1' },
      'report-handling': { type: 'boolean', default: false },
      'max-upload-bytes': { type: 'string' },
    },
  });
  const key = process.env.BENCH_SIM_KEY;
  if (!key) throw new Error('BENCH_SIM_KEY is not set');
  const size = values['result-size-bytes'] === undefined ? undefined : Number(values['result-size-bytes']);
  const sim = await startSimulator({
    keys: [key],
    clockSpeed: Number(values['clock-speed']),
    resultSizeBytes: size,
    ...(values['max-upload-bytes'] === undefined ? {} : { maxUploadBytes: Number(values['max-upload-bytes']) }),
  });
  process.stdout.write(`${JSON.stringify({ url: sim.url, resultBytes: sim.resultBytes.length })}\n`);
  if (values['report-handling']) reportHandlingTimes((line) => process.stdout.write(line));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
