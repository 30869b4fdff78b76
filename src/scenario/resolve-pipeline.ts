/**
 * The pipeline part of a plan: which topic each consumer group reads, the stages (groups with
 * `stage`) with their depth and output topics, and which readers read `read_committed`; readers of
 * the ksqlDB query's output (`ksql`) are not checked by message. Reads a
 * validated scenario (scenario/rules/pipeline-rules.ts checked the graph). Pure.
 */
import { parseDuration } from '../util/durations.js';
import type { PlannedStage, PlannedTopic } from './plan-types.js';
import type { ParsedScenario } from './schema/scenario-schema.js';
import { DEFAULT_STAGE_COMMIT_INTERVAL } from './schema/stage-schema.js';

type ParsedGroup = ParsedScenario['consumers'][number];

export interface ResolvedPipeline {
  /** Per group (in the scenario's order): its topic, how it reads, its stage. */
  groups: Array<{ topic: string; readCommitted: boolean; checkedByMessage: boolean; upstreamStages: string[]; stage: PlannedStage | undefined }>;
  outputTopics: PlannedTopic[];
}

/** The topic a group reads: its `topic`, else the scenario's. */
export function groupTopic(group: Pick<ParsedGroup, 'topic'>, sourceTopic: string): string {
  return group.topic ?? sourceTopic;
}

/**
 * Every stage's depth (0: reads the producers' topic), by group index; undefined for a group that
 * is no stage or whose input no chain of stages from the producers' topic writes (a cycle, or a
 * topic nobody writes: refused by validation).
 */
export function stageDepths(groups: readonly Pick<ParsedGroup, 'topic' | 'stage'>[], sourceTopic: string): Array<number | undefined> {
  const depthOfTopic = new Map<string, number>([[sourceTopic, -1]]);
  const depths: Array<number | undefined> = groups.map(() => undefined);
  // Breadth first from the source: a stage gets its depth once its input topic has one.
  for (let changed = true; changed; ) {
    changed = false;
    groups.forEach((group, i) => {
      if (group.stage === undefined || depths[i] !== undefined) return;
      const inputDepth = depthOfTopic.get(groupTopic(group, sourceTopic));
      if (inputDepth === undefined) return;
      depths[i] = inputDepth + 1;
      if (!depthOfTopic.has(group.stage.output.name)) depthOfTopic.set(group.stage.output.name, inputDepth + 1);
      changed = true;
    });
  }
  return depths;
}

/**
 * `groupIds`: each group's id (in the scenario's order). A group's upstream stages are the chain
 * writing its topic, nearest first; it is checked by message unless an aggregate is on that chain.
 */
/** Whether a stage's outputs identify the original messages (`kb`): not an aggregate's, whose outputs stand for windows. */
function carriesMessages(stage: NonNullable<ParsedGroup['stage']>): boolean {
  return stage.transform.type !== 'aggregate';
}

export function resolvePipeline(scenario: ParsedScenario, source: PlannedTopic, groupIds: readonly string[]): ResolvedPipeline {
  const groups = scenario.consumers;
  const ksqlOutput = scenario.ksql?.output.name;
  const depths = stageDepths(groups, source.name);
  const writers = new Map<string, ParsedGroup>();
  for (const group of groups) if (group.stage !== undefined) writers.set(group.stage.output.name, group);
  const partitionsOf = (topic: string, seen = new Set<string>()): number => {
    const writer = writers.get(topic);
    if (writer?.stage === undefined || seen.has(topic)) return source.partitions;
    seen.add(topic);
    return writer.stage.output.partitions ?? partitionsOf(groupTopic(writer, source.name), seen);
  };
  const upstreamOf = (topic: string): { stages: string[]; byMessage: boolean } => {
    const stages: string[] = [];
    let byMessage = true;
    for (let at = topic; at !== source.name; ) {
      const writer = writers.get(at);
      const index = writer === undefined ? -1 : groups.indexOf(writer);
      if (writer?.stage === undefined || stages.includes(groupIds[index] ?? '')) break;
      stages.push(groupIds[index] ?? '');
      if (!carriesMessages(writer.stage)) byMessage = false;
      at = groupTopic(writer, source.name);
    }
    return { stages, byMessage };
  };
  const outputTopics: PlannedTopic[] = [];
  const resolved = groups.map((group, i) => {
    const topic = groupTopic(group, source.name);
    // The ksqlDB query's output: windows written by ksqlDB (no kbench header), read uncommitted, no stage of kbench's upstream.
    if (topic === ksqlOutput && topic !== source.name) return { topic, readCommitted: false, checkedByMessage: false, upstreamStages: [], stage: undefined };
    const readCommitted = writers.get(topic)?.stage?.semantics === 'exactly-once';
    const upstream = upstreamOf(topic);
    const base = { topic, readCommitted, checkedByMessage: upstream.byMessage, upstreamStages: upstream.stages };
    const settings = group.stage;
    if (settings === undefined) return { ...base, stage: undefined };
    const configs: Record<string, string> = {};
    for (const [key, value] of Object.entries(settings.output.configs ?? {})) configs[key] = String(value);
    outputTopics.push({
      name: settings.output.name,
      partitions: settings.output.partitions ?? partitionsOf(topic),
      replicationFactor: settings.output.replicationFactor ?? source.replicationFactor,
      configs,
      // A stage's output starts empty on every run: its readers are checked against what the stage was given.
      recreate: true,
      keep: source.keep,
      recreateExisting: false,
    });
    const stage: PlannedStage = {
      stageIndex: depths[i] ?? 0,
      transform: settings.transform,
      semantics: settings.semantics,
      outputTopic: settings.output.name,
      processingCostUs: settings.processingCostUs,
      transactionTimeoutMs: parseDuration(settings.transactionTimeout) ?? 10_000,
      commitIntervalMs: settings.semantics === 'at-least-once' ? (parseDuration(settings.commitInterval ?? DEFAULT_STAGE_COMMIT_INTERVAL) ?? 0) : 0,
      maxInFlight: settings.maxInFlight,
      producerConfig: { ...settings.producerConfig },
      carriesMessages: carriesMessages(settings),
    };
    return { ...base, stage };
  });
  return { groups: resolved, outputTopics };
}
