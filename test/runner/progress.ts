// Lets code running inside the extension host (Mocha entry, tests) tell the driver what is happening
// while it happens: JSON lines appended next to the results file. No vscode import.
import * as fs from 'node:fs';
import type { ProgressEvent } from './results';

export function progressFileFor(resultsFile: string): string {
  return `${resultsFile}.progress`;
}

/**
 * Written by the extension host just before it reloads the window for a restart case: the driver
 * then expects that host to end, and the next host reads what ran before from it.
 */
export function restartMarkerFor(resultsFile: string): string {
  return `${resultsFile}.restart.json`;
}

export function emitProgress(event: ProgressEvent): void {
  const results = process.env.AIRFORCE_TEST_RESULTS;
  if (!results) return;
  try {
    fs.appendFileSync(progressFileFor(results), `${JSON.stringify(event)}\n`);
  } catch {
    // Progress is a convenience; the results file is what counts.
  }
}

/** Every note() of this process, for the results file. */
export const notes: string[] = [];

/** A line the driver prints with the test output (e.g. a measured number). */
export function note(message: string): void {
  notes.push(message);
  console.log(message);
  emitProgress({ type: 'note', message });
}

/** Reads the events appended since `offset`; returns them and the new offset. */
export function readProgress(file: string, offset: number): { events: ProgressEvent[]; offset: number } {
  let text: string;
  try {
    const buf = fs.readFileSync(file);
    if (buf.length <= offset) return { events: [], offset };
    // Only consume complete lines, so a line being written is read next time.
    const end = buf.lastIndexOf(0x0a);
    if (end < offset) return { events: [], offset };
    text = buf.subarray(offset, end + 1).toString('utf8');
    offset = end + 1;
  } catch {
    return { events: [], offset };
  }
  const events: ProgressEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as ProgressEvent);
    } catch {
      // A torn line is skipped rather than failing the run.
    }
  }
  return { events, offset };
}
