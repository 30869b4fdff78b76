/**
 * In the aggregator: what the pipeline's stages did (their members' cumulative counters, exact
 * merges of their latency histograms, their counts second by second) and each group's latency from
 * the original intended send time — then the report's `pipeline` section.
 */
import { addStageCounters, emptyStageCounters } from '../metrics/counters.js';
import { createLatencyHistogram, encodeHistogram, mergeInto, summarizeUs } from '../metrics/histogram.js';
import type { ConsumerSnapshot, StageCounters } from '../metrics/snapshot-types.js';
import type { PipelineReport, StageReport } from '../report/pipeline-types.js';
import type { LatencyStats, RunPhase } from '../report/report-types.js';
import type { Plan, PlannedConsumerGroup } from '../scenario/plan-types.js';
import { describeTransform } from '../workload/transforms/transforms.js';

type Histogram = ReturnType<typeof createLatencyHistogram>;

interface StageMemberState {
  counters: StageCounters;
  heldInputs: number;
  restarts: number;
}

interface StageState {
  group: PlannedConsumerGroup;
  members: Map<string, StageMemberState>;
  intendedToReceive: Histogram;
  receiveToAck: Histogram;
  /** Per second closed: cumulative inputs consumed and outputs acknowledged. */
  seconds: Array<{ phase: RunPhase; consumed: number; acked: number }>;
}

export class StageRecorder {
  private readonly stages = new Map<string, StageState>();
  private readonly e2eByGroup = new Map<string, Histogram>();

  constructor(private readonly plan: Plan) {
    for (const group of plan.consumerGroups) {
      this.e2eByGroup.set(group.groupId, createLatencyHistogram());
      if (group.stage) this.stages.set(group.groupId, { group, members: new Map(), intendedToReceive: createLatencyHistogram(), receiveToAck: createLatencyHistogram(), seconds: [] });
    }
  }

  /** True when the plan has stages. */
  get active(): boolean {
    return this.stages.size > 0;
  }

  isStage(groupId: string): boolean {
    return this.stages.has(groupId);
  }

  addConsumer(snapshot: ConsumerSnapshot): void {
    const e2e = this.e2eByGroup.get(snapshot.groupId);
    if (e2e) mergeInto(e2e, snapshot.endToEndUs);
    const stage = this.stages.get(snapshot.groupId);
    if (!stage || snapshot.stage === undefined) return;
    const { counters, heldInputs, restarts } = snapshot.stage;
    stage.members.set(snapshot.consumerId, { counters, heldInputs, restarts });
    mergeInto(stage.intendedToReceive, snapshot.stage.intendedToReceiveUs);
    mergeInto(stage.receiveToAck, snapshot.stage.receiveToAckUs);
  }

  /** A stage's counters over its members, as of their latest snapshots. */
  counters(groupId: string): StageCounters {
    let sum = emptyStageCounters();
    for (const member of this.stages.get(groupId)?.members.values() ?? []) sum = addStageCounters(sum, member.counters);
    return sum;
  }

  /** Outputs a stage has written for its readers so far: acknowledged, less those of aborted transactions. */
  written(stageGroupId: string): number {
    const counters = this.counters(stageGroupId);
    return Math.max(0, counters.acked - counters.abortedOutputs);
  }

  /** The stage writing `topic`, if any. */
  writerOf(topic: string): PlannedConsumerGroup | undefined {
    for (const { group } of this.stages.values()) if (group.stage?.outputTopic === topic) return group;
    return undefined;
  }

  closeSecond(phase: RunPhase): void {
    for (const [groupId, stage] of this.stages) {
      const counters = this.counters(groupId);
      stage.seconds.push({ phase, consumed: counters.consumed, acked: counters.acked });
    }
  }

  /** The groups whose latency is the run's end-to-end latency: those no stage is made of. */
  endToEndGroups(): string[] {
    return this.plan.consumerGroups.filter((group) => !this.stages.has(group.groupId)).map((group) => group.groupId);
  }

  report(): PipelineReport {
    const stats = (histogram: Histogram): LatencyStats => ({ ...summarizeUs(histogram), hdr: encodeHistogram(histogram) });
    const stages: StageReport[] = [...this.stages.entries()]
      .map(([groupId, state]) => {
        const stage = state.group.stage as NonNullable<PlannedConsumerGroup['stage']>;
        const members = [...state.members.values()];
        return {
          groupId,
          stageIndex: stage.stageIndex,
          inputTopic: state.group.topicName,
          outputTopic: stage.outputTopic,
          transform: describeTransform(stage.transform),
          semantics: stage.semantics,
          processingCostUs: stage.processingCostUs,
          members: state.group.members.length,
          counts: this.counters(groupId),
          inputPerSec: measuredRate(state.seconds, 'consumed'),
          outputPerSec: measuredRate(state.seconds, 'acked'),
          halts: members.reduce((sum, member) => sum + member.restarts, 0),
          heldInputsAtEnd: members.reduce((sum, member) => sum + member.heldInputs, 0),
          intendedToReceive: stats(state.intendedToReceive),
          receiveToAck: stats(state.receiveToAck),
        };
      })
      .sort((a, b) => a.stageIndex - b.stageIndex);
    const readers = this.plan.consumerGroups.map((group) => ({
      groupId: group.groupId,
      topic: group.topicName,
      writtenBy: this.writerOf(group.topicName)?.groupId ?? null,
      isStage: group.stage !== undefined,
      readCommitted: group.readCommitted,
      checkedByMessage: group.checkedByMessage,
      e2e: stats(this.e2eByGroup.get(group.groupId) ?? createLatencyHistogram()),
    }));
    return { stages, readers, endToEndGroups: this.endToEndGroups() };
  }
}

/** Mean per second over the measured seconds of a cumulative count (0 when none was measured). */
function measuredRate(seconds: ReadonlyArray<{ phase: RunPhase; consumed: number; acked: number }>, field: 'consumed' | 'acked'): number {
  const first = seconds.findIndex((s) => s.phase === 'measure');
  if (first === -1) return 0;
  let last = first;
  while (last + 1 < seconds.length && seconds[last + 1]?.phase === 'measure') last++;
  const before = first === 0 ? 0 : (seconds[first - 1]?.[field] ?? 0);
  const end = seconds[last]?.[field] ?? 0;
  return (end - before) / (last - first + 1);
}
