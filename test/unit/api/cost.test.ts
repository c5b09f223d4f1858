import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCostCents } from '../../../src/api/rules/cost';

test('cost = duration × price per second', () => {
  assert.equal(estimateCostCents(8, { price_per_second_cents: 40 }), 320);
  assert.equal(estimateCostCents(5, { price_per_second_cents: 2.5 }), 12.5);
  assert.equal(estimateCostCents(0, { price_per_second_cents: 40 }), 0);
});
