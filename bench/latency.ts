// Completion detection latency: the simulator marks a held task completed at a known instant
// (SimTask.completedAtMs) and we time how long the real follower takes to report it (its terminal
// onUpdate, which the tracker acts on). Over the progress stream, and by polling alone at the
// default 8 s interval.
import { isTerminal } from '../src/api/schemas/schemas';
import type { AirforceClient } from '../src/api/client';
import { DEFAULT_POLL_MS, followTask, type FollowOptions } from '../src/jobs/video/followTask';
import type { Simulator } from '../test/simulator/server';
import { chunk } from './stats';
import { delay, preciseNow, signal, videoRequest, withTimeout } from './common';

export interface DetectionSample {
  taskId: string;
  /** The instant the simulator marked it completed (epoch ms). */
  completedAtMs: number;
  /** The instant the follower reported the terminal state (epoch ms). */
  detectedAtMs: number;
  latencyMs: number;
  /** Polling only: how long after the first poll the task was completed. */
  completeOffsetMs?: number;
}

interface OneTask {
  sim: Simulator;
  api: AirforceClient;
  prompt: string;
  follow: Pick<FollowOptions, 'useStream' | 'pollIntervalMs'>;
  /** Wait after the follower's first update (stream open / first poll answered) before completing. */
  completeAfterMs: number;
  timeoutMs: number;
}

/** Creates a task (the simulator must hold tasks), follows it, completes it, returns the latency. */
async function detectOne(o: OneTask): Promise<DetectionSample> {
  const created = await o.api.createVideo(videoRequest(o.prompt));
  const taskId = created.task_id;
  const first = signal();
  let detectedAtMs: number | undefined;
  const controller = new AbortController();
  const following = followTask(o.api, taskId, {
    ...o.follow,
    signal: controller.signal,
    onUpdate: (u) => {
      if (isTerminal(u.status)) detectedAtMs ??= preciseNow();
      else first.fire();
    },
  });
  try {
    await withTimeout(Promise.race([first.promise, following.then(() => undefined)]), o.timeoutMs, `first update of ${taskId}`);
    await delay(o.completeAfterMs);
    const task = o.sim.completeTask(taskId);
    const completedAtMs = task.completedAtMs;
    if (completedAtMs === undefined) throw new Error(`the simulator did not stamp completion of ${taskId}`);
    const done = await withTimeout(following, o.timeoutMs, `completion of ${taskId}`);
    if (done.status !== 'completed') throw new Error(`task ${taskId} ended ${done.status}`);
    if (detectedAtMs === undefined) throw new Error(`the follower resolved ${taskId} without a terminal update`);
    return { taskId, completedAtMs, detectedAtMs, latencyMs: detectedAtMs - completedAtMs, completeOffsetMs: o.completeAfterMs };
  } finally {
    controller.abort(new Error('bench step over'));
    await following.catch(() => undefined);
  }
}

/**
 * Over the stream, one task at a time (so nothing else competes for the event loop). Each task is
 * completed 10–50 ms after its stream delivered the first state, at a seeded random instant.
 */
export async function measureSseDetection(sim: Simulator, api: AirforceClient, count: number, random: () => number): Promise<DetectionSample[]> {
  sim.holdTasks(true);
  try {
    const samples: DetectionSample[] = [];
    for (let i = 0; i < count; i++) {
      const s = await detectOne({
        sim,
        api,
        prompt: `bench sse ${i}`,
        follow: { useStream: true },
        completeAfterMs: 10 + random() * 40,
        timeoutMs: 10_000,
      });
      samples.push({ ...s, completeOffsetMs: undefined });
    }
    return samples;
  } finally {
    sim.holdTasks(false);
  }
}

/**
 * Polling only, at the default interval, in groups of `groupSize` concurrent tasks (the API's
 * in-flight limit). Each task is completed at a seeded random point of its poll cycle: uniformly
 * within one interval after its first poll was answered, so the expected latency is half an interval.
 */
export async function measurePollDetection(sim: Simulator, api: AirforceClient, count: number, groupSize: number, random: () => number): Promise<DetectionSample[]> {
  const intervalMs = DEFAULT_POLL_MS;
  // Drawn up front so the offsets do not depend on which concurrent task asks first.
  const offsets = Array.from({ length: count }, () => random() * intervalMs);
  sim.holdTasks(true);
  try {
    const samples: DetectionSample[] = [];
    for (const group of chunk(
      offsets.map((offset, i) => ({ offset, i })),
      groupSize,
    )) {
      const results = await Promise.all(
        group.map(({ offset, i }) =>
          detectOne({
            sim,
            api,
            prompt: `bench poll ${i}`,
            follow: { useStream: false, pollIntervalMs: intervalMs },
            completeAfterMs: offset,
            timeoutMs: 3 * intervalMs + 5_000,
          }),
        ),
      );
      samples.push(...results);
    }
    return samples;
  } finally {
    sim.holdTasks(false);
  }
}
