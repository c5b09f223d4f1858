// `npm run test:desktop`: the same Mocha suite in desktop VS Code 1.100.3 through
// @vscode/test-electron (it downloads VS Code, so it needs a network to Microsoft's update servers
// and a display or xvfb-run on Linux). Starts the simulator the way the code-server runner does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { TEST_KEY, VSCODE_VERSION, integrationIndex, log, makeTempDir, removeDir, repoRoot } from './paths';
import { errorText, formatResult, isIntegrationResultsFile, layerFrom, summaryLine, type LayerResult } from './results';
import { startSim } from './simulator';

async function main(): Promise<number> {
  if (!fs.existsSync(integrationIndex)) throw new Error(`${integrationIndex} is missing: run \`npm run pretest\` first`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('no DISPLAY: on a headless Linux machine run this under `xvfb-run -a npm run test:desktop`');
  }
  const sim = await startSim({ keys: [TEST_KEY], clockSpeed: 40 });
  const temp = makeTempDir('desktop');
  const workspace = path.join(temp, 'workspace');
  const userDataDir = path.join(temp, 'user-data');
  const resultsFile = path.join(temp, 'results.json');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'airforce.baseUrl': sim.url, 'airforce.pollIntervalSeconds': 5, 'workbench.startupEditor': 'none' }, null, 2),
  );
  let layer: LayerResult;
  try {
    let runError: string | undefined;
    try {
      await runTests({
        version: VSCODE_VERSION,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: integrationIndex,
        launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userDataDir}`],
        extensionTestsEnv: { AIRFORCE_SIM_URL: sim.url, AIRFORCE_TEST_KEY: TEST_KEY, AIRFORCE_TEST_RESULTS: resultsFile },
      });
    } catch (err) {
      // run() rejects when a test failed; the results file says which.
      runError = errorText(err);
    }
    const parsed: unknown = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
    if (!isIntegrationResultsFile(parsed)) {
      layer = layerFrom('integration', [], `no results from VS Code${runError ? `: ${runError}` : ''}`);
    } else {
      for (const n of parsed.notes) log(n);
      for (const t of parsed.tests) process.stdout.write(`${formatResult(t)}\n`);
      const crashed = parsed.error ?? (parsed.tests.length === 0 ? 'no integration tests ran' : undefined);
      layer = layerFrom('integration', parsed.tests, crashed);
    }
  } finally {
    await sim.close().catch(() => undefined);
    removeDir(temp);
  }
  if (layer.crashed) process.stdout.write(`  FAIL [integration] ${layer.crashed}\n`);
  process.stdout.write(`${summaryLine([layer])}\n`);
  return layer.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${errorText(err)}\n`);
    process.exit(1);
  },
);
