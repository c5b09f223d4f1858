// A task record for tests that need one without a tracker: a plain text request, `patch` wins.
import type { JobRecord } from '../../../src/jobs/types';

export function taskRecord(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    localId: 'l1',
    kind: 'video',
    origin: { type: 'command' },
    model: 'wan-2.6',
    prompt: 'A red fox',
    mode: 'text',
    duration_seconds: 5,
    extra: {},
    inputImageSources: [],
    status: 'waiting',
    progress: 0,
    created: 1,
    ...patch,
  };
}
