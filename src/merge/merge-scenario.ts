/**
 * The merged report's `scenario` section: the whole run's plan, from the shards' parts. What every
 * shard shares (merge-compatibility.ts) is the first shard's; producers, group members, schedule
 * steps and workers are every shard's together (worker ids made unique), and the messages the
 * schedule expects are the shards' sum. Pure.
 */
import type { ReportConsumerGroup, ReportConsumerStep, ReportScenario } from '../report/report-types.js';
import type { AlignedShard } from './shard-alignment.js';

/** `group#2` before `group#10`. */
export function byId(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function mergeScenario(shards: readonly AlignedShard[]): ReportScenario {
  const first = shards[0];
  if (first === undefined) throw new RangeError('mergeScenario needs at least one shard');
  const expected = shards.map((shard) => shard.report.scenario.expectedMessages);
  const { expectedMessages: _expected, ...scenario } = first.report.scenario;
  return {
    ...scenario,
    producers: shards
      .flatMap((shard) => shard.report.scenario.producers.map((producer) => ({ ...producer, workerId: producer.workerId + shard.workerIdBase })))
      .sort((a, b) => a.index - b.index),
    consumerGroups: first.report.scenario.consumerGroups.map((group) => mergeGroup(group, shards)),
    workers: shards.flatMap((shard) => shard.report.scenario.workers.map((worker) => ({ ...worker, id: worker.id + shard.workerIdBase }))),
    ...(expected.every((n): n is number => n !== undefined) ? { expectedMessages: expected.reduce((a, b) => a + b, 0) } : {}),
  };
}

function mergeGroup(group: ReportConsumerGroup, shards: readonly AlignedShard[]): ReportConsumerGroup {
  const parts = shards.flatMap((shard) => {
    const own = shard.report.scenario.consumerGroups.find((g) => g.groupId === group.groupId);
    return own === undefined ? [] : [{ shard, own }];
  });
  const members = parts.flatMap(({ shard, own }) => own.members.map((member) => ({ ...member, workerId: member.workerId + shard.workerIdBase }))).sort((a, b) => byId(a.id, b.id));
  const schedules = parts.map(({ own }) => own.schedule).filter((schedule) => schedule !== undefined);
  const { schedule: _schedule, ...rest } = group;
  return { ...rest, members, ...(schedules.length > 0 ? { schedule: mergeSchedules(schedules) } : {}) };
}

/** One step per time, action (and processing time): the shards' member ids together. */
function mergeSchedules(schedules: ReadonlyArray<readonly ReportConsumerStep[]>): ReportConsumerStep[] {
  const steps = new Map<string, ReportConsumerStep>();
  for (const schedule of schedules) {
    for (const step of schedule) {
      const key = JSON.stringify([step.atMs, step.action, step.action === 'slow' ? step.processingTimeMs : null]);
      const known = steps.get(key);
      if (known === undefined) steps.set(key, { ...step, consumerIds: [...step.consumerIds] });
      else known.consumerIds = [...new Set([...known.consumerIds, ...step.consumerIds])].sort(byId);
    }
  }
  return [...steps.values()].sort((a, b) => a.atMs - b.atMs);
}
