// Faults of the wire (issue 16, round three): image answers too big for the small-JSON cap or slow
// behind keep-alive comments, an error event instead of images, an audio body that stalls after a
// few bytes, and a JSON body that trickles forever. Each takes the response the handler would send.
import type { ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

/** The fixture PNG grown to about `size` bytes by a tEXt chunk before IEND: still a valid PNG. */
export function paddedPng(png: Buffer, size: number): Buffer {
  const iend = png.length - 12; // the IEND chunk: length, type, no data, CRC
  const pad = Math.max(0, size - png.length - 12);
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(pad, 0x61)]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([png.subarray(0, iend), head, data, crc, png.subarray(iend)]);
}

/** `data: …` of an SSE answer sent at once: headers first, then a `: keep-alive` every `everyMs`, the answer after `delayMs`. */
export function slowSseAnswer(res: ServerResponse, headers: Record<string, string>, text: string, delayMs: number, everyMs: number): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
  res.flushHeaders();
  const beat = setInterval(() => res.write(': keep-alive\n\n'), Math.max(10, everyMs));
  const done = setTimeout(() => {
    clearInterval(beat);
    res.end(`data: ${text}\n\ndata: [DONE]\n\n`);
  }, delayMs);
  res.once('close', () => {
    clearInterval(beat);
    clearTimeout(done);
  });
}

/** A 200 event stream whose only event is `event: error` with the provider's message (nothing billed). */
export function imageErrorEvent(res: ServerResponse, message: string): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(`event: error\ndata: ${JSON.stringify({ error: { message, type: 'upstream_error' } })}\n\n`);
}

/** Headers announcing the whole body, then `sent` bytes of it, then nothing: the socket stays open. */
export function stalledBody(res: ServerResponse, type: string, bytes: Buffer, headers: Record<string, string>, sent: number): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  res.write(bytes.subarray(0, Math.max(0, Math.min(bytes.length - 1, sent))));
}

/** A 200 JSON body without a length that never ends: one space every `everyMs` after `{"data":[`. */
export function tricklingJson(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"data":[');
  const drip = setInterval(() => res.write(' '), Math.max(5, everyMs));
  res.once('close', () => clearInterval(drip));
  res.on('error', () => undefined);
}
