// The Russian UI session (issue 10): a second, short workbench started with code-server
// `--locale ru` plus the fixture language pack (languagePack.ts), the simulator in its settings and
// the key in AIRFORCE_API_KEY (as the demo does: a fresh user data dir has no stored key). It runs
// RUSSIAN_UI_CHECKS and stops. The fixture translates almost nothing of the workbench itself, so
// VS Code's own menus stay English; what must be Russian is ours (package.nls.ru.json, the l10n
// bundle and the money format the panel uses).
// Alone: `node out/test/runner/russianSession.js` (starts its own simulator).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUSSIAN_UI_CHECKS, runUiChecks } from '../ui/checks';
import { startHost, type Host } from './host';
import { RUSSIAN_TEST_PACK } from './languagePack';
import { TEST_KEY, log, repoRoot, resultsDir } from './paths';
import { errorText, formatResult, layerFrom, summaryLine, type TestResult } from './results';
import { startSim } from './simulator';

export interface RussianSessionOptions {
  readonly extensionPath: string;
  readonly simulatorUrl: string;
  readonly apiKey: string;
}

const TITLE = 'Russian session: code-server --locale ru starts with the fixture language pack';

/** Never throws: a session that cannot start is one failed UI result, like any check. */
export async function runRussianSession(options: RussianSessionOptions): Promise<TestResult[]> {
  const started = Date.now();
  let host: Host | undefined;
  // Its own logs: the English session's test-results/code-server.log stays whole.
  const logDir = path.join(resultsDir, 'ru');
  try {
    fs.mkdirSync(logDir, { recursive: true });
    host = await startHost({
      extensionDevelopmentPath: options.extensionPath,
      locale: 'ru',
      languagePacks: [RUSSIAN_TEST_PACK],
      settings: { 'airforce.baseUrl': options.simulatorUrl, 'airforce.pollIntervalSeconds': 5 },
      env: { AIRFORCE_API_KEY: options.apiKey },
      logDir,
    });
    log(`ui (ru): code-server on ${host.url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const page = host.page;
    if (!page) throw new Error('no browser page');
    return await runUiChecks({ page, resultsDir, workspace: host.workspace, simulatorUrl: options.simulatorUrl, log: (m) => log(`ui (ru): ${m}`) }, RUSSIAN_UI_CHECKS, {
      keepEarlierFailures: true,
    });
  } catch (err) {
    return [{ layer: 'ui', title: TITLE, ok: false, durationMs: Date.now() - started, error: errorText(err) }];
  } finally {
    await host?.stop();
  }
}

async function main(): Promise<void> {
  const sim = await startSim({ keys: [TEST_KEY], clockSpeed: 40 });
  try {
    const results = await runRussianSession({ extensionPath: repoRoot, simulatorUrl: sim.url, apiKey: TEST_KEY });
    for (const t of results) process.stdout.write(`${formatResult(t)}\n`);
    const layer = layerFrom('integration+ui', results);
    process.stdout.write(`${summaryLine([layer])}\n`);
    process.exitCode = layer.failed > 0 ? 1 : 0;
  } finally {
    await sim.close().catch(() => undefined);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${errorText(err)}\n`);
    process.exit(1);
  });
}
