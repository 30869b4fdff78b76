/**
 * The JSON bundle of `kbench sweep`: the axes, every variant's runs (full kbench reports), per
 * variant the figures merged over its repeats, each run's validity and saturation verdicts, and
 * the `compare` verdicts between neighbouring variants along each axis. Plain data, documented
 * in docs/report-format.md ("Sweep bundles"); adding a field keeps `SWEEP_SCHEMA_VERSION`.
 */
import type { Verdict } from '../compare/verdict.js';
import type { KbenchReport, RunStatus } from '../report/report-types.js';
import type { SaturationVerdict, ValidityReport } from '../report/validity-types.js';
import type { SweepValue } from './sweep-axis.js';

export const SWEEP_KIND = 'kbench-sweep';
export const SWEEP_SCHEMA_VERSION = 1;

export interface SweepAxisReport {
  /** The scenario field, e.g. `producers[0].lingerMs`. */
  path: string;
  /** Short name used in labels, e.g. `lingerMs`. */
  name: string;
  values: SweepValue[];
}

/** A latency merged over a variant's runs (their exact HDR histograms added), ms. */
export interface MergedLatency {
  /** Sum of the runs' counts. */
  count: number;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  /** The merged histogram (compressed base64, integer µs), '' when no run had a sample. */
  hdr: string;
}

/** A variant's figures over all its runs. */
export interface SweepFigures {
  runs: number;
  completedRuns: number;
  /** Measured seconds over every run. */
  measuredSeconds: number;
  /** Mean acknowledged messages per measured second, every run's seconds pooled; null with no measured second. */
  throughputPerSec: number | null;
  /** Mean consumed messages per measured second, pooled likewise. */
  consumedPerSec: number | null;
  /** Summed over the runs (whole runs, warm-up and drain included). */
  counts: { sent: number; acked: number; failed: number; notAttempted: number; consumed: number };
  latency: { produce: MergedLatency; produceResponse: MergedLatency; e2e: MergedLatency };
}

/** One run's verdicts on whether its figures can be trusted. */
export interface SweepRunCheck {
  sequence: number;
  round: number;
  status: RunStatus;
  validity: ValidityReport['verdict'];
  /** null for a report without a saturation section (an older kbench). */
  saturation: SaturationVerdict | null;
}

export interface SweepRun {
  /** 0-based position in the sweep's run order. */
  sequence: number;
  round: number;
  /** Wall-clock time of the run, ms (the first one includes the cluster's start and warm-up). */
  wallMs: number;
  report: KbenchReport;
}

export interface SweepVariantReport {
  index: number;
  label: string;
  /** Per axis, the index of its value. */
  coordinates: number[];
  /** Per axis, its value. */
  values: SweepValue[];
  runs: SweepRun[];
  figures: SweepFigures;
  checks: SweepRunCheck[];
  /**
   * Why the variant's figures are not to be read as a steady-state measurement: a run not
   * completed, not valid, or saturated (one sentence each). Empty when every run is fine.
   */
  flags: string[];
}

export interface NeighbourFigure {
  /** Metric name (`throughput.mean`, `e2e.p99`…), as in `compare`. */
  metric: string;
  label: string;
  from: number | null;
  to: number | null;
  /** (to − from) / |from|. */
  change: number | null;
  /** `to` judged against `from` on the runs' pooled per-second samples (`compare`'s tests). */
  verdict: Verdict;
  /** True when either variant is flagged. */
  caveat: boolean;
}

/** Two variants that differ in one axis only, by one step of its values. */
export interface NeighbourComparison {
  axis: number;
  path: string;
  from: number;
  to: number;
  fromValue: SweepValue;
  toValue: SweepValue;
  figures: NeighbourFigure[];
}

export interface SweepBundle {
  kind: typeof SWEEP_KIND;
  schemaVersion: number;
  /** The scenario's name. */
  name: string;
  scenarioFile: string;
  /** `completed`: every scheduled run ran; `aborted`: interrupted; `failed`: a run threw. */
  status: 'completed' | 'aborted' | 'failed';
  failure?: string;
  startedAt: string;
  endedAt: string;
  /** Rounds asked for. */
  repeat: number;
  axes: SweepAxisReport[];
  /** The planned order (sequence, round, variant); runs not reached are missing from `variants[].runs`. */
  order: Array<{ sequence: number; round: number; variant: number }>;
  variants: SweepVariantReport[];
  neighbours: NeighbourComparison[];
}
