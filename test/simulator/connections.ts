// Counts the TCP connections the simulator accepts, so a test can tell whether the client reuses
// them (issue 17 item 2: API calls share one keep-alive connection). Every accepted socket gets an
// id; a request log entry names the connection it came on; `api` counts the distinct connections
// that carried an API request (control calls under /__sim/ are left out).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionCounts {
  /** Connections accepted since the last reset. */
  accepted: number;
  /** Distinct connections that carried at least one API (non-control) request since the last reset. */
  api: number;
}

export class ConnectionCounter {
  private readonly ids = new WeakMap<Socket, number>();
  private next = 1;
  private accepted = 0;
  private readonly apiIds = new Set<number>();

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.ids.set(socket, this.next++);
      this.accepted++;
    });
  }

  /** The id of the connection `socket` (0 if it was never seen); marks it as an API connection when `api`. */
  idOf(socket: Socket, api: boolean): number {
    const id = this.ids.get(socket) ?? 0;
    if (api && id > 0) this.apiIds.add(id);
    return id;
  }

  counts(): ConnectionCounts {
    return { accepted: this.accepted, api: this.apiIds.size };
  }

  reset(): void {
    this.accepted = 0;
    this.apiIds.clear();
  }
}
