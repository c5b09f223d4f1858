// Sorts the simulator's request log into the kinds the per-task request budget counts.
import type { RequestLogEntry } from '../test/simulator/types';

export type RequestKind = 'create' | 'stream' | 'status' | 'download' | 'list' | 'other';

export function requestKind(entry: Pick<RequestLogEntry, 'method' | 'path'>): RequestKind {
  if (entry.method === 'POST' && entry.path === '/v1/video/generations') return 'create';
  if (entry.method === 'GET' && /^\/v1\/video\/tasks\/[^/]+\/stream$/.test(entry.path)) return 'stream';
  if (entry.method === 'GET' && /^\/v1\/video\/tasks\/[^/]+$/.test(entry.path)) return 'status';
  if (entry.method === 'GET' && entry.path === '/v1/video/tasks') return 'list';
  if (entry.path.startsWith('/files/')) return 'download';
  return 'other';
}
