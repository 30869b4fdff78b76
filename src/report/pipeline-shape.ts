/** The check of a report's `pipeline` section (pipeline-types.ts), field by field. Pure. */
import { array, bool, count, nonNegative, nullable, object, oneOf, optional, record, str, type Check } from './json-checks.js';
import type { KsqlReport, PipelineReaderReport, PipelineReport, StageCountsReport, StageReport } from './pipeline-types.js';
import { latencyStats } from './report-sections-shape.js';

const stageCounts = object<StageCountsReport>({
  consumed: count,
  foreign: count,
  undecodable: count,
  transformed: count,
  filtered: count,
  aggregated: count,
  late: count,
  skippedUncommitted: count,
  skippedWhileHalted: count,
  produced: count,
  acked: count,
  failed: count,
  notAttempted: count,
  abortedOutputs: count,
  committedBatches: count,
  failedCommits: count,
  abortedTransactions: count,
  errors: record<StageCountsReport['errors']>(count),
});

const stage = object<StageReport>({
  groupId: str,
  stageIndex: count,
  inputTopic: str,
  outputTopic: str,
  transform: str,
  semantics: oneOf(['at-most-once', 'at-least-once', 'exactly-once']),
  processingCostUs: nonNegative,
  members: count,
  counts: stageCounts,
  inputPerSec: nonNegative,
  outputPerSec: nonNegative,
  halts: count,
  heldInputsAtEnd: count,
  intendedToReceive: latencyStats,
  receiveToAck: latencyStats,
});

const reader = object<PipelineReaderReport>({
  groupId: str,
  topic: str,
  writtenBy: nullable(str),
  isStage: bool,
  readCommitted: bool,
  checkedByMessage: bool,
  e2e: latencyStats,
});

export const pipeline: Check<PipelineReport> = object<PipelineReport>({ stages: array(stage), readers: array(reader), endToEndGroups: array(str) });

export const ksql: Check<KsqlReport> = object<KsqlReport>({
  query: oneOf(['sales-per-store']),
  url: str,
  serverVersion: nullable(str),
  inputTopic: str,
  streamName: str,
  tableName: str,
  outputTopic: str,
  readers: array(str),
  statements: array(str),
  queryIds: array(str),
  created: bool,
  setupError: optional(str),
  dropped: bool,
  dropErrors: array(str),
});
