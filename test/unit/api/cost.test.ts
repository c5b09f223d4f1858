import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCostCents, formatCents } from '../../../src/api/rules/cost';

test('cost = duration × price per second', () => {
  assert.equal(estimateCostCents(8, { price_per_second_cents: 40 }), 320);
  assert.equal(estimateCostCents(5, { price_per_second_cents: 2.5 }), 12.5);
  assert.equal(estimateCostCents(0, { price_per_second_cents: 40 }), 0);
});

test('formats cents as dollars with two decimals, a fraction of a cent kept', () => {
  assert.equal(formatCents(320), '$3.20');
  assert.equal(formatCents(5), '$0.05');
  assert.equal(formatCents(0), '$0.00');
  assert.equal(formatCents(12.5), '$0.125');
  assert.equal(formatCents(100.4), '$1.004');
  assert.equal(formatCents(123456), '$1,234.56');
  assert.equal(formatCents(Number.NaN), '—');
});
