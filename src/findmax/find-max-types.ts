/**
 * The JSON report of `kbench find-max` (`kind: 'kbench-find-max'`): the question (scenario, SLO,
 * target, search settings), the answer with its uncertainty, and every step taken. Each step's
 * full kbench run report is written beside it (`stepReport`), readable by `kbench report`.
 * Format: docs/report-format.md.
 */
import type { ClientName } from '../clients/client-adapter.js';
import type { ThresholdResult } from '../report/report-types.js';
import type { SaturationVerdict, ValidityReport } from '../report/validity-types.js';
import type { FindMaxTarget } from './judge-step.js';
import type { SearchOutcome, SearchSettings, StepPurpose } from './search.js';

export const FIND_MAX_KIND = 'kbench-find-max';
export const FIND_MAX_SCHEMA_VERSION = 1;

export interface FindMaxStepReport {
  /** 1-based, in the order run. */
  index: number;
  /** Total rate tried, messages per second (split across the producers). */
  rate: number;
  purpose: StepPurpose;
  passed: boolean;
  /** Why it failed, one sentence each (empty when it passed). */
  reasons: string[];
  /** Mean messages per second the schedule offered over the measured seconds; null when none was measured. */
  offeredPerSec: number | null;
  /** Mean messages per second acknowledged over the measured seconds. */
  sustainedPerSec: number;
  /** Mean messages per second consumed over the measured seconds (all groups); null without consumers. */
  consumedPerSec: number | null;
  /** The SLO's latency (`latencyMetric`) in this step: median and 99th percentile, ms; null without samples. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** The SLO's conditions checked against the step's report. */
  slo: ThresholdResult[];
  /** The saturation verdict for the target (for `produce`, without the consumer groups). */
  saturation: SaturationVerdict;
  validity: ValidityReport['verdict'];
  /** The step's run status. */
  status: 'completed' | 'aborted' | 'failed';
  /** When the step started (ISO 8601 UTC) and how long it took, warm-up, drain and setup included, ms. */
  startedAt: string;
  wallMs: number;
  /** The step's full kbench report, relative to the find-max report's folder; null when it could not be written. */
  stepReport: string | null;
}

export interface FindMaxReport {
  kind: typeof FIND_MAX_KIND;
  schemaVersion: number;
  /** `completed`: the search ended with an answer (see `answer.outcome`); `aborted`: interrupted; `failed`: a step's run failed to start or crashed. */
  status: 'completed' | 'aborted' | 'failed';
  scenario: { name: string; file: string; client: ClientName };
  target: FindMaxTarget;
  /** Metric → condition (as thresholds are written). */
  slo: Record<string, string>;
  /** True when no `--slo` was given and the target's default applied. */
  sloDefaulted: boolean;
  /** The latency group whose p50 / p99 each step reports, e.g. `produce`. */
  latencyMetric: string;
  search: SearchSettings & { budgetMs: number; stepWarmupMs: number; stepDurationMs: number; stepDrainMs: number };
  answer: {
    outcome: SearchOutcome;
    /** The maximum sustainable rate found, messages per second; null when no rate met the SLO. */
    rate: number | null;
    /** True only for `confirmed` (its confirmations passed and the rate above it failed). */
    confirmed: boolean;
    /** The uncertainty: the highest passing and lowest failing rate at the end (null: none). */
    bracket: { passed: number | null; failed: number | null };
    reason: string;
  };
  /** The cluster warm-up, run with the first step only (later steps find the cluster warm); absent when no step ran. */
  clusterWarmup?: { outcome: 'settled' | 'not-settled' | 'skipped'; reason: string; durationMs: number };
  startedAt: string;
  endedAt: string;
  /** Wall time of the whole search, cluster start included, ms. */
  elapsedMs: number;
  steps: FindMaxStepReport[];
  /** Present when `status` is `failed` or `aborted`. */
  failure?: string;
}
