// Layer 1 of `npm test`: the node:test unit tests (compiled to out/test/unit/), two files at a time,
// then the self-timed files alone. `npm run test:unit` runs this layer by itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, resultsDir } from './paths';
import { runCommand, type CommandResult } from './processes';
import { closingReport, errorText, type LayerResult, type TestResult } from './results';

const UNIT_DIR = path.join(repoRoot, 'out', 'test', 'unit');

export interface TapSummary {
  readonly pass: number;
  readonly fail: number;
  readonly cancelled: number;
  /** Titles (with their error line) of the `not ok` entries. */
  readonly failures: readonly { readonly title: string; readonly error?: string }[];
}

/** Reads node:test's TAP: the final `# pass N` / `# fail N` / `# cancelled N` and the failures. */
export function parseTap(output: string): TapSummary | undefined {
  const count = (name: string): number | undefined => {
    const m = new RegExp(`^# ${name} (\\d+)\\s*$`, 'm').exec(output);
    return m ? Number(m[1]) : undefined;
  };
  const pass = count('pass');
  const fail = count('fail');
  if (pass === undefined || fail === undefined) return undefined;
  const failures: { title: string; error?: string }[] = [];
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!m) continue;
    // Skip suites: their failing children are listed on their own.
    let error: string | undefined;
    let isSuite = false;
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]); j++) {
      if (/^\s*type: 'suite'/.test(lines[j])) isSuite = true;
      const e = /^\s*error: (.*)$/.exec(lines[j]);
      if (e && error === undefined) error = e[1].replace(/^'(.*)'$/, '$1');
    }
    if (!isSuite) failures.push({ title: m[2], error });
  }
  return { pass, fail, cancelled: count('cancelled') ?? 0, failures };
}

/** The TAP without the YAML blocks of passing tests: what a person wants to read. */
function readable(output: string): string {
  const out: string[] = [];
  let skipping = false;
  let lastWasOk = false;
  for (const line of output.split('\n')) {
    if (skipping) {
      if (/^\s*\.\.\.\s*$/.test(line)) skipping = false;
      continue;
    }
    if (lastWasOk && /^\s*---\s*$/.test(line)) {
      skipping = true;
      lastWasOk = false;
      continue;
    }
    lastWasOk = /^\s*ok \d+ /.test(line);
    if (/^\s*# Subtest: /.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/**
 * Files that time their own code against a limit (a bundle's evaluation, the storyboard analyzer's
 * cost): they run alone after the rest, so other files' CPU is not counted against them.
 */
export const SELF_TIMED_FILES: readonly string[] = ['bundle.test.js', 'storyboard/analyze.test.js'];

/** Two files at a time on 2 cores: most of a file's time is process start, Chromium and timers. */
export const UNIT_CONCURRENCY = Math.max(1, Math.min(4, os.availableParallelism()));

type Pass = CommandResult & { readonly name: string };

async function runPass(name: string, files: readonly string[], concurrency: number, timeoutMs: number): Promise<Pass> {
  const rel = (f: string): string => path.relative(repoRoot, path.join(UNIT_DIR, f));
  const result = await runCommand(process.execPath, ['--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`, ...files.map(rel)], {
    cwd: repoRoot,
    timeoutMs,
  });
  return { name, ...result };
}

export interface UnitLayerOptions {
  readonly timeoutMs?: number;
  /** Awaited before the self-timed files run (e.g. a code-server install sharing the CPU meanwhile). */
  readonly beforeSelfTimed?: Promise<unknown>;
}

export async function runUnitLayer(options: UnitLayerOptions = {}): Promise<LayerResult> {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const files = testFiles(UNIT_DIR);
  if (files.length === 0) {
    process.stdout.write(`  (no unit tests under ${path.relative(repoRoot, UNIT_DIR)})\n`);
    return { layer: 'unit', passed: 0, failed: 0, tests: [] };
  }
  const deadline = Date.now() + timeoutMs;
  const selfTimed = files.filter((f) => SELF_TIMED_FILES.includes(f));
  const rest = files.filter((f) => !SELF_TIMED_FILES.includes(f));
  const passes: Pass[] = [await runPass(`${rest.length} files, ${UNIT_CONCURRENCY} at a time`, rest, UNIT_CONCURRENCY, timeoutMs)];
  if (selfTimed.length > 0) {
    await options.beforeSelfTimed?.catch(() => undefined);
    passes.push(await runPass(`${selfTimed.length} self-timed files, alone`, selfTimed, 1, Math.max(60_000, deadline - Date.now())));
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'unit.tap'), `${passes.map((p) => `# pass of ${p.name}\n${p.output}`).join('\n')}\n`);
  let passed = 0;
  let failed = 0;
  const crashes: string[] = [];
  const failures: TestResult[] = [];
  for (const pass of passes) {
    process.stdout.write(`${readable(pass.output)}\n`);
    const tap = parseTap(pass.output);
    failures.push(...(tap?.failures ?? []).map((f): TestResult => ({ layer: 'unit', title: f.title, ok: false, error: f.error })));
    if (pass.timedOut) crashes.push(`unit tests (${pass.name}) did not finish in time`);
    else if (!tap) crashes.push(`node --test (${pass.name}) exited with ${pass.code} without a TAP summary`);
    else if (pass.code !== 0 && tap.fail + tap.cancelled === 0) crashes.push(`node --test (${pass.name}) exited with ${pass.code}`);
    passed += tap?.pass ?? 0;
    failed += tap ? tap.fail + tap.cancelled : 0;
  }
  const crashed = crashes.length ? crashes.join('; ') : undefined;
  return { layer: 'unit', passed, failed: failed + crashes.length, crashed, tests: failures };
}

if (require.main === module) {
  runUnitLayer().then(
    (layer) => {
      process.stdout.write(closingReport([layer]));
      process.exitCode = layer.failed > 0 ? 1 : 0;
    },
    (err: unknown) => {
      process.stderr.write(`${errorText(err)}\n`);
      process.exitCode = 1;
    },
  );
}
