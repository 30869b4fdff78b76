/**
 * The JSON bundle of `kbench clients`: every registered client run through the same scenarios on
 * one warm cluster, interleaved and repeated; per scenario × client each round's figures, their
 * medians, the runs' full reports and whether each run kept up and was valid. Plain data,
 * documented in docs/report-format.md ("Client comparison bundles"); adding a field keeps
 * `CLIENTS_BUNDLE_SCHEMA_VERSION`.
 */
import type { KbenchReport, RunStatus } from '../report/report-types.js';
import type { SaturationVerdict, ValidityReport } from '../report/validity-types.js';
import type { SweepFigures } from '../sweep/sweep-types.js';

export const CLIENTS_BUNDLE_KIND = 'kbench-clients';
export const CLIENTS_BUNDLE_SCHEMA_VERSION = 1;

/** The figures compared, one per table column (definitions: `CLIENT_FIGURES`). */
export type ClientFigureId =
  | 'producedPerSec'
  | 'consumedPerSec'
  | 'responseP50Ms'
  | 'responseP99Ms'
  | 'e2eP50Ms'
  | 'e2eP99Ms'
  | 'cpuUsPerProduced'
  | 'cpuUsPerConsumed'
  | 'peakRssBytes'
  | 'eventLoopDelayP99Ms'
  | 'rebalancePauseMaxMs'
  | 'errors';

export type ClientFigureUnit = 'msg/s' | 'ms' | 'µs' | 'bytes' | 'count';

export interface ClientFigureDefinition {
  id: ClientFigureId;
  /** Short column label. */
  label: string;
  unit: ClientFigureUnit;
  better: 'higher' | 'lower';
  /** How the figure is read from a run's report. */
  description: string;
}

/** One run's value of each figure; null when the run has none (no consumer, no rebalance…). */
export type ClientRunFigures = Record<ClientFigureId, number | null>;

/** One run of one scenario with one client. */
export interface ClientBenchRun {
  /** 0-based position in the run order. */
  sequence: number;
  round: number;
  /** Wall-clock time of the run, ms (the first includes the cluster's start and warm-up). */
  wallMs: number;
  status: RunStatus;
  /** The report's saturation verdict; null for a report without one. */
  saturation: SaturationVerdict | null;
  /** `kept-up` or `unthrottled` (a closed loop: its throughput is the capacity). */
  keptUp: boolean;
  /** The report's own validity verdict. */
  validity: ValidityReport['verdict'];
  /**
   * Whether the run's figures count in the medians: completed, kept up, and no invalid finding
   * but a generator-bound one (in a client comparison the load generator is the client under test).
   */
  counted: boolean;
  /** Why it does not count, or what to keep in mind, one sentence each. */
  problems: string[];
  figures: ClientRunFigures;
  /** Where `consumedPerSec` comes from: the measured seconds' mean, or a backlog's catch-up drain rate. */
  consumedBasis: 'measured-seconds' | 'backlog-drain' | null;
  report: KbenchReport;
}

/** A figure of a scenario × client over its rounds. */
export interface ClientCellFigure {
  /** Median over the counted runs; over every run when none counted (`basis: 'all-runs'`); null without values. */
  median: number | null;
  basis: 'counted-runs' | 'all-runs';
  /** Each run's value, in the cell's run order (rounds ascending). */
  rounds: Array<number | null>;
}

export interface ClientBenchCell {
  /** Index into `scenarios`. */
  scenario: number;
  client: string;
  runs: ClientBenchRun[];
  /** Runs whose figures count in the medians. */
  countedRuns: number;
  figures: Record<ClientFigureId, ClientCellFigure>;
  /** Counts summed, latencies from the runs' HDR histograms added (sweep's merge), every run included. */
  merged: SweepFigures;
  /** One sentence per run that does not count (empty when every run does). */
  flags: string[];
}

export interface ClientBenchScenario {
  index: number;
  name: string;
  file: string;
  description: string;
}

export interface ClientBenchMachine {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  platform: string;
  osRelease: string;
  arch: string;
  nodeVersion: string;
  /** `os.loadavg()` (1, 5, 15 minutes) when the command started and when it ended. */
  loadAverage: { atStart: number[]; atEnd: number[] };
}

/** How the comparison was made. */
export interface ClientBenchMethod {
  /** Every run used one cluster, acquired once. */
  sameCluster: true;
  /** Where it came from and its brokers' Kafka release (from the first run's report). */
  cluster: { source: string; brokers: number | null; kafkaVersion: string | null };
  /** What warmed the cluster before the first measured run: the first run's cluster warm-up outcome, then every run found it warm. */
  warm: string;
  interleaved: true;
  rounds: number;
  /** Rounds alternate direction (forward, reversed, forward…), as `kbench sweep` does. */
  order: string;
  machine: ClientBenchMachine;
  /** One sentence each: how the figures are read and what differs between clients. */
  notes: string[];
}

export interface ClientBenchBundle {
  kind: typeof CLIENTS_BUNDLE_KIND;
  schemaVersion: number;
  /** `completed`: every scheduled run ran; `aborted`: interrupted; `failed`: a run threw. */
  status: 'completed' | 'aborted' | 'failed';
  failure?: string;
  startedAt: string;
  endedAt: string;
  repeat: number;
  /**
   * The clients in the order of each forward round, with the library versions their reports gave
   * and where their load workers ran (`thread` or `process`; null when the client never ran).
   */
  clients: Array<{ name: string; versions: Record<string, string>; workerHost: 'thread' | 'process' | null }>;
  scenarios: ClientBenchScenario[];
  /** The planned order; runs not reached are missing from `cells[].runs`. */
  order: Array<{ sequence: number; round: number; scenario: number; client: string }>;
  method: ClientBenchMethod;
  figureDefinitions: ClientFigureDefinition[];
  /** Scenario-major: every client of scenario 0, then of scenario 1… */
  cells: ClientBenchCell[];
}
