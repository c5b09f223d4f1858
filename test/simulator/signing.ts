// Pre-signed result URLs: /files/<task_id>/video.mp4?expires=<unix>&sig=<hmac>, signed with a
// secret that lives only as long as the server, so no URL outlives its simulator.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class UrlSigner {
  private readonly secret = randomBytes(32);

  sign(taskId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${taskId}\n${expires}`).digest('hex');
  }

  resultPath(taskId: string, expires: number): string {
    return `/files/${encodeURIComponent(taskId)}/video.mp4?expires=${expires}&sig=${this.sign(taskId, expires)}`;
  }

  /** True when `sig` is the signature of (taskId, expires); says nothing about expiry. */
  verify(taskId: string, expires: string | null, sig: string | null): boolean {
    if (!expires || !sig || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return false;
    const want = Buffer.from(this.sign(taskId, Number(expires)), 'hex');
    return timingSafeEqual(want, Buffer.from(sig, 'hex'));
  }
}
