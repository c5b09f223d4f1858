// Every input image the server would receive must be an image by its bytes (PNG, JPEG, WebP) before
// anything is sent: a URL whose answer is an HTML page was accepted as a first frame, and the job
// billed. A URL's first bytes are fetched without the key, under the same address rules as result
// URLs (resultUrl.ts: https, no private or link-local address, each redirect checked); inline base64
// is decoded just far enough to see its type. Pure: fetch and the resolver are parameters.
import { sniffImageType, type ImageType } from '../api/images';
import type { InputImage } from '../api/schemas/schemas';
import { checkResolvedHost, checkResultUrl, type ResultUrlPolicy } from './download/resultUrl';

export interface InputImageCheckDeps {
  fetch: typeof fetch;
  policy: ResultUrlPolicy;
  /** For the whole check of one URL (redirects included); default 15 s. */
  timeoutMs?: number;
}

/** Bytes enough for every signature sniffImageType knows (WebP: 12). */
const HEAD_BYTES = 32;
const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_MS = 15_000;

/** Why `image` is not an image the server should be sent, or undefined when it is one. */
export async function inputImageProblem(image: InputImage, deps: InputImageCheckDeps): Promise<string | undefined> {
  if ('b64_json' in image) {
    const head = Buffer.from(image.b64_json.slice(0, 44), 'base64');
    return sniffImageType(head) ? undefined : `The inline input_images entry is not a PNG, JPEG or WebP image (${describeBytes(head)}).`;
  }
  try {
    await sniffUrl(image.url, deps);
    return undefined;
  } catch (e) {
    return `The input_images entry ${shortUrl(image.url)} cannot be used: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The type of the image at `raw`, from its first bytes; throws saying why it is none. */
async function sniffUrl(raw: string, deps: InputImageCheckDeps): Promise<ImageType> {
  const signal = AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let url = checkResultUrl(raw, deps.policy);
  for (let hop = 0; ; hop++) {
    await checkResolvedHost(url, deps.policy);
    // No Authorization, no cookies: the key never goes to an image host.
    const res = await deps.fetch(url, { method: 'GET', headers: { Range: `bytes=0-${HEAD_BYTES - 1}`, Accept: 'image/png, image/jpeg, image/webp' }, redirect: 'manual', signal });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      const location = res.headers.get('location');
      if (!location) throw new Error(`it answered ${res.status} without a Location`);
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = checkResultUrl(location, deps.policy, url);
      continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`it answered ${res.status}`);
    }
    const head = await firstBytes(res, HEAD_BYTES);
    const type = sniffImageType(head);
    if (!type) throw new Error(`it is not a PNG, JPEG or WebP image (${describeBytes(head, res.headers.get('content-type'))})`);
    return type;
  }
}

/** Reads at most `n` bytes of the body, then lets the connection go. */
async function firstBytes(res: Response, n: number): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < n) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** What the bytes look like instead: an HTML page, text, or the server's content type. */
function describeBytes(head: Uint8Array, contentType?: string | null): string {
  const text = Buffer.from(head).toString('latin1').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<')) return 'it looks like an HTML page';
  if (head.length === 0) return 'it is empty';
  return contentType ? `it was sent as ${contentType.slice(0, 60)}` : 'unknown content';
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.slice(0, 120);
  } catch {
    return url.slice(0, 120);
  }
}
