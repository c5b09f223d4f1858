// Result records shared by every layer (unit, package, integration, UI) and by the Mocha entry that
// runs inside the extension host, so the driver can print one summary. No vscode import here.

export type Layer = 'unit' | 'package' | 'integration' | 'ui';

export interface TestResult {
  readonly layer: Layer;
  readonly title: string;
  readonly ok: boolean;
  readonly durationMs?: number;
  readonly error?: string;
}

export interface LayerResult {
  readonly layer: Layer | 'integration+ui';
  readonly passed: number;
  readonly failed: number;
  /** Set when the layer could not run to the end (crash, timeout): counts as one failure. */
  readonly crashed?: string;
  readonly tests: readonly TestResult[];
}

/** What test/integration/index.ts writes to $AIRFORCE_TEST_RESULTS. */
export interface IntegrationResultsFile {
  readonly vscodeVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly tests: readonly TestResult[];
  readonly notes: readonly string[];
  /** Set when Mocha itself could not start (e.g. a test file failed to load). */
  readonly error?: string;
}

/** One line of the progress file the extension host appends to while tests run. */
export type ProgressEvent =
  { readonly type: 'start'; readonly vscodeVersion: string } | { readonly type: 'test'; readonly result: TestResult } | { readonly type: 'note'; readonly message: string };

export function isIntegrationResultsFile(value: unknown): value is IntegrationResultsFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.vscodeVersion === 'string' && Array.isArray(v.tests) && Array.isArray(v.notes);
}

export function layerFrom(layer: LayerResult['layer'], tests: readonly TestResult[], crashed?: string): LayerResult {
  const passed = tests.filter((t) => t.ok).length;
  const failed = tests.length - passed + (crashed ? 1 : 0);
  return { layer, passed, failed, crashed, tests };
}

export function formatResult(t: TestResult): string {
  const ms = t.durationMs === undefined ? '' : ` (${Math.round(t.durationMs)} ms)`;
  const head = `  ${t.ok ? 'ok  ' : 'FAIL'} [${t.layer}] ${t.title}${ms}`;
  if (t.ok || !t.error) return head;
  return `${head}\n${t.error
    .split('\n')
    .map((l) => `         ${l}`)
    .join('\n')}`;
}

/** What a run ends with: each failed test and crashed layer on its line, then the summary line. */
export function closingReport(layers: readonly LayerResult[]): string {
  const lines: string[] = [];
  for (const l of layers) {
    for (const t of l.tests.filter((t) => !t.ok)) lines.push(`failed: [${t.layer}] ${t.title}`);
    if (l.crashed) lines.push(`crashed: ${l.layer}: ${l.crashed.split('\n')[0]}`);
  }
  lines.push(summaryLine(layers));
  return `${lines.join('\n')}\n`;
}

/** Last line of `npm test`: exactly "N passed, N failed". */
export function summaryLine(layers: readonly LayerResult[]): string {
  const passed = layers.reduce((n, l) => n + l.passed, 0);
  const failed = layers.reduce((n, l) => n + l.failed, 0);
  return `${passed} passed, ${failed} failed`;
}

export function errorText(err: unknown): string {
  // Playwright colours its call logs; the escapes would show up as noise in CI logs.
  return rawErrorText(err).replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
}

function rawErrorText(err: unknown): string {
  if (err instanceof Error) {
    // Only the frames: an assertion's stack repeats its (multi-line) message.
    const stack = (err.stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 3)
      .join('\n');
    return stack ? `${err.message}\n${stack}` : err.message;
  }
  return String(err);
}
