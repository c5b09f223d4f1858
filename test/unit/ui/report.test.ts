// How a failure is reported (src/ui/report.ts): refusals the person caused are logged as info, real
// failures as errors; both still reach the person as a notification.
import '../vscodeFake';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ui } from '../vscodeFake';
import { ValidationError } from '../../../src/api/rules/validation';
import { AirforceError } from '../../../src/api/http/errors';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { reportError } = require('../../../src/ui/report') as typeof import('../../../src/ui/report');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BudgetExceededError } = require('../../../src/submit/vscode/budgetGuard') as typeof import('../../../src/submit/vscode/budgetGuard');

function fakeLog() {
  const lines: { level: string; text: string }[] = [];
  const at = (level: string) => (text: string) => void lines.push({ level, text });
  return { lines, channel: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('trace') } };
}

test('fh#5 a budget or validation refusal is logged as info, a failure of the service as an error', async () => {
  ui.reset();
  const log = fakeLog();
  const channel = log.channel as unknown as import('vscode').LogOutputChannel;
  await reportError(new BudgetExceededError('Budget of $1.00 per day: $0.20 left; this costs about $2.00. Nothing was sent.'), channel, 'airforce.generateVideo');
  await reportError(new ValidationError([{ field: 'duration_seconds', message: 'Duration must be 5 or 10' }]), channel);
  await reportError(new AirforceError({ message: 'POST /v1/video/tasks failed: upstream down', type: 'api_error', status: 502 }), channel);
  assert.deepEqual(
    log.lines.map((l) => l.level),
    ['info', 'info', 'error'],
  );
  assert.match(log.lines[0]!.text, /^refused: airforce\.generateVideo: Budget of \$1\.00/);
  assert.equal(ui.errors.length, 3, 'the person still sees every one');
});
