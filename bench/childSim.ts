// Starts bench/simServer.js in a child process and drives it over its /__sim control routes.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseHandlingLine, type HandlingReport } from './handlingReport';

export interface ChildSim {
  url: string;
  resultBytes: number;
  pid: number;
  /** Marks a task completed (POST /__sim/tasks/:id/complete). */
  completeTask(taskId: string): Promise<void>;
  /**
   * The simulator's own handling time of the request with this X-Request-ID (only when started
   * with `reportHandling`); waits for its line, which may arrive just after the client's answer.
   */
  handling(requestId: string, timeoutMs?: number): Promise<HandlingReport>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startChildSim(opts: { key: string; resultSizeBytes: number; reportHandling?: boolean; maxUploadBytes?: number }): Promise<ChildSim> {
  const script = join(__dirname, 'simServer.js');
  const args = [
    script,
    '--result-size-bytes',
    String(opts.resultSizeBytes),
    ...(opts.reportHandling ? ['--report-handling'] : []),
    ...(opts.maxUploadBytes === undefined ? [] : ['--max-upload-bytes', String(opts.maxUploadBytes)]),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BENCH_SIM_KEY: opts.key },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const reports = new HandlingReports();
  let info: { url: string; resultBytes: number };
  try {
    info = await firstJsonLine(child, opts.reportHandling ? (lines) => lines.on('line', (l) => reports.add(l)) : undefined);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  const pid = child.pid ?? -1;
  return {
    ...info,
    pid,
    async completeTask(taskId) {
      const res = await fetch(`${info.url}/__sim/tasks/${encodeURIComponent(taskId)}/complete`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the simulator refused to complete ${taskId}: HTTP ${res.status}`);
    },
    handling: (requestId, timeoutMs = 2_000) => {
      if (!opts.reportHandling) return Promise.reject(new Error('the simulator child was started without reportHandling'));
      return reports.wait(requestId, timeoutMs);
    },
    close: () => stopChild(child),
  };
}

/** Handling reports by request id, each taken once; a waiter is answered when its line arrives. */
class HandlingReports {
  private readonly seen = new Map<string, HandlingReport>();
  private readonly waiting = new Map<string, (r: HandlingReport) => void>();

  add(line: string): void {
    const report = parseHandlingLine(line);
    if (!report) return;
    const waiter = this.waiting.get(report.requestId);
    if (waiter) {
      this.waiting.delete(report.requestId);
      waiter(report);
    } else {
      this.seen.set(report.requestId, report);
    }
  }

  wait(requestId: string, timeoutMs: number): Promise<HandlingReport> {
    const ready = this.seen.get(requestId);
    if (ready) {
      this.seen.delete(requestId);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error(`no handling time from the simulator for ${requestId}`));
      }, timeoutMs);
      this.waiting.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }
}

/** The child's first line ({url, resultBytes}); `rest`, if given, gets the reader for the lines after it. */
function firstJsonLine(child: ChildProcess, rest?: (lines: Interface) => void): Promise<{ url: string; resultBytes: number }> {
  return new Promise((resolve, reject) => {
    const stdout = child.stdout;
    if (!stdout) return reject(new Error('the simulator child has no stdout'));
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => fail(new Error('the simulator child did not start in time')), START_TIMEOUT_MS);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      lines.close();
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`the simulator child exited (code ${code}) before listening`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (rest) rest(lines);
      else lines.close();
      try {
        const parsed = JSON.parse(line) as { url?: unknown; resultBytes?: unknown };
        if (typeof parsed.url !== 'string' || typeof parsed.resultBytes !== 'number') throw new Error('bad shape');
        resolve({ url: parsed.url, resultBytes: parsed.resultBytes });
      } catch {
        reject(new Error(`unexpected first line from the simulator child: ${line.slice(0, 200)}`));
      }
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
