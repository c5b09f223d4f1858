// `npm test` (after `pretest` built dist/ and out/): unit → package → integration + UI in a real
// VS Code. Every layer runs even if an earlier one failed; the last line is exactly
// "N passed, N failed", and the exit code is non-zero if anything failed or a layer crashed.
import { codeServerMissing, ensureCodeServer } from './codeServer';
import { runIntegration } from './integration';
import { runPackageLayer } from './packageLayer';
import { isInterrupted, withTimeout } from './processes';
import { closingReport, errorText, type LayerResult } from './results';
import { runUnitLayer } from './unitLayer';

interface LayerSpec {
  readonly name: LayerResult['layer'];
  readonly heading: string;
  /** Outer bound; each layer also bounds its own steps and stops what it started. */
  readonly timeoutMs: number;
  readonly run: () => Promise<LayerResult>;
}

const LAYERS: readonly LayerSpec[] = [
  {
    name: 'unit',
    heading: 'unit tests (node:test)',
    timeoutMs: 11 * 60_000,
    // The first run of a clone installs code-server (~1.5 min, mostly compiling native modules) while
    // the unit tests run; the self-timed unit files wait for it. The later layers share the same
    // install: a failure here is theirs to report.
    run: () => {
      const install = codeServerMissing() ? ensureCodeServer().catch(() => undefined) : undefined;
      if (install) process.stdout.write('  (code-server is installed meanwhile, for the later layers)\n');
      return runUnitLayer({ timeoutMs: 10 * 60_000, beforeSelfTimed: install });
    },
  },
  { name: 'package', heading: 'package (.vsix)', timeoutMs: 15 * 60_000, run: runPackageLayer },
  {
    name: 'integration+ui',
    heading: 'integration + UI (VS Code 1.100.3 in code-server, headless Chromium)',
    // Includes the one-time code-server install (~1.5 min).
    timeoutMs: 35 * 60_000,
    run: () => runIntegration({ timeoutMs: 10 * 60_000 }),
  },
];

async function main(): Promise<number> {
  const done: LayerResult[] = [];
  for (const spec of LAYERS) {
    process.stdout.write(`\n== ${spec.heading} ==\n`);
    const started = Date.now();
    let layer: LayerResult;
    try {
      layer = await withTimeout(spec.run(), spec.timeoutMs, `the ${spec.name} layer`);
    } catch (err) {
      const why = errorText(err);
      process.stdout.write(`  FAIL [${spec.name}] layer crashed: ${why}\n`);
      layer = { layer: spec.name, passed: 0, failed: 1, crashed: why, tests: [] };
    }
    // The signal handler is stopping everything and exits by itself; a summary would mislead.
    if (isInterrupted()) await new Promise<never>(() => undefined);
    done.push(layer);
    const crashed = layer.crashed ? ` — crashed: ${layer.crashed.split('\n')[0]}` : '';
    process.stdout.write(`-- ${spec.name}: ${layer.passed} passed, ${layer.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)${crashed}\n`);
  }
  process.stdout.write(`\n${closingReport(done)}`);
  return done.some((l) => l.failed > 0 || l.crashed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${errorText(err)}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
