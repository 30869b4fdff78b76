/**
 * The SLO of `kbench find-max` and the verdict on one step. An SLO is written like a scenario
 * threshold (`'produce.p99 < 50ms'`) and checked by the same evaluator. A step passes when the
 * run completed, the system kept up with the offered rate (acknowledged ≈ offered, in-flight
 * bounded; for `--target consume` and `e2e` also every consumer group's lag), its figures are a
 * steady state (the validity verdict is not `invalid`), and every SLO condition holds. Pure.
 */
import { KbenchError } from '../errors.js';
import { assessSaturation } from '../report/assess-saturation.js';
import { assessValidity } from '../report/assess-validity.js';
import { evaluateThresholds } from '../thresholds/evaluate-thresholds.js';
import type { KbenchReport, ThresholdResult } from '../report/report-types.js';
import type { SaturationReport, ValidityReport } from '../report/validity-types.js';
import { LATENCY_METRIC_GROUPS, type LatencyMetricGroup } from '../thresholds/metric-vocabulary.js';
import { parseCriterion } from '../thresholds/parse-threshold.js';

export const FIND_MAX_TARGETS = ['produce', 'consume', 'e2e'] as const;
export type FindMaxTarget = (typeof FIND_MAX_TARGETS)[number];

/** The SLO when none is given, by target. */
export const DEFAULT_SLOS: Record<FindMaxTarget, Record<string, string>> = {
  produce: { 'produce.p99': '< 50ms' },
  e2e: { 'e2e.p99': '< 100ms' },
  consume: { 'e2e.p99': '< 1s' },
};

/** What the target means, for the console and the page. */
export const TARGET_MEANINGS: Record<FindMaxTarget, string> = {
  produce: 'the producers\' acknowledged rate (acknowledged ≈ offered, in-flight bounded)',
  consume: 'the consumer groups\' rate (acknowledged ≈ offered and every group\'s lag bounded)',
  e2e: 'the rate end to end (acknowledged ≈ offered, every group\'s lag bounded, the SLO on end-to-end latency)',
};

export interface FindMaxSlo {
  /** Metric → condition, as scenario thresholds are written. */
  conditions: Record<string, string>;
  /** True when the user gave none and the target's default applies. */
  defaulted: boolean;
  /** The latency group the charts and step lines show (the first latency metric of the SLO, else the target's). */
  latencyGroup: LatencyMetricGroup;
}

/** Parses `--slo` texts (usage errors name the problem); the target's default when there are none. */
export function parseSlo(texts: readonly string[], target: FindMaxTarget): FindMaxSlo {
  const conditions: Record<string, string> = {};
  const problems: string[] = [];
  for (const text of texts) {
    const parsed = parseCriterion(text, false);
    if (!parsed.ok) {
      problems.push(`--slo ${JSON.stringify(text)}: ${parsed.problem}`);
      continue;
    }
    const name = parsed.value.metric.name;
    if (name in conditions) problems.push(`--slo ${JSON.stringify(text)}: ${name} has a condition already (${conditions[name]}); give one per metric`);
    else conditions[name] = parsed.value.condition.text;
  }
  if (problems.length > 0) {
    throw new KbenchError('usage', problems.length === 1 ? (problems[0] as string) : `${problems.length} problems with --slo`, {
      details: problems.length === 1 ? [] : problems,
      hint: "write an SLO as a scenario threshold: --slo 'produce.p99 < 50ms' (repeatable)",
    });
  }
  const defaulted = Object.keys(conditions).length === 0;
  const chosen = defaulted ? { ...DEFAULT_SLOS[target] } : conditions;
  const firstLatency = Object.keys(chosen)
    .map((name) => name.split('.')[0] as string)
    .find((group): group is LatencyMetricGroup => group in LATENCY_METRIC_GROUPS);
  return { conditions: chosen, defaulted, latencyGroup: firstLatency ?? (target === 'produce' ? 'produce' : 'e2e') };
}

/** The SLO in words: `produce.p99 < 50ms and e2e.p99 < 1s`. */
export function sloText(slo: FindMaxSlo): string {
  return Object.entries(slo.conditions)
    .map(([metric, condition]) => `${metric} ${condition}`)
    .join(' and ');
}

export interface StepJudgement {
  passed: boolean;
  /** Why it failed, one sentence each (empty when it passed). */
  reasons: string[];
  slo: ThresholdResult[];
  /** The saturation verdict for the target (for `produce`, consumer groups are left out). */
  saturation: SaturationReport;
  validity: ValidityReport;
}

/** The verdict on a step's report. */
export function judgeStep(report: KbenchReport, slo: FindMaxSlo, target: FindMaxTarget): StepJudgement {
  const plan = report.scenario;
  const groupIds = target === 'produce' ? [] : plan.consumerGroups.map((group) => group.groupId);
  const saturation = assessSaturation(
    plan.producers.map((producer) => producer.load),
    report.timeline,
    groupIds,
  );
  // The validity verdict with the target's saturation (a consumer group falling behind does not invalidate a produce step).
  const { validity: _ignored, ...rest } = report;
  const validity = assessValidity({ ...rest, saturation });
  const results = evaluateThresholds(slo.conditions, report);
  const reasons: string[] = [];
  if (report.status !== 'completed') reasons.push(`the run ${report.status === 'aborted' ? 'was interrupted' : `failed: ${report.failure?.message ?? 'unknown reason'}`}`);
  if (saturation.verdict !== 'kept-up') {
    reasons.push(saturation.reasons.length > 0 ? `did not keep up: ${saturation.reasons.join('; ')}` : `did not keep up (${saturation.verdict})`);
  }
  for (const finding of validity.findings) {
    // The cluster warm-up is the session's (run with the first step only), reported once in the find-max report, not held against a step.
    if (finding.source === 'warmup') continue;
    if (finding.severity === 'invalid' && finding.source !== 'saturation') reasons.push(`not a steady state: ${finding.message}`);
    // The settling finding (latency falling through the measured phase) is a `saturation` finding too, but not the keep-up one above.
    if (finding.severity === 'invalid' && finding.source === 'saturation' && saturation.verdict === 'kept-up') reasons.push(`not a steady state: ${finding.message}`);
  }
  for (const result of results) {
    if (!result.passed) reasons.push(`SLO ${result.metric} ${result.condition} not met: ${result.actual === null ? 'no value' : formatValue(result.actual, result.unit)}`);
  }
  return { passed: reasons.length === 0, reasons, slo: results, saturation, validity };
}

function formatValue(value: number, unit: ThresholdResult['unit']): string {
  switch (unit) {
    case 'ms':
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(2)} ms`;
    case 'perSec':
      return `${Math.round(value).toLocaleString('en-US')}/s`;
    case 'count':
      return value.toLocaleString('en-US');
  }
}
