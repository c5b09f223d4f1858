// `npm run test:integration`: the Mocha suite inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3) driven by headless Chromium, then the Playwright UI checks while the extension host is
// still alive, against one Api.Airforce simulator. Prints each test, a summary, exits non-zero on
// any failure or timeout, and stops everything it started. Restart cases reload the window once
// mid-run (test/integration/index.ts): that extension host ending is expected, and a new one must
// start running tests within START_TIMEOUT_MS. Last, a short second session in Russian
// (russianSession.ts) runs RUSSIAN_UI_CHECKS.
//   --extension <dir>  load another extension folder (e.g. a copy with a broken manifest)
//   --no-ui            Mocha suite only
//   --ui-only          UI checks only, in a window without extensionTestsPath
//   --timeout <s>      whole layer, install excluded (default 600)
//   --grep <regexp>    only the Mocha tests whose full title matches (for iterating; use with --no-ui)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runUiChecks } from '../ui/checks';
import { ensureCodeServer } from './codeServer';
import { startHost, type Host } from './host';
import { TEST_KEY, integrationIndex, log, makeTempDir, removeDir, repoRoot, resultsDir } from './paths';
import { isInterrupted, onCleanup, sleep } from './processes';
import { progressFileFor, readProgress, restartMarkerFor } from './progress';
import { runRussianSession } from './russianSession';
import { runToolSession } from './toolSession';
import { errorText, formatResult, isIntegrationResultsFile, layerFrom, summaryLine, type LayerResult, type TestResult } from './results';
import { startSim, type RunningSimulator } from './simulator';
import { ensureSystemPackages } from './systemPackages';

export interface IntegrationOptions {
  /** Extension folder to load (default: the repo). */
  readonly extensionPath?: string;
  /** Whole layer, install excluded (default 10 min). */
  readonly timeoutMs?: number;
  /** Run the Playwright UI checks (default true). */
  readonly ui?: boolean;
  /**
   * Run the Mocha suite (default true). Without it the window loads the extension only through
   * extensionDevelopmentPath and just the UI checks run: quick to iterate on a UI check.
   */
  readonly mocha?: boolean;
  /** Only the Mocha tests whose full title matches this regular expression. */
  readonly grep?: string;
}

const START_TIMEOUT_MS = 120_000; // from the page load to the first line of the Mocha entry

/** A reason the layer could not finish, printed without a stack. */
class LayerFailure extends Error {}

interface MochaWatch {
  readonly resultsFile: string;
  readonly started: number;
  readonly deadline: number;
  /** Why the extension host is gone, once it is (an expected restart does not count). */
  readonly hostEnded: () => string | undefined;
  readonly print: (t: TestResult) => void;
}

/** Follows the extension host's progress file until run() has written its results. */
async function followMocha(w: MochaWatch): Promise<void> {
  const progressFile = progressFileFor(w.resultsFile);
  const restartMarker = restartMarkerFor(w.resultsFile);
  let offset = 0;
  let starts = 0;
  let restartSeenAt: number | undefined;
  const drain = (): void => {
    const batch = readProgress(progressFile, offset);
    offset = batch.offset;
    for (const ev of batch.events) {
      if (ev.type === 'start') starts++;
      else if (ev.type === 'note') log(ev.message);
      else w.print(ev.result);
    }
  };
  while (!fs.existsSync(w.resultsFile)) {
    drain();
    const ended = w.hostEnded();
    if (ended) throw new LayerFailure(`the extension host ended before writing results: ${ended} (see test-results/code-server.log)`);
    if (starts === 0 && Date.now() - w.started > START_TIMEOUT_MS) {
      throw new LayerFailure(`the extension tests did not start within ${START_TIMEOUT_MS / 1000} s (see test-results/code-server.log, browser-console.log)`);
    }
    if (restartSeenAt === undefined && fs.existsSync(restartMarker)) restartSeenAt = Date.now();
    if (restartSeenAt !== undefined && starts < 2 && Date.now() - restartSeenAt > START_TIMEOUT_MS) {
      throw new LayerFailure(`after the window reload, the extension tests did not start again within ${START_TIMEOUT_MS / 1000} s`);
    }
    if (Date.now() > w.deadline) throw new LayerFailure(`integration tests did not finish within ${Math.round((w.deadline - w.started) / 1000)} s`);
    await sleep(250);
  }
  drain();
  const results: unknown = JSON.parse(fs.readFileSync(w.resultsFile, 'utf8'));
  if (!isIntegrationResultsFile(results)) throw new LayerFailure(`unreadable results file ${w.resultsFile}`);
  for (const t of results.tests) w.print(t); // any the progress file missed
  log(`integration: ${results.tests.length} tests in VS Code ${results.vscodeVersion} (${((Date.now() - w.started) / 1000).toFixed(1)} s)`);
  if (results.error) throw new LayerFailure(`Mocha could not run: ${results.error}`);
  if (results.tests.length === 0) throw new LayerFailure('no integration tests ran');
}

export async function runIntegration(options: IntegrationOptions = {}): Promise<LayerResult> {
  const extensionPath = path.resolve(options.extensionPath ?? repoRoot);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const withMocha = options.mocha !== false;
  const tests: TestResult[] = [];
  const printed = new Set<string>();
  const print = (t: TestResult): void => {
    const key = `${t.layer}:${t.title}`;
    if (printed.has(key)) return;
    printed.add(key);
    tests.push(t);
    process.stdout.write(`${formatResult(t)}\n`);
  };

  let sim: RunningSimulator | undefined;
  let host: Host | undefined;
  const temp = makeTempDir('integration');
  const unregister = onCleanup(async () => removeDir(temp)); // also on Ctrl-C
  try {
    await ensureSystemPackages();
    const installStarted = Date.now();
    const cs = await ensureCodeServer();
    log(`code-server ${cs.version} ready (${((Date.now() - installStarted) / 1000).toFixed(1)} s)`);
    for (const required of [integrationIndex, path.join(extensionPath, 'dist', 'extension.js')]) {
      if (!fs.existsSync(required)) throw new LayerFailure(`${required} is missing: run \`npm run pretest\` (esbuild + tsc) first`);
    }

    sim = await startSim({ keys: [TEST_KEY], clockSpeed: 40 });
    log(`simulator on ${sim.url}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    for (const f of ['code-server.log', 'browser-console.log']) fs.rmSync(path.join(resultsDir, f), { force: true });
    const resultsFile = path.join(temp, 'results.json');
    const releaseFile = path.join(temp, 'release');
    let hostEnded: string | undefined;
    let restartHostEnded = false;

    const started = Date.now();
    host = await startHost({
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: withMocha ? integrationIndex : undefined,
      settings: { 'airforce.baseUrl': sim.url, 'airforce.pollIntervalSeconds': 5 },
      env: {
        AIRFORCE_SIM_URL: sim.url,
        AIRFORCE_TEST_KEY: TEST_KEY,
        AIRFORCE_TEST_RESULTS: resultsFile,
        AIRFORCE_TEST_RELEASE: releaseFile,
        AIRFORCE_TEST_RESTART: '1',
        ...(options.grep ? { AIRFORCE_TEST_GREP: options.grep } : {}),
      },
      logDir: resultsDir,
      onServerLine: (line) => {
        // The extension host ending before the results exist means run() never got to write them,
        // except for the one host a restart case ends on purpose (it wrote the restart marker first).
        if (/Extension Host Process exited|extension host .*(exited|terminated|crashed)/i.test(line) && !fs.existsSync(resultsFile)) {
          if (!restartHostEnded && fs.existsSync(restartMarkerFor(resultsFile))) {
            restartHostEnded = true;
            log(`extension host ended for the restart case: ${line.trim()}`);
            return;
          }
          hostEnded ??= line.trim();
        }
      },
    });
    log(`code-server on ${host.url} (workbench open in headless Chromium, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    void host.exited.then((code) => {
      hostEnded ??= `code-server exited with code ${code}`;
    });

    if (withMocha) {
      await followMocha({ resultsFile, started, deadline: started + timeoutMs, hostEnded: () => hostEnded, print });
    }
    if (options.ui !== false && host.page) {
      const uiStarted = Date.now();
      const ui = await runUiChecks({
        page: host.page,
        resultsDir,
        workspace: host.workspace,
        simulatorUrl: sim.url,
        log: (m) => log(`ui: ${m}`),
      });
      for (const t of ui) print(t);
      log(`ui: ${ui.length} checks (${((Date.now() - uiStarted) / 1000).toFixed(1)} s)`);
    }
    // Lets run() resolve, which ends the extension host.
    fs.writeFileSync(releaseFile, 'done\n');
    if (options.ui !== false) {
      // The Russian session runs after the English one is gone: its own host, nothing shared.
      await host.stop();
      const ruStarted = Date.now();
      const ru = await runRussianSession({ extensionPath, simulatorUrl: sim.url, apiKey: TEST_KEY });
      for (const t of ru) print(t);
      log(`ui (ru): ${ru.length} checks (${((Date.now() - ruStarted) / 1000).toFixed(1)} s)`);
      // A window without extension tests shows a language model tool's confirmation: its own session.
      const toolsStarted = Date.now();
      const tools = await runToolSession({ extensionPath, simulatorUrl: sim.url, apiKey: TEST_KEY });
      for (const t of tools) print(t);
      log(`ui (tools): ${tools.length} checks (${((Date.now() - toolsStarted) / 1000).toFixed(1)} s)`);
    }
    return layerFrom('integration+ui', tests);
  } catch (err) {
    const why = err instanceof LayerFailure ? err.message : errorText(err);
    process.stdout.write(`  FAIL [integration] layer: ${why.replace(/\n/g, '\n         ')}\n`);
    return layerFrom('integration+ui', tests, why);
  } finally {
    await host?.stop();
    await sim?.close().catch(() => undefined);
    removeDir(temp);
    unregister();
  }
}

function parseArgs(argv: readonly string[]): IntegrationOptions {
  const options: { extensionPath?: string; ui?: boolean; mocha?: boolean; timeoutMs?: number; grep?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--extension') options.extensionPath = argv[++i];
    else if (arg === '--no-ui') options.ui = false;
    else if (arg === '--ui-only') options.mocha = false;
    else if (arg === '--timeout') options.timeoutMs = Number(argv[++i]) * 1000;
    else if (arg === '--grep') options.grep = argv[++i];
    else throw new Error(`unknown argument ${arg} (known: --extension <dir>, --no-ui, --ui-only, --timeout <s>, --grep <regexp>)`);
  }
  return options;
}

async function main(): Promise<void> {
  const layer = await runIntegration(parseArgs(process.argv.slice(2)));
  if (isInterrupted()) return; // the signal handler exits; a summary of a cut-short run would mislead
  process.stdout.write(`${summaryLine([layer])}\n`);
  process.exitCode = layer.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${errorText(err)}\n`);
    process.exit(1);
  });
}
