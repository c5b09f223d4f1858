// Plain node:http plumbing: a tiny method+pattern router, body reading with a size cap, JSON replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';

export type Params = Record<string, string>;

export interface Route<C> {
  method: string;
  pattern: RegExp;
  handler: (ctx: C, params: Params) => Promise<void> | void;
}

export type RouteMatch<C> = { kind: 'found'; route: Route<C>; params: Params } | { kind: 'wrong-method'; allowed: string[] } | { kind: 'none' };

/** `/v1/video/tasks/:id` → a RegExp with named groups. */
export function route<C>(method: string, path: string, handler: Route<C>['handler']): Route<C> {
  const source = path.replace(/[.]/g, '\\.').replace(/:(\w+)/g, '(?<$1>[^/]+)');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

export function matchRoute<C>(routes: Route<C>[], method: string, path: string): RouteMatch<C> {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Params = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
    if (r.method === method || (r.method === 'GET' && method === 'HEAD')) return { kind: 'found', route: r, params };
    allowed.push(r.method);
  }
  return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes)
        tooLarge = true; // keep draining so the 413 can be delivered
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        reject(new ApiError(413, 'payload_too_large', `Request body exceeds ${maxBytes} bytes.`, 'payload_too_large'));
      } else {
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', reject);
  });
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_request', 'Malformed JSON in request body.', 'invalid_json');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
