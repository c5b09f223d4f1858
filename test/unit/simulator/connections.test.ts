// The simulator's connection counter (issue 17 item 2): what the perf#2 tests count with. Each
// request names its TCP connection; /__sim/connections reports and resets the counts; control
// calls are not API connections.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { describe, it } from 'node:test';
import { KEY, withSim } from './helpers';

/** One GET on `agent`; resolves with the status once the body was read. */
function get(url: string, agent: Agent, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('connection counter', () => {
  it("counts accepted connections and names each request's connection; control calls are not API connections", () =>
    withSim({}, async (sim) => {
      const auth = { authorization: `Bearer ${KEY}` };
      const kept = new Agent({ keepAlive: true, maxSockets: 1 });
      const fresh = new Agent({ keepAlive: false });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await get(`${sim.url}/v1/models`, kept, auth)).status, 200);
        await get(`${sim.url}/v1/video/tasks`, fresh, auth);
        const ids = sim.requests.map((r) => r.connection);
        assert.equal(new Set(ids.slice(0, 3)).size, 1, 'the keep-alive requests share one connection');
        assert.notEqual(ids[3], ids[0]);
        assert.deepEqual(sim.connections, { accepted: 2, api: 2 });
        const control = await get(`${sim.url}/__sim/connections`, fresh);
        assert.deepEqual(JSON.parse(control.body), { accepted: 3, api: 2 });
        await new Promise<void>((resolve, reject) => {
          const req = request(`${sim.url}/__sim/connections`, { method: 'DELETE', agent: fresh }, (res) => res.resume().on('end', resolve));
          req.on('error', reject);
          req.end();
        });
        assert.deepEqual(sim.connections, { accepted: 0, api: 0 });
      } finally {
        kept.destroy();
        fresh.destroy();
      }
    }));
});
