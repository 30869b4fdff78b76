import { CLIENT_NAMES, type ClientName } from '../clients/client-registry.js';

/**
 * The vocabulary of `bench:peers`: the tools compared, the measurements, the figures (one table
 * line each) and the samples one run of one tool produces. Plain data.
 */

/** kbench on one of its clients, each compared with the Apache tool. */
export type KbenchToolId = `kbench-${ClientName}`;
export const KBENCH_TOOL_IDS: readonly KbenchToolId[] = CLIENT_NAMES.map((client) => `kbench-${client}` as const);
/** A client library alone, counting records (consumer only): the ceiling of kbench on that client. */
export type RawToolId = `raw-${ClientName}`;
export const RAW_TOOL_IDS: readonly RawToolId[] = CLIENT_NAMES.map((client) => `raw-${client}` as const);
/** The Apache Kafka tool of a measurement, kbench on each client, each client alone. */
export type ToolId = 'apache' | KbenchToolId | RawToolId;
export const TOOL_IDS: readonly ToolId[] = ['apache', ...RAW_TOOL_IDS, ...KBENCH_TOOL_IDS];

/** What a tool id stands for. */
export type ToolSide = { kind: 'apache' } | { kind: 'kbench' | 'raw'; client: ClientName };

export function toolSide(tool: ToolId): ToolSide {
  if (tool === 'apache') return { kind: 'apache' };
  const [kind, client] = tool.split(/-(.*)/s) as ['kbench' | 'raw', ClientName];
  return { kind, client };
}

/** How tables name a tool. */
export function toolLabel(tool: ToolId): string {
  const side = toolSide(tool);
  if (side.kind === 'apache') return 'Apache tool';
  return side.kind === 'kbench' ? `kbench ${side.client}` : `${side.client} alone, count-only`;
}

/** Which tools take part in a measurement: raw clients read only (they have no producer or end-to-end side). */
export function toolsFor(measurement: MeasurementId, clients: readonly ClientName[] = CLIENT_NAMES): ToolId[] {
  const kbench = clients.map((client) => `kbench-${client}` as const);
  if (measurement !== 'consumer') return ['apache', ...kbench];
  return ['apache', ...clients.map((client) => `raw-${client}` as const), ...kbench];
}

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

/** One line of the table: a figure, each tool's median, its ratio to the Apache tool's, and kbench ÷ its client alone. */
export interface SummaryLine {
  metric: MetricDefinition;
  /** Only the tools that ran this measurement. */
  figures: Partial<Record<ToolId, ToolFigure>>;
  /** A tool's figure ÷ the Apache tool's in the same round, median over the rounds where both exist. */
  ratios: Partial<Record<ToolId, number>>;
  /** kbench's figure on a client ÷ that client's alone in the same round, median over rounds (consumer). */
  rawRatios: Partial<Record<KbenchToolId, number>>;
}
