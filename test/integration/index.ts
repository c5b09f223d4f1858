// Extension-test entry (the contract @vscode/test-electron and code-server's `extensionTestsPath`
// share): run() is called inside the extension host. It runs Mocha over every compiled
// out/test/integration/**/*.test.js, writes the results to $AIRFORCE_TEST_RESULTS for the driver
// (a browser cannot report an exit code), and, when $AIRFORCE_TEST_RELEASE is set, stays pending
// until that file exists: VS Code ends the extension host as soon as run() settles, and the UI
// layer needs it alive while it clicks.
//
// Restart cases (only when the runner sets $AIRFORCE_TEST_RESTART=1: the code-server runner can, a
// desktop run cannot): after the *.test.js files, the *.before-restart.js files run in the same Mocha
// pass; then this host writes what ran so far to <results>.restart.json, tells the driver, and
// reloads the window. The new extension host calls run() again, which sees that file and runs the
// *.after-restart.js files, then writes the results of both hosts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { emitProgress, note, notes, restartMarkerFor } from '../runner/progress';
import { errorText, type IntegrationResultsFile, type TestResult } from '../runner/results';

const TEST_TIMEOUT_MS = 60_000;
const RELEASE_WAIT_MS = 5 * 60_000;

function findTests(dir: string, suffix: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full, suffix));
    else if (entry.name.endsWith(suffix)) found.push(full);
  }
  return found.sort();
}

/** What the first extension host hands the one after the restart. */
interface BeforeRestart {
  readonly startedAt: string;
  readonly tests: readonly TestResult[];
  readonly notes: readonly string[];
}

function readBeforeRestart(file: string | undefined): BeforeRestart | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BeforeRestart;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

async function waitForFile(file: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function runMocha(files: readonly string[], tests: TestResult[]): Promise<void> {
  const grep = process.env.AIRFORCE_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      const started = new Map<Mocha.Runnable, number>();
      const record = (result: TestResult): void => {
        tests.push(result);
        emitProgress({ type: 'test', result });
      };
      runner.on('test', (t: Mocha.Test) => started.set(t, Date.now()));
      runner.on('pass', (t: Mocha.Test) => {
        record({ layer: 'integration', title: t.fullTitle(), ok: true, durationMs: t.duration });
      });
      // Also fires for failing hooks ("before all" …), which otherwise would pass silently.
      runner.on('fail', (t: Mocha.Runnable, err: unknown) => {
        const began = started.get(t);
        record({
          layer: 'integration',
          title: t.fullTitle(),
          ok: false,
          durationMs: t.duration ?? (began ? Date.now() - began : undefined),
          error: errorText(err),
        });
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

export async function run(): Promise<void> {
  const resultsFile = process.env.AIRFORCE_TEST_RESULTS;
  const releaseFile = process.env.AIRFORCE_TEST_RELEASE;
  const canRestart = process.env.AIRFORCE_TEST_RESTART === '1' && !!resultsFile;
  const restartFile = resultsFile ? restartMarkerFor(resultsFile) : undefined;
  const before = canRestart ? readBeforeRestart(restartFile) : undefined;
  const startedAt = before?.startedAt ?? new Date().toISOString();
  const tests: TestResult[] = [...(before?.tests ?? [])];
  let error: string | undefined;

  emitProgress({ type: 'start', vscodeVersion: vscode.version });
  if (before) {
    notes.push(...before.notes);
    note(`after the restart: a new extension host (pid ${process.pid}, up ${process.uptime().toFixed(1)} s) runs the *.after-restart tests`);
  } else {
    const versionLine = `VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`;
    note(versionLine);
  }

  let restartNext = false;
  try {
    let files: string[];
    if (before) {
      files = findTests(__dirname, '.after-restart.js');
    } else {
      // Before-restart files last: they leave the simulator and the window in a state for the next host only.
      const beforeRestart = canRestart ? findTests(__dirname, '.before-restart.js') : [];
      files = [...findTests(__dirname, '.test.js'), ...beforeRestart];
      restartNext = beforeRestart.length > 0;
      if (!canRestart) note('restart cases skipped: this runner cannot restart the extension host');
    }
    if (files.length === 0) throw new Error(`no test files under ${__dirname}`);
    await runMocha(files, tests);
  } catch (err) {
    error = errorText(err);
    console.error(`[integration] Mocha could not run: ${error}`);
  }

  if (restartNext && !error && restartFile) {
    const handOver: BeforeRestart = { startedAt, tests, notes: [...notes] };
    writeAtomically(restartFile, `${JSON.stringify(handOver, null, 2)}\n`);
    note(`restarting the extension host (window reload; pid ${process.pid} ends)`);
    // The window reloads: this extension host is shut down (deactivate runs) and run() is called in a new one.
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    await new Promise<never>(() => undefined);
  }

  const failed = tests.filter((t) => !t.ok).length + (error ? 1 : 0);
  if (resultsFile) {
    const results: IntegrationResultsFile = {
      vscodeVersion: vscode.version,
      startedAt,
      finishedAt: new Date().toISOString(),
      tests,
      notes,
      error,
    };
    writeAtomically(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
  if (releaseFile && !(await waitForFile(releaseFile, RELEASE_WAIT_MS))) {
    console.error(`[integration] ${releaseFile} did not appear within ${RELEASE_WAIT_MS / 1000} s; ending anyway`);
  }
  // Rejecting makes desktop VS Code (test-electron) exit non-zero.
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
