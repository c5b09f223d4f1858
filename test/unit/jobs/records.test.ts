// One clock for a task submitted here: the server's `created` (which may run ahead, like the
// simulator's fast clock) never replaces the local moment Generate was pressed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyServerTask, recordFromRequest, recordFromServerTask } from '../../../src/jobs/records';

const request = { model: 'wan-2.6', prompt: 'Fox', duration_seconds: 5 };

describe('task records and the clock', () => {
  it('a task submitted here keeps its local created time when the server reports its own', () => {
    const record = recordFromRequest(request, [], 'l1', 1_000);
    applyServerTask(record, { task_id: 't1', status: 'processing', created: 5_000 }, 1_002);
    applyServerTask(record, { task_id: 't1', status: 'completed', created: 5_000, progress: 100 }, 1_030);
    assert.equal(record.created, 1_000);
    assert.equal(record.completedAt, 1_030);
    assert.ok(record.completedAt! >= record.created, 'completed is never before created');
  });

  it('a task seen only in the server list keeps the server time', () => {
    const record = recordFromServerTask({ task_id: 't2', status: 'completed', created: 4_000 } as never, 'l2', 1_000);
    applyServerTask(record, { task_id: 't2', status: 'completed', created: 4_100 }, 1_001);
    assert.equal(record.created, 4_100);
  });
});
