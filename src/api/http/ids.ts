// Task ids become URL path segments. A hostile or broken server (or a tampered workspace record)
// could hand us `..`, which URL parsing collapses: `/v1/video/tasks/..` is `/v1/video/`. Every id,
// from the server, from storage or from a command argument, is checked here before a URL is built.
import { AirforceError } from './errors';
import { TASK_ID_PATTERN } from '../schemas/schemas';

export { TASK_ID_PATTERN };

export function isSafeTaskId(id: unknown): id is string {
  return typeof id === 'string' && TASK_ID_PATTERN.test(id);
}

/** A short, printable rendering of an untrusted id for a message. */
function shown(id: unknown): string {
  if (typeof id !== 'string') return typeof id;
  const printable = id.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}…` : printable);
}

/** Throws AirforceError (type invalid_request, code unsafe_task_id) unless `id` is a safe task id. */
export function assertSafeTaskId(id: unknown): asserts id is string {
  if (isSafeTaskId(id)) return;
  if (id === '' || id === undefined || id === null) {
    throw new AirforceError({ message: 'A task id is required', type: 'invalid_request', code: 'missing_task_id' });
  }
  throw new AirforceError({
    message: `${shown(id)} is not a valid Airforce task id; nothing was sent`,
    type: 'invalid_request',
    code: 'unsafe_task_id',
  });
}
