// Runs the simulator standalone for manual testing and the demo:
//   node out/test/simulator/cli.js --port 8787 [--key sk-air-…] [--clock-speed 10]
//     [--task-seconds 40] [--max-in-flight 4] [--result-size-bytes N] [--quiet]
// Prints the URL and the key to use, one line per request, and stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEMO_KEY, startSimulator } from './server';
import type { RequestLogEntry } from './types';

const USAGE = `Usage: node out/test/simulator/cli.js [--port 8787] [--key sk-air-…]... [--clock-speed 1]
  [--task-seconds 40] [--max-in-flight 4] [--result-size-bytes N] [--quiet]`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
  return n;
}

/** One log line, printed when the response is done (so the ms are the request's duration). */
function line(e: RequestLogEntry): string {
  const fault = e.fault ? ` fault=${e.fault}` : '';
  const status = e.status === 0 ? 'RESET' : String(e.status);
  return `${new Date(e.at).toISOString()} ${e.method} ${e.path} ${status} ${Date.now() - e.at}ms ${e.requestId}${fault}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      key: { type: 'string', multiple: true },
      'clock-speed': { type: 'string' },
      'task-seconds': { type: 'string' },
      'max-in-flight': { type: 'string' },
      'result-size-bytes': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const keys = values.key?.length ? values.key : [DEMO_KEY];
  const sim = await startSimulator({
    port: num(values.port, 'port'),
    keys,
    clockSpeed: num(values['clock-speed'], 'clock-speed'),
    taskSeconds: num(values['task-seconds'], 'task-seconds'),
    maxInFlight: num(values['max-in-flight'], 'max-in-flight'),
    resultSizeBytes: num(values['result-size-bytes'], 'result-size-bytes'),
    onRequest: values.quiet ? undefined : (e) => console.log(line(e)),
  });

  // Handlers first: a supervisor may signal as soon as it reads the URL line.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping simulator`);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  console.log(`Airforce simulator listening on ${sim.url}`);
  // Only the simulator's own demo key is ever printed; keys passed with --key stay off the screen.
  console.log(keys.includes(DEMO_KEY) ? `Demo API key: ${DEMO_KEY}` : `Accepting ${keys.length} key(s) given with --key`);
  console.log('Set "airforce.baseUrl" to the URL above. Press Ctrl+C to stop.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(1);
});
