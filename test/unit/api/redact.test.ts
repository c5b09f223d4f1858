// The redactor, the redacting logger, the key format check and the task id check, without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceError, errorFromResponse } from '../../../src/api/http/errors';
import { assertSafeTaskId, isSafeTaskId } from '../../../src/api/http/ids';
import { keyFormatProblem } from '../../../src/api/rules/keyFormat';
import { createRedactor, redactSecrets } from '../../../src/api/http/redact';
import { trustedRequestId } from '../../../src/api/http/requestId';
import { redactingLogger, type Logger } from '../../../src/util/logger';

test('#10 the exact key is redacted whole, with punctuation, in escaped forms, and without the prefix', () => {
  const r = createRedactor();
  const punct = 'sk-air-a"b\\c/d!e#TAIL';
  r.remember(punct);
  r.remember('plainEnvKey1234');
  const text = [`raw ${punct} end`, `json ${JSON.stringify({ k: punct })}`, `url ?key=${encodeURIComponent(punct)}`, 'env plainEnvKey1234.', 'other sk-air-someone.elses!key'].join(
    '\n',
  );
  const out = r.redact(text);
  for (const frag of ['TAIL', 'plainEnvKey', 'elses']) assert.ok(!out.includes(frag), out);
  assert.match(out, /^raw sk-air-… end$/m);
  assert.match(out, /^env sk-air-…\.$/m);
  assert.equal(r.redact(out), out, 'idempotent');
  assert.ok(r.containsSecret('x plainEnvKey1234 y'));
  assert.ok(!r.containsSecret('nothing secret'));
  // Old pattern-only redaction left the tail after the first unusual character.
  assert.ok(!redactSecrets('key sk-air-abc!def#ghi').includes('def#ghi'));
});

test('#10 an error built with the redactor carries redacted text from the start', () => {
  const r = createRedactor(['notPrefixedSecret99']);
  const e = errorFromResponse({
    status: 401,
    bodyText: JSON.stringify({ error: { message: 'Key notPrefixedSecret99 revoked', code: 'notPrefixedSecret99' } }),
    requestId: 'notPrefixedSecret99',
    method: 'GET',
    path: '/v1/video/tasks',
    redact: r.redact,
  });
  for (const t of [e.message, e.userMessage(), e.apiMessage, e.code, e.requestId]) assert.ok(!String(t).includes('notPrefixed'), String(t));
  // Without it, only the pattern applies (a caller that knows no key).
  assert.ok(new AirforceError({ message: 'x sk-air-zz!top', type: 't' }).message.endsWith('sk-air-…'));
});

test('#10 the redacting logger scrubs every line and argument and forwards everything else', () => {
  const lines: string[] = [];
  let shown = 0;
  const push = (m: string | Error, ...args: unknown[]): void => void lines.push([m, ...args].map(String).join(' '));
  const inner = { trace: push, debug: push, info: push, warn: push, error: push, show: () => void shown++, name: 'Airforce' };
  const r = createRedactor();
  const log = redactingLogger<Logger & { show(): void; name: string }>(inner, r.redact);
  r.remember('late-learned-key-0001');
  log.info('GET /x 400 late-learned-key-0001 12ms');
  log.warn('with args', 'late-learned-key-0001', { nested: 'late-learned-key-0001' });
  log.error(new Error('boom late-learned-key-0001'));
  log.show();
  assert.equal(shown, 1);
  assert.equal(log.name, 'Airforce');
  assert.equal(lines.length, 3);
  for (const l of lines) assert.ok(!l.includes('late-learned') && l.includes('sk-air-…'), l);
});

test('#10 a key with whitespace or control characters is refused at input', () => {
  assert.equal(keyFormatProblem('sk-air-good_Key.123'), undefined);
  assert.equal(keyFormatProblem('  sk-air-good_Key.123\n'), undefined, 'a paste artefact around the key is trimmed');
  assert.equal(keyFormatProblem('sk-air-ab cd'), 'whitespace');
  assert.equal(keyFormatProblem('sk-air-ab\tcd'), 'whitespace');
  assert.equal(keyFormatProblem('sk-air-ab\u00a0cd'), 'whitespace');
  assert.equal(keyFormatProblem('sk-air-ab\u0000cd'), 'control');
  assert.equal(keyFormatProblem('sk-air-ab\u007fcd'), 'control');
  assert.equal(keyFormatProblem('sk-air-ab\u200bcd'), 'control', 'zero-width space');
  assert.equal(keyFormatProblem('sk-air-ab\u202ecd'), 'control', 'bidi override');
  assert.equal(keyFormatProblem('sk-air-abcé'), 'non_ascii');
  assert.equal(keyFormatProblem(''), 'empty');
  assert.equal(keyFormatProblem('abc'), 'prefix');
  assert.equal(keyFormatProblem('abc', { requirePrefix: false }), undefined);
});

test('#10 a server request id is used only when it is a plain token holding no secret', () => {
  const r = createRedactor(['envKeyValue42']);
  assert.equal(trustedRequestId('req_abc-123', 'ours', r.containsSecret), 'req_abc-123');
  assert.equal(trustedRequestId(null, 'ours', r.containsSecret), 'ours');
  assert.equal(trustedRequestId('envKeyValue42', 'ours', r.containsSecret), 'ours');
  assert.equal(trustedRequestId('sk-air-whatever', 'ours', r.containsSecret), 'ours');
  assert.equal(trustedRequestId('a b', 'ours', r.containsSecret), 'ours');
  assert.equal(trustedRequestId('x'.repeat(300), 'ours', r.containsSecret), 'ours');
});

test('#12 task ids: the safe pattern, never a dot segment', () => {
  for (const ok of ['t1', 'vid_abc123', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'a..b', 'A:b.c_d-e']) assert.ok(isSafeTaskId(ok), ok);
  for (const bad of ['', '.', '..', '...', '../x', 'a/b', 'a\\b', '%2e%2e', '-x', '_x', 'a b', 'a'.repeat(129), 42, null, undefined]) {
    assert.ok(!isSafeTaskId(bad), String(bad));
    assert.throws(
      () => assertSafeTaskId(bad),
      (e: unknown) => e instanceof AirforceError && /task_id$/.test(e.code ?? ''),
    );
  }
});
