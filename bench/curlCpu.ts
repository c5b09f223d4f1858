// curl's own CPU time. Node cannot read a child's rusage, so curl runs under `bash -c '…; times'`:
// bash's `times` prints its own user/sys time, then its children's (curl's, once waited for),
// from getrusage(RUSAGE_CHILDREN). LC_ALL=C keeps the decimal point a '.'.
import { spawn } from 'node:child_process';

export interface CpuTimes {
  userMs: number;
  sysMs: number;
}

export interface CurlCpuRun {
  /** curl's user + sys CPU, ms (includes its process start, ~a few ms). */
  cpu: CpuTimes;
  exitCode: number;
}

// curl's exit code is kept apart from `times`' output: the last line says `exit <code>`.
const SCRIPT = 'curl -s -f -o "$1" "$2"; rc=$?; times; echo "exit $rc"';

/** Runs `curl -s -f -o <path> <url>` (the URL stays one argument: no shell parsing of '&'). */
export function curlWithCpu(url: string, path: string): Promise<CurlCpuRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', SCRIPT, 'bash', path, url], {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`bash exited with ${code}`);
        const exit = /^exit (\d+)$/m.exec(out);
        resolve({ cpu: parseBashTimes(out).children, exitCode: exit ? Number(exit[1]) : -1 });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/**
 * Parses bash's `times` output: two lines of `<user> <sys>`, the shell's then its children's, each
 * value like `0m0.123s` (or `1m2.500s`).
 */
export function parseBashTimes(text: string): { shell: CpuTimes; children: CpuTimes } {
  const lines = text
    .split('\n')
    .map((l) => /^(\d+)m(\d+(?:\.\d+)?)s\s+(\d+)m(\d+(?:\.\d+)?)s$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  if (lines.length !== 2) throw new Error(`expected two lines of bash 'times' output, got ${lines.length}: ${JSON.stringify(text.slice(0, 200))}`);
  const times = (m: RegExpExecArray): CpuTimes => ({
    userMs: (Number(m[1]) * 60 + Number(m[2])) * 1000,
    sysMs: (Number(m[3]) * 60 + Number(m[4])) * 1000,
  });
  return { shell: times(lines[0]), children: times(lines[1]) };
}
