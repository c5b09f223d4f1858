// The language model tool session (issue 20): a short workbench that runs no extension tests, so
// VS Code's dialog service shows a tool's confirmation as the person would see it (a window with
// extensionTestsPath confirms without showing anything), with the fixture extension
// test/fixtures/tool-invoker installed to invoke a tool outside a chat. It runs TOOL_UI_CHECKS.
// Alone: `node out/test/runner/toolSession.js` (starts its own simulator).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_UI_CHECKS, runUiChecks } from '../ui/checks';
import { startHost, type Host } from './host';
import { TEST_KEY, log, repoRoot, resultsDir } from './paths';
import { errorText, formatResult, layerFrom, summaryLine, type TestResult } from './results';
import { startSim } from './simulator';

export interface ToolSessionOptions {
  readonly extensionPath: string;
  readonly simulatorUrl: string;
  readonly apiKey: string;
}

const TITLE = 'Tool session: a workbench without extension tests, with the tool-invoker fixture';
export const TOOL_INVOKER = path.join(repoRoot, 'test', 'fixtures', 'tool-invoker');

/** Never throws: a session that cannot start is one failed UI result, like any check. */
export async function runToolSession(options: ToolSessionOptions): Promise<TestResult[]> {
  const started = Date.now();
  let host: Host | undefined;
  const logDir = path.join(resultsDir, 'tools');
  try {
    fs.mkdirSync(logDir, { recursive: true });
    host = await startHost({
      extensionDevelopmentPath: options.extensionPath,
      extensions: [TOOL_INVOKER],
      settings: { 'airforce.baseUrl': options.simulatorUrl, 'airforce.pollIntervalSeconds': 5 },
      env: { AIRFORCE_API_KEY: options.apiKey },
      logDir,
    });
    log(`ui (tools): code-server on ${host.url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const page = host.page;
    if (!page) throw new Error('no browser page');
    return await runUiChecks({ page, resultsDir, workspace: host.workspace, simulatorUrl: options.simulatorUrl, log: (m) => log(`ui (tools): ${m}`) }, TOOL_UI_CHECKS, {
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
    const results = await runToolSession({ extensionPath: repoRoot, simulatorUrl: sim.url, apiKey: TEST_KEY });
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
