// A cross-process lock (mkdir is atomic) so two runs never install into the same folder at once.
// A lock left by a process that no longer exists is taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from './processes';

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLock<T>(lockDir: string, timeoutMs: number, onWait: () => void, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Give a just-created lock a moment to get its pid file before judging it stale.
      const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (!stat) continue; // released meanwhile: try again at once
      if (!ownerAlive(lockDir) && Date.now() - stat.mtimeMs > 2000) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock ${lockDir}`);
      if (!announced) {
        onWait();
        announced = true;
      }
      await sleep(1000);
    }
  }
  try {
    return await body();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
