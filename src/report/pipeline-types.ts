/**
 * The report's `pipeline` section: what each consume-transform-produce stage did and cost, and
 * how long the original messages took to reach every group of the pipeline. Present when the
 * scenario has stages (consumer groups with `stage`). The delivery check of each group is in
 * `integrity.groups` (a group reading a stage's output is checked against what the producers had
 * acknowledged, minus what the stages on its way filtered out).
 */
import type { StageCounters } from '../metrics/snapshot-types.js';
import type { LatencyStats } from './report-types.js';

/**
 * What became of a stage's inputs and outputs, summed over its members: the members' own counters
 * (`StageCounters`, workers/stage-loop.ts), written as they are; the shape check
 * (pipeline-shape.ts) is tied to this type, so a counter added there needs its check.
 */
export type StageCountsReport = StageCounters;

export interface StageReport {
  /** The stage's consumer group (the run's id). */
  groupId: string;
  /** 0 reads the producers' topic, 1 a depth-0 stage's output… */
  stageIndex: number;
  inputTopic: string;
  outputTopic: string;
  /** The transform, in words (`enrich: …`). */
  transform: string;
  semantics: 'at-most-once' | 'at-least-once' | 'exactly-once';
  processingCostUs: number;
  /** Members when the load started, and over the run. */
  members: number;
  counts: StageCountsReport;
  /** Inputs and acknowledged outputs per second, means over the measured seconds. */
  inputPerSec: number;
  outputPerSec: number;
  /** Times a member stopped on a failure and restarted from the committed offsets. */
  halts: number;
  /** Inputs held in open windows at the end (an aggregate's: what a crash then would lose). */
  heldInputsAtEnd: number;
  /** The original message's intended send time → the stage received it (after the warm-up). */
  intendedToReceive: LatencyStats;
  /** The stage received an input → its output acknowledged (exactly-once: its transaction committed). */
  receiveToAck: LatencyStats;
}

/** One consumer group of the pipeline: the topic it reads and the latency from the original intended send time to it. */
export interface PipelineReaderReport {
  groupId: string;
  topic: string;
  /** The stage that writes `topic`; null for the producers' topic. */
  writtenBy: string | null;
  /** The group is itself a stage (its members transform what they read). */
  isStage: boolean;
  /** Read with `read_committed` (the topic is written by an exactly-once stage). */
  readCommitted: boolean;
  /** Its records identify the original messages (`kb`): the group is checked message by message. False behind an aggregate. */
  checkedByMessage: boolean;
  /** The original message's intended send time → this group received it (after the warm-up). */
  e2e: LatencyStats;
}

export interface PipelineReport {
  /** In pipeline order (depth, then the scenario's order). */
  stages: StageReport[];
  /** Every consumer group, in the scenario's order. */
  readers: PipelineReaderReport[];
  /** The groups whose latency is the run's end-to-end latency (`latency.e2e`): those no stage is made of. */
  endToEndGroups: string[];
}

/**
 * The report's `ksql` section: what kbench did on the ksqlDB server of the scenario's `ksql`
 * (runner/ksql-stage.ts). Present when the scenario has one. Never credentials: the server's
 * address cannot carry any, and error texts are masked by the client.
 */
export interface KsqlReport {
  /** The scenario's `ksql.query`. */
  query: 'sales-per-store';
  /** The server's REST address (`--ksql-url`). */
  url: string;
  /** `GET /info`'s version; null when the server never answered it. */
  serverVersion: string | null;
  /** The topic the stream reads (the producers'). */
  inputTopic: string;
  streamName: string;
  tableName: string;
  /** The table's topic, kbench's own for the run (`kbench-ksql-compras-per-store-<run id>`). */
  outputTopic: string;
  /** The consumer groups that read `outputTopic`. */
  readers: string[];
  /** Every statement sent, setup and teardown, in order. */
  statements: string[];
  /** The persistent queries kbench started (and terminated at the end). */
  queryIds: string[];
  /** The setup's statements all succeeded. */
  created: boolean;
  /** Why the setup failed; absent when it did not. */
  setupError?: string;
  /** The teardown removed everything (queries terminated, table and its topic dropped, stream dropped); false when a step failed or none ran. */
  dropped: boolean;
  /** Each failed teardown step, `statement: error`; `[]` when none failed. */
  dropErrors: string[];
}
