/** What every measurement needs: the cluster, the settings, the topics, the abort signal, a log. */
import type { PeersSettings } from './peers-options.js';
import type { PeerTopics } from './peer-topics.js';

export interface MeasureContext {
  brokers: string[];
  settings: PeersSettings;
  topics: PeerTopics;
  /** Aborted on Ctrl-C: the running JVM is killed, the kbench run stops. */
  signal: AbortSignal;
  log: (line: string) => void;
  /** Client library versions seen in kbench's reports (filled as runs complete). */
  clientVersions: Record<string, string>;
}

/** Bound on one Apache tool run: its expected time at a pessimistic rate, plus start-up. */
export function toolTimeoutMs(records: number, slowestRecordsPerSec: number): number {
  return Math.ceil((records / slowestRecordsPerSec) * 1000) + 60_000;
}

/** Runs `use` on a topic created fresh for it (named after `label`) and deletes the topic after, also on failure. */
export async function onFreshTopic<T>(ctx: MeasureContext, label: string, use: (topic: string) => Promise<T>): Promise<T> {
  const topic = await ctx.topics.createFresh(label);
  try {
    return await use(topic);
  } finally {
    await ctx.topics.delete(topic);
  }
}
