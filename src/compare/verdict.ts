/**
 * Whether a figure of one run is better, worse, or not clearly different from the same figure
 * of a baseline run, judged on the repeated observations behind it (per-second samples, per
 * rebalance samples, event rates) rather than on the one number. Pure.
 */
import type { MetricEvidence } from '../report/metric-values.js';
import type { MetricDefinition } from '../thresholds/metric-vocabulary.js';
import { bootstrapMedianDifference, mannWhitneyU, median, poissonRatesPValue, type Interval } from './statistics.js';

/** Significance level of every test. */
export const SIGNIFICANCE_LEVEL = 0.05;
/** Fewest observations per run for a test on samples. */
export const MIN_SAMPLES = 5;

export type VerdictKind = 'better' | 'worse' | 'no clear difference' | 'same' | 'too few samples' | 'not judged';

export interface Verdict {
  kind: VerdictKind;
  /** How it was judged. */
  basis: 'per-second samples' | 'per-rebalance samples' | 'event rates' | 'single value' | 'no value';
  /** p-value of the test, when one ran. */
  pValue?: number;
  /** 95 % bootstrap interval of median(run) − median(baseline), for sample-based verdicts. */
  medianShift?: Interval;
}

/**
 * Judges `candidate` against `baseline` for `metric`:
 * - samples: Mann-Whitney U p < 0.05 **and** a 95 % bootstrap interval of the median shift that
 *   excludes 0; at least {@link MIN_SAMPLES} observations each, else `too few samples`;
 * - events: the two rates per unit of exposure differ (conditional Poisson test, p < 0.05);
 *   `same` when neither run had any;
 * - single values: `same` when equal, else `not judged` (nothing to estimate the noise from).
 */
export function judge(
  metric: MetricDefinition,
  baseline: { value: number | null; evidence: MetricEvidence },
  candidate: { value: number | null; evidence: MetricEvidence },
): Verdict {
  if (baseline.value === null || candidate.value === null) return { kind: 'not judged', basis: 'no value' };
  const a = baseline.evidence;
  const b = candidate.evidence;
  if (a.kind === 'samples' && b.kind === 'samples') {
    const basis = a.per === 'second' ? 'per-second samples' : 'per-rebalance samples';
    if (a.samples.length < MIN_SAMPLES || b.samples.length < MIN_SAMPLES) {
      return { kind: baseline.value === candidate.value ? 'same' : 'too few samples', basis };
    }
    const test = mannWhitneyU(b.samples, a.samples);
    const medianShift = bootstrapMedianDifference(a.samples, b.samples);
    const clear = test.pValue < SIGNIFICANCE_LEVEL && (medianShift.low > 0 || medianShift.high < 0);
    const shift = median(b.samples) - median(a.samples);
    return { kind: clear ? directionOf(shift, metric) : 'no clear difference', basis, pValue: test.pValue, medianShift };
  }
  if (a.kind === 'events' && b.kind === 'events') {
    if (a.count === 0 && b.count === 0) return { kind: 'same', basis: 'event rates' };
    if (a.exposure <= 0 || b.exposure <= 0) return { kind: 'not judged', basis: 'event rates' };
    const pValue = poissonRatesPValue(a.count, a.exposure, b.count, b.exposure);
    const shift = b.count / b.exposure - a.count / a.exposure;
    return { kind: pValue < SIGNIFICANCE_LEVEL ? directionOf(shift, metric) : 'no clear difference', basis: 'event rates', pValue };
  }
  return { kind: baseline.value === candidate.value ? 'same' : 'not judged', basis: 'single value' };
}

function directionOf(shift: number, metric: MetricDefinition): VerdictKind {
  if (shift === 0) return 'no clear difference';
  return shift > 0 === metric.higherIsBetter ? 'better' : 'worse';
}

/** `worse (p<0.001)`, `no clear difference (p=0.41)`, `same`, `—` for not judged. */
export function formatVerdict(verdict: Verdict): string {
  if (verdict.kind === 'not judged') return '—';
  if (verdict.pValue === undefined) return verdict.kind;
  return `${verdict.kind} (${formatPValue(verdict.pValue)})`;
}

/** `p<0.001`, `p=0.012`, `p=0.41`. */
export function formatPValue(pValue: number): string {
  if (pValue < 0.001) return 'p<0.001';
  return pValue < 0.01 ? `p=${pValue.toFixed(3)}` : `p=${pValue.toFixed(2)}`;
}
