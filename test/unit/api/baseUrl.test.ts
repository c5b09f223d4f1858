import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSafeBaseUrl, joinUrl } from '../../../src/api/http/baseUrl';
import { AirforceError } from '../../../src/api/http/errors';

test('accepts https and strips the trailing slash', () => {
  assert.equal(joinUrl(assertSafeBaseUrl('https://api.airforce/'), '/v1/models'), 'https://api.airforce/v1/models');
  assert.equal(joinUrl(assertSafeBaseUrl('  https://proxy.example/air//  '), '/v1/models'), 'https://proxy.example/air/v1/models');
});

test('accepts plain http for loopback only', () => {
  for (const ok of ['http://127.0.0.1:8080', 'http://127.5.6.7', 'http://localhost:3000/', 'http://[::1]:9000']) {
    assert.ok(assertSafeBaseUrl(ok) instanceof URL, ok);
  }
});

test('refuses unsafe or broken URLs with a clear message', () => {
  const cases: [string, RegExp][] = [
    ['http://api.airforce', /only allowed for 127\.0\.0\.1/],
    ['http://10.0.0.1', /only allowed/],
    ['http://localhost.evil.example', /only allowed/],
    ['ftp://api.airforce', /only https/],
    ['file:///etc/passwd', /only https/],
    ['javascript:alert(1)', /only https/],
    ['not a url', /not a valid URL/],
    ['', /empty/],
    ['https://api.airforce/?x=1', /query/],
  ];
  for (const [url, why] of cases) {
    assert.throws(
      () => assertSafeBaseUrl(url),
      (e: unknown) => e instanceof AirforceError && e.code === 'unsafe_base_url' && why.test(e.message),
      url,
    );
  }
});

test('refuses credentials without echoing them', () => {
  assert.throws(
    () => assertSafeBaseUrl('https://user:hunter2@api.airforce'),
    (e: unknown) => e instanceof AirforceError && /user name or password/.test(e.message) && !e.message.includes('hunter2'),
  );
});
