// What the figures were measured on: they mean little without it.
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

export interface MachineInfo {
  cpus: { model: string; cores: number };
  memory_gib: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: { model: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length },
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${distroName() ?? os.type()} (${os.platform()} ${os.release()} ${os.arch()})`,
  };
}

/** PRETTY_NAME from /etc/os-release on Linux; undefined elsewhere. */
function distroName(): string | undefined {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m?.[1];
  } catch {
    return undefined;
  }
}
