// Delete Task's question (src/commands/jobCommands.ts): the prompt cut at a word with an ellipsis,
// and what deleting does — on the server for a video task, only locally for the other kinds.
import { ui } from '../vscodeFake';
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../../src/container';
import type { JobRecord } from '../../../src/jobs/types';
import { taskRecord } from '../jobs/record-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commands = require('../../../src/commands/jobCommands') as typeof import('../../../src/commands/jobCommands');

const LONG = 'A red fox runs across a snowy field at dawn while the camera slowly pans to follow its tracks';

function fakeAf(r: JobRecord) {
  const deleted: string[] = [];
  const af = { tracker: { get: (id: string) => (id === r.localId ? r : undefined), delete: async (id: string) => void deleted.push(id) } };
  return { af: af as unknown as Airforce, deleted };
}

beforeEach(() => ui.reset());

test('fh#5 Delete asks with the prompt cut at a word boundary and says the video task goes from the server too', async () => {
  const r = taskRecord({ prompt: LONG, status: 'completed', taskId: 'task-1', savedPath: '/out/fox.mp4' });
  const { af, deleted } = fakeAf(r);
  ui.warningAnswer = 'Delete';
  assert.equal(await commands.deleteTask(af, r.localId), true);
  const [asked] = ui.warnings;
  assert.equal(asked!.message, 'Delete task "A red fox runs across a snowy field at dawn while the…"?');
  assert.equal(asked!.modal, true);
  assert.match(asked!.detail!, /also deleted on the Api\.Airforce server/);
  assert.match(asked!.detail!, /The saved file \/out\/fox\.mp4 is kept\./);
  assert.deepEqual(deleted, [r.localId]);
});

test('fh#5 Delete on an image job says there is nothing to delete on the server; a waiting video is never sent', async () => {
  const image = taskRecord({ kind: 'image', prompt: 'A lighthouse', status: 'completed', taskId: 'req-1', files: ['/o/a.png', '/o/b.png'], savedPath: '/o/a.png' });
  ui.warningAnswer = undefined;
  assert.equal(await commands.deleteTask(fakeAf(image).af, image.localId), false, 'cancelled: nothing deleted');
  assert.doesNotMatch(ui.warnings[0]!.detail!, /deleted on the Api\.Airforce server/);
  assert.match(ui.warnings[0]!.detail!, /no task on the server/);
  assert.match(ui.warnings[0]!.detail!, /The 2 saved files are kept\./);
  const waiting = taskRecord({ status: 'waiting' });
  await commands.deleteTask(fakeAf(waiting).af, waiting.localId);
  assert.match(ui.warnings[1]!.detail!, /never sent/);
});
