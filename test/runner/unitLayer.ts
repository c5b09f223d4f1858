// Layer 1 of `npm test`: the node:test unit tests (compiled to out/test/unit/), one file at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, resultsDir } from './paths';
import { runCommand } from './processes';
import type { LayerResult, TestResult } from './results';

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

function hasTests(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.test.js'));
}

export async function runUnitLayer(timeoutMs = 10 * 60_000): Promise<LayerResult> {
  if (!hasTests(UNIT_DIR)) {
    process.stdout.write(`  (no unit tests under ${path.relative(repoRoot, UNIT_DIR)})\n`);
    return { layer: 'unit', passed: 0, failed: 0, tests: [] };
  }
  const result = await runCommand(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', `${path.relative(repoRoot, UNIT_DIR)}/`], {
    cwd: repoRoot,
    timeoutMs,
  });
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'unit.tap'), `${result.output}\n`);
  process.stdout.write(`${readable(result.output)}\n`);
  const tap = parseTap(result.output);
  const failures: TestResult[] = (tap?.failures ?? []).map((f) => ({ layer: 'unit', title: f.title, ok: false, error: f.error }));
  let crashed: string | undefined;
  if (result.timedOut) crashed = `unit tests did not finish within ${timeoutMs / 1000} s`;
  else if (!tap) crashed = `node --test exited with ${result.code} without a TAP summary`;
  else if (result.code !== 0 && tap.fail + tap.cancelled === 0) crashed = `node --test exited with ${result.code}`;
  const passed = tap?.pass ?? 0;
  const failed = (tap ? tap.fail + tap.cancelled : 0) + (crashed ? 1 : 0);
  return { layer: 'unit', passed, failed, crashed, tests: failures };
}
