// `npm run test:integration`: the Mocha suite inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3) driven by headless Chromium, then the Playwright UI checks while the extension host is
// still alive, against one Api.Airforce simulator. Prints each test, a summary, exits non-zero on
// any failure or timeout, and stops everything it started.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runUiChecks } from '../ui/checks';
import { ensureCodeServer } from './codeServer';
import { startHost, type Host } from './host';
import { TEST_KEY, integrationIndex, log, makeTempDir, removeDir, repoRoot, resultsDir } from './paths';
import { sleep } from './processes';
import { progressFileFor, readProgress } from './progress';
import {
  errorText,
  formatResult,
  isIntegrationResultsFile,
  layerFrom,
  summaryLine,
  type IntegrationResultsFile,
  type LayerResult,
  type TestResult,
} from './results';
import { startSim, type RunningSimulator } from './simulator';
import { ensureSystemPackages } from './systemPackages';

export interface IntegrationOptions {
  /** Extension folder to load (default: the repo). */
  readonly extensionPath?: string;
  /** Whole layer, install excluded (default 10 min). */
  readonly timeoutMs?: number;
  /** Run the Playwright UI checks (default true). */
  readonly ui?: boolean;
}

const START_TIMEOUT_MS = 120_000; // from the page load to the first line of the Mocha entry

class LayerFailure extends Error {}

export async function runIntegration(options: IntegrationOptions = {}): Promise<LayerResult> {
  const extensionPath = path.resolve(options.extensionPath ?? repoRoot);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
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
    const progressFile = progressFileFor(resultsFile);
    let hostEnded: string | undefined;

    const started = Date.now();
    const deadline = started + timeoutMs;
    host = await startHost({
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: integrationIndex,
      settings: { 'airforce.baseUrl': sim.url, 'airforce.pollIntervalSeconds': 5 },
      env: {
        AIRFORCE_SIM_URL: sim.url,
        AIRFORCE_TEST_KEY: TEST_KEY,
        AIRFORCE_TEST_RESULTS: resultsFile,
        AIRFORCE_TEST_RELEASE: releaseFile,
      },
      logDir: resultsDir,
      onServerLine: (line) => {
        // The extension host ending before the results exist means run() never got to write them.
        if (/Extension Host Process exited|extension host .*(exited|terminated|crashed)/i.test(line) && !fs.existsSync(resultsFile)) {
          hostEnded = line.trim();
        }
      },
    });
    log(`code-server on ${host.url} (VS Code workbench open in headless Chromium, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const running = host;
    void running.exited.then((code) => {
      hostEnded ??= `code-server exited with code ${code}`;
    });

    // Follow the extension host's progress until it has written the results.
    let offset = 0;
    let sawStart = false;
    while (!fs.existsSync(resultsFile)) {
      const batch = readProgress(progressFile, offset);
      offset = batch.offset;
      for (const ev of batch.events) {
        if (ev.type === 'start') sawStart = true;
        else if (ev.type === 'note') log(ev.message);
        else print(ev.result);
      }
      if (hostEnded) throw new LayerFailure(`the extension host ended before writing results: ${hostEnded} (see test-results/code-server.log)`);
      if (!sawStart && Date.now() - started > START_TIMEOUT_MS) {
        throw new LayerFailure(`the extension tests did not start within ${START_TIMEOUT_MS / 1000} s (see test-results/code-server.log, browser-console.log)`);
      }
      if (Date.now() > deadline) throw new LayerFailure(`integration tests did not finish within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
    const rest = readProgress(progressFile, offset);
    for (const ev of rest.events) if (ev.type === 'note') log(ev.message);
    const parsed: unknown = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (!isIntegrationResultsFile(parsed)) throw new LayerFailure(`unreadable results file ${resultsFile}`);
    const results: IntegrationResultsFile = parsed;
    for (const t of results.tests) print(t);
    log(`integration: ${results.tests.length} tests in VS Code ${results.vscodeVersion} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (results.error) throw new LayerFailure(`Mocha could not run: ${results.error}`);
    if (results.tests.length === 0) throw new LayerFailure('no integration tests ran');

    if (options.ui !== false && host.page) {
      const uiStarted = Date.now();
      const simUrl = sim.url;
      const ui = await runUiChecks({
        page: host.page,
        resultsDir,
        workspace: host.workspace,
        simulatorUrl: simUrl,
        log: (m) => log(`ui: ${m}`),
      });
      for (const t of ui) print(t);
      log(`ui: ${ui.length} checks (${((Date.now() - uiStarted) / 1000).toFixed(1)} s)`);
    }
    fs.writeFileSync(releaseFile, 'done\n');
    return layerFrom('integration+ui', tests);
  } catch (err) {
    const why = err instanceof LayerFailure ? err.message : errorText(err);
    process.stdout.write(`  FAIL [integration] layer: ${why.replace(/\n/g, '\n         ')}\n`);
    return layerFrom('integration+ui', tests, why);
  } finally {
    await host?.stop();
    await sim?.close().catch(() => undefined);
    removeDir(temp);
  }
}

function parseArgs(argv: readonly string[]): IntegrationOptions {
  const options: { extensionPath?: string; ui?: boolean; timeoutMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--extension') options.extensionPath = argv[++i];
    else if (arg === '--no-ui') options.ui = false;
    else if (arg === '--timeout') options.timeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument ${arg} (known: --extension <dir>, --no-ui, --timeout <s>)`);
  }
  return options;
}

async function main(): Promise<void> {
  const layer = await runIntegration(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${summaryLine([layer])}\n`);
  process.exitCode = layer.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${errorText(err)}\n`);
    process.exit(1);
  });
}
