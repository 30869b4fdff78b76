/**
 * The console section of a pipeline: what each consume-transform-produce stage did (rates,
 * filtered, late, aborted transactions, halts) and how long it took (intended send → received,
 * received → output acknowledged), then every group reading a pipeline topic with its end-to-end
 * latency and its delivery check. Pure: a function of the report; empty without a pipeline.
 */
import { createTable, formatCount, formatMs, formatRate, truncate, type Style } from './console-format.js';
import type { PipelineReaderReport, PipelineReport, StageReport } from './pipeline-types.js';
import type { GroupIntegrity, KbenchReport, LatencyStats } from './report-types.js';

/** The delivery check's words for a group behind an aggregate. */
export const NOT_CHECKED_BY_MESSAGE = 'not checked by message (behind an aggregate)';

/** Longest transform description in the stage table (the JSON has it whole). */
const TRANSFORM_WIDTH = 40;

export function renderPipeline(report: Pick<KbenchReport, 'pipeline' | 'integrity'>, style: Style): string {
  const pipeline = report.pipeline;
  if (!pipeline) return '';
  const parts = [
    `${style.bold('Pipeline')} ${style.dim('(consume-transform-produce stages; rates: means over the measured seconds; latencies in ms after warm-up)')}`,
  ];
  if (pipeline.stages.length > 0) parts.push(renderStages(pipeline.stages, style), renderStageFigures(pipeline.stages, style));
  if (pipeline.readers.length > 0) parts.push(renderReaders(pipeline, report.integrity?.groups, style));
  parts.push(style.dim(endToEndSentence(pipeline)));
  const notes = stageNotes(pipeline, report.integrity?.groups);
  for (const note of notes) parts.push(style.yellow(note));
  return parts.join('\n');
}

/** `The run's e2e latency (Latency above) is that of the end-to-end groups: …` */
export function endToEndSentence(pipeline: PipelineReport): string {
  const groups = pipeline.endToEndGroups;
  if (groups.length === 0) return "The run's e2e latency covers no group: every group of the pipeline is a stage.";
  const which = `the end-to-end group${groups.length === 1 ? '' : 's'} only, the final readers no stage is made of: ${groups.join(', ')}`;
  return `The run's e2e latency (intended send → consumed) is that of ${which}. A stage's own e2e is intended send → received by the stage.`;
}

function renderStages(stages: readonly StageReport[], style: Style): string {
  const head = ['stage group', 'depth', 'input → output', 'transform', 'semantics', 'members'];
  const table = createTable(head, style, ['left', 'right', 'left', 'left', 'left', 'right']);
  for (const stage of stages) {
    table.push([stage.groupId, String(stage.stageIndex), `${stage.inputTopic} → ${stage.outputTopic}`, truncate(stage.transform, TRANSFORM_WIDTH), stage.semantics, String(stage.members)]);
  }
  return table.toString();
}

function renderStageFigures(stages: readonly StageReport[], style: Style): string {
  const head = [
    'stage group',
    'in msg/s',
    'out msg/s',
    'filtered',
    'late',
    'aborted txns / outputs',
    'halts',
    'intended → received p50',
    'p99',
    'received → acked p50',
    'p99',
  ];
  const table = createTable(head, style);
  const warn = (value: number): string => (value > 0 ? style.yellow(formatCount(value)) : formatCount(value));
  for (const stage of stages) {
    const aborted = stage.semantics === 'exactly-once' ? `${warn(stage.counts.abortedTransactions)} / ${warn(stage.counts.abortedOutputs)}` : '-';
    table.push([
      stage.groupId,
      formatRate(stage.inputPerSec),
      formatRate(stage.outputPerSec),
      formatCount(stage.counts.filtered),
      warn(stage.counts.late),
      aborted,
      warn(stage.halts),
      percentile(stage.intendedToReceive, 'p50'),
      percentile(stage.intendedToReceive, 'p99'),
      percentile(stage.receiveToAck, 'p50'),
      percentile(stage.receiveToAck, 'p99'),
    ]);
  }
  return table.toString();
}

function renderReaders(pipeline: PipelineReport, groups: Record<string, GroupIntegrity> | undefined, style: Style): string {
  const head = ['group', 'topic', 'written by', 'read_committed', 'e2e p50', 'p99', 'max', 'delivery check'];
  const table = createTable(head, style, ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'left']);
  const endToEnd = new Set(pipeline.endToEndGroups);
  for (const reader of pipeline.readers) {
    const role = reader.isStage ? ' (stage)' : endToEnd.has(reader.groupId) ? ' (end to end)' : '';
    table.push([
      `${reader.groupId}${role}`,
      reader.topic,
      reader.writtenBy ?? 'producers',
      reader.readCommitted ? 'yes' : 'no',
      percentile(reader.e2e, 'p50'),
      percentile(reader.e2e, 'p99'),
      percentile(reader.e2e, 'max'),
      deliveryCheck(reader, groups?.[reader.groupId], style),
    ]);
  }
  return table.toString();
}

/**
 * `lost 0 · duplicated 0`, the words for a group behind an aggregate, or `-` without a check. A
 * stage's duplicates are inputs it read again (yellow: its semantics decide what reaches its
 * output); a final reader's are red.
 */
function deliveryCheck(reader: PipelineReaderReport, group: GroupIntegrity | undefined, style: Style): string {
  if (!reader.checkedByMessage) return NOT_CHECKED_BY_MESSAGE;
  if (group === undefined) return '-';
  const paint = (value: number, bad: (text: string) => string): string => (value > 0 ? bad(formatCount(value)) : style.green(formatCount(value)));
  const lost = group.readsEverything ? paint(group.lost, style.red) : '- (not from the start)';
  return `lost ${lost} · duplicated ${paint(group.duplicated, reader.isStage ? style.yellow : style.red)}`;
}

/** Sentences on what the tables cannot say in a cell: inputs a stage read again, what an at-most-once stage lost, late inputs, inputs held in open windows at the end. */
export function stageNotes(pipeline: PipelineReport, groups: Record<string, GroupIntegrity> | undefined): string[] {
  const notes: string[] = [];
  for (const stage of pipeline.stages) {
    const duplicated = groups?.[stage.groupId]?.duplicated ?? 0;
    if (duplicated > 0) {
      const readers = pipeline.readers.filter((reader) => reader.topic === stage.outputTopic).map((reader) => reader.groupId);
      const where = readers.length > 0 ? `; the groups reading ${stage.outputTopic} (${readers.join(', ')}) show whether they reached it twice` : '';
      notes.push(`${stage.groupId} read ${formatCount(duplicated)} inputs again (after a crash, a rebalance or a halt): ${stage.semantics} decides what that does to its output${where}.`);
    }
    const lostBehind = pipeline.readers.filter((reader) => reader.topic === stage.outputTopic && (groups?.[reader.groupId]?.lost ?? 0) > 0);
    if (stage.semantics === 'at-most-once' && lostBehind.length > 0) {
      const counts = lostBehind.map((reader) => `${reader.groupId}: ${formatCount(groups?.[reader.groupId]?.lost ?? 0)}`).join(', ');
      notes.push(`lost behind ${stage.groupId} (${counts}): at-most-once commits a batch before writing it, so what a member had committed but not yet written when it crashed or failed is never read again.`);
    }
    if (stage.counts.late > 0) notes.push(`${stage.groupId} dropped ${formatCount(stage.counts.late)} late inputs: their window had already been emitted (event time; a stalled partition — a crashed member's, until its session timeout — delivers its inputs after their windows closed).`);
    if (stage.heldInputsAtEnd > 0) notes.push(`${stage.groupId} held ${formatCount(stage.heldInputsAtEnd)} inputs in open windows at the end: a crash then would have lost them.`);
  }
  return notes;
}

function percentile(stats: LatencyStats, key: 'p50' | 'p99' | 'max'): string {
  return stats.count === 0 ? '-' : formatMs(stats[key]);
}
