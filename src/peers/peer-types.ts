/**
 * The vocabulary of `bench:peers`: the tools compared, the measurements, the figures (one table
 * line each) and the samples one run of one tool produces. Plain data.
 */

/** The Apache Kafka tool of a measurement, and kbench on each of its two clients. */
export type ToolId = 'apache' | 'kbench-confluent' | 'kbench-kafkajs';
export const TOOL_IDS: readonly ToolId[] = ['apache', 'kbench-confluent', 'kbench-kafkajs'];
/** The kbench sides, each compared with the Apache tool. */
export type KbenchToolId = Exclude<ToolId, 'apache'>;
export const KBENCH_TOOL_IDS: readonly KbenchToolId[] = ['kbench-confluent', 'kbench-kafkajs'];

/** What one run measures; each is run by every tool of the round in turn. */
export type MeasurementId = 'producer-acks-1' | 'producer-acks-all' | 'consumer' | 'e2e';
export const MEASUREMENT_IDS: readonly MeasurementId[] = ['producer-acks-1', 'producer-acks-all', 'consumer', 'e2e'];

/** One figure, one line of the table. */
export type MetricId = 'producer-acks-1' | 'producer-acks-all' | 'consumer' | 'e2e-p50' | 'e2e-p99' | 'e2e-mean';

export interface MetricDefinition {
  id: MetricId;
  measurement: MeasurementId;
  label: string;
  unit: 'msg/s' | 'ms';
  /** Which way is better: throughput higher, latency lower. */
  better: 'higher' | 'lower';
}

export const METRICS: readonly MetricDefinition[] = [
  { id: 'producer-acks-1', measurement: 'producer-acks-1', label: 'producer, acks=1', unit: 'msg/s', better: 'higher' },
  { id: 'producer-acks-all', measurement: 'producer-acks-all', label: 'producer, acks=all', unit: 'msg/s', better: 'higher' },
  { id: 'consumer', measurement: 'consumer', label: 'consumer', unit: 'msg/s', better: 'higher' },
  { id: 'e2e-p50', measurement: 'e2e', label: 'end to end p50, whole ms', unit: 'ms', better: 'lower' },
  { id: 'e2e-p99', measurement: 'e2e', label: 'end to end p99, whole ms', unit: 'ms', better: 'lower' },
  { id: 'e2e-mean', measurement: 'e2e', label: 'end to end mean', unit: 'ms', better: 'lower' },
];

/** One run of one tool in one round. */
export interface PeerSample {
  /** 1-based. */
  round: number;
  measurement: MeasurementId;
  tool: ToolId;
  /** Figures by metric; empty when the run failed. */
  values: Partial<Record<MetricId, number>>;
  /** Records the run completed (acknowledged, consumed, or round trips). */
  records: number;
  /** Failed sends, refused sends, consumer errors, error lines of an Apache tool. */
  errors: number;
  /** Wall time of the run (process or scenario, setup included), ms. */
  wallMs: number;
  /** How the figure was taken in this run, when it needs saying. */
  note?: string;
  /** Why the run gave no figure. */
  failure?: string;
}

/** Medians of one tool on one line. */
export interface ToolFigure {
  /** Median over the rounds that gave a figure; undefined when none did. */
  median: number | undefined;
  /** Rounds that gave a figure. */
  samples: number;
  /** Rounds that failed. */
  failures: number;
  /** Errors summed over the rounds. */
  errors: number;
}

/** One line of the table: a figure, each tool's median, and kbench ÷ Apache tool. */
export interface SummaryLine {
  metric: MetricDefinition;
  /** Only the tools that ran this measurement. */
  figures: Partial<Record<ToolId, ToolFigure>>;
  /** kbench median ÷ Apache tool median, when both exist. */
  ratios: Partial<Record<KbenchToolId, number>>;
}
