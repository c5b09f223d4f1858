import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasUnsettledJobs } from '../../../src/jobs/storeKeys';

test('perf#3 start-up loads the job code only when a stored job still needs following', () => {
  assert.equal(hasUnsettledJobs(undefined), false);
  assert.equal(hasUnsettledJobs([]), false);
  const settled = [
    { status: 'failed' },
    { status: 'expired' },
    { status: 'completed', savedPath: '/w/a.mp4' },
    { status: 'completed', files: ['/w/a.png'] },
    { status: 'completed', downloadError: 'expired' },
    { status: 'completed', imported: true },
  ];
  assert.equal(hasUnsettledJobs(settled), false);
  for (const open of [
    { status: 'waiting' },
    { status: 'fate-unknown' },
    { status: 'queued' },
    { status: 'processing' },
    { status: 'unrecognized' },
    { status: 'completed' },
    { status: 'completed', files: [] },
  ]) {
    assert.equal(hasUnsettledJobs([...settled, open]), true, JSON.stringify(open));
  }
});
