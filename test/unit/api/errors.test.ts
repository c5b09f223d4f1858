import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceError, CreateOutcomeUnknownError, errorFromResponse, isRetryableStatus, parseErrorBody, redactSecrets } from '../../../src/api/http/errors';

const fromStatus = (status: number, body: unknown, extra: { retryAfterMs?: number } = {}): AirforceError =>
  errorFromResponse({
    status,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    requestId: 'req-123',
    method: 'POST',
    path: '/v1/video/generations',
    ...extra,
  });

test('parses the error envelope', () => {
  const parsed = parseErrorBody(JSON.stringify({ error: { message: "Model 'gpt-99' not found.", type: 'invalid_request', param: 'model', code: 'model_not_found' } }));
  assert.deepEqual(parsed, {
    message: "Model 'gpt-99' not found.",
    type: 'invalid_request',
    code: 'model_not_found',
    param: 'model',
    retryAfterSeconds: undefined,
  });
});

test('parses the flat shape and retry_after', () => {
  assert.deepEqual(parseErrorBody(JSON.stringify({ error: 'rate_limit', message: 'Slow down', retry_after: 7 })), {
    message: 'Slow down',
    type: undefined,
    code: 'rate_limit',
    param: undefined,
    retryAfterSeconds: 7,
  });
  assert.equal(parseErrorBody(JSON.stringify({ error: 'Just a message' })).message, 'Just a message');
  assert.equal(parseErrorBody(JSON.stringify({ error: { message: 'x', retry_after: 3 } })).retryAfterSeconds, 3);
  assert.equal(parseErrorBody(JSON.stringify({ error: { message: 'x' }, retry_after: 4 })).retryAfterSeconds, 4);
});

test('non-JSON bodies keep their text, HTML stripped', () => {
  assert.equal(parseErrorBody('<html><body><h1>502 Bad Gateway</h1></body></html>').message, '502 Bad Gateway');
  assert.deepEqual(parseErrorBody(''), {});
  assert.deepEqual(parseErrorBody('{"unexpected": true}'), {});
});

test('type falls back to the status class', () => {
  assert.equal(fromStatus(402, '').type, 'insufficient_balance');
  assert.equal(fromStatus(503, 'oops').type, 'upstream_error');
  assert.equal(fromStatus(418, '').type, 'invalid_request');
  const e = fromStatus(400, { error: { message: 'bad', type: 'invalid_request', param: 'duration_seconds' } });
  assert.equal(e.param, 'duration_seconds');
  assert.equal(e.status, 400);
  assert.equal(e.requestId, 'req-123');
});

test('only 429 and 503 are retryable', () => {
  assert.deepEqual([400, 401, 402, 403, 404, 413, 429, 500, 502, 503].filter(isRetryableStatus), [429, 503]);
});

test('user messages say what to do, with the request id', () => {
  const cases: [AirforceError, RegExp][] = [
    [fromStatus(401, { error: { message: 'Invalid key' } }), /Set API Key.*Invalid key/],
    [fromStatus(402, { error: { message: 'Balance too low' } }), /top up/],
    [fromStatus(403, { error: { message: 'Upgrade', code: 'free_tier_gated' } }), /upgrade your plan/],
    [fromStatus(403, { error: { message: 'Key blocked' } }), /plan.*Key blocked/],
    [fromStatus(429, { error: { message: 'Too many' } }, { retryAfterMs: 12_000 }), /retry in 12 s/],
    [fromStatus(429, { error: { message: 'Too many' } }), /wait a moment/],
    [fromStatus(503, { error: { message: 'Provider down' } }), /another model or wait/],
    [fromStatus(500, ''), /internal error/],
    [fromStatus(400, { error: { message: 'duration out of range', param: 'duration_seconds' } }), /duration_seconds.*duration out of range/],
    [new AirforceError({ message: 'x', type: 'network_error', code: 'ECONNREFUSED', requestId: 'req-123' }), /connection.*airforce\.baseUrl/],
    [new AirforceError({ message: 'x', type: 'network_error', code: 'timeout', requestId: 'req-123' }), /in time.*airforce\.baseUrl/],
  ];
  for (const [err, re] of cases) {
    const msg = err.userMessage();
    assert.match(msg, re, msg);
    assert.match(msg, /Request ID: req-123/, msg);
  }
  const missing = new AirforceError({ message: 'No key', type: 'authentication_error', code: 'missing_api_key' });
  assert.match(missing.userMessage(), /Set API Key/);
});

test('create outcome unknown says nothing was re-sent', () => {
  const e = new CreateOutcomeUnknownError({ requestId: 'req-9' });
  assert.equal(e.code, 'create_outcome_unknown');
  assert.notEqual(e.type, 'network_error', 'must not look like a retryable network error');
  assert.ok(e instanceof AirforceError);
  assert.match(e.userMessage(), /may or may not have been accepted.*Nothing was re-sent.*task list.*req-9/);
});

test('keys echoed by the server are redacted from messages', () => {
  const e = fromStatus(401, { error: { message: 'Key sk-air-abcDEF123_x is revoked' } });
  assert.ok(!e.message.includes('abcDEF123'));
  assert.ok(!e.userMessage().includes('abcDEF123'));
  assert.equal(redactSecrets('Bearer sk-air-secret.value'), 'Bearer sk-air-…');
});
