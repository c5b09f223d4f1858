// Starts bench/simServer.js in a child process and drives it over its /__sim control routes.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildSim {
  url: string;
  resultBytes: number;
  pid: number;
  /** Marks a task completed (POST /__sim/tasks/:id/complete). */
  completeTask(taskId: string): Promise<void>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startChildSim(opts: { key: string; resultSizeBytes: number }): Promise<ChildSim> {
  const script = join(__dirname, 'simServer.js');
  const child = spawn(process.execPath, [script, '--result-size-bytes', String(opts.resultSizeBytes)], {
    env: { ...process.env, BENCH_SIM_KEY: opts.key },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let info: { url: string; resultBytes: number };
  try {
    info = await firstJsonLine(child);
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
    close: () => stopChild(child),
  };
}

function firstJsonLine(child: ChildProcess): Promise<{ url: string; resultBytes: number }> {
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
      lines.close();
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
