/**
 * Whether a run's figures describe the system under test in a steady state, and why not: the
 * cluster warm-up, the saturation verdict, the bottleneck verdict and how the run ended, put
 * together as findings. Pure, a function of the report.
 */
import { DEFAULT_SETTLE_RULE } from '../metrics/settle-rule.js';
import { medianOf } from '../util/median.js';
import { assessSaturation, deliberateBacklog } from './assess-saturation.js';
import type { KbenchReport } from './report-types.js';
import type { ValidityFinding, ValidityReport } from './validity-types.js';

export function assessValidity(report: Omit<KbenchReport, 'validity'>): ValidityReport {
  const findings = [...warmupFindings(report), ...saturationFindings(report), ...backlogFindings(report), ...settlingFindings(report), ...resourceFindings(report), ...stealFindings(report), ...compilingFindings(report), ...runFindings(report)];
  const verdict = findings.some((f) => f.severity === 'invalid') ? 'invalid' : findings.some((f) => f.severity === 'warning') ? 'caveats' : 'valid';
  return { verdict, findings };
}

/** True when the plan itself disturbs the system (broker faults, consumer crashes, leaves or slow members, a group paused for a backlog): a backlog is then expected. */
function disturbsOnPurpose(report: Omit<KbenchReport, 'validity'>): boolean {
  return (
    (report.scenario.faults ?? []).length > 0 ||
    report.scenario.consumerGroups.some((group) => group.backlog !== undefined || (group.schedule ?? []).some((step) => step.action !== 'join')) ||
    report.faults.length > 0
  );
}

/** A deliberate backlog is said, not held against the run: its lag grew on purpose (the saturation verdict leaves those seconds out). */
function backlogFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const backlog = report.backlog;
  if (!backlog) return [];
  const built = `${backlog.built.messages.toLocaleString('en-US')} messages in ${(backlog.built.durationMs / 1000).toFixed(1)} s`;
  const outcome =
    backlog.catchUpMs !== null
      ? `caught up ${(backlog.catchUpMs / 1000).toFixed(1)} s after resuming`
      : backlog.resumedAtMs === null
        ? 'it never resumed'
        : 'it had not caught up by the end of the run';
  return [
    {
      source: 'saturation',
      severity: 'info',
      message: `consumer group ${backlog.groupId} was paused on purpose (a backlog of ${built}; ${outcome}): its growing lag in those seconds is not saturation`,
    },
  ];
}

function warmupFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const warmup = report.clusterWarmup;
  if (!warmup) return [];
  const started = warmup.clusterStartMs === null ? '' : ` (the cluster started in ${(warmup.clusterStartMs / 1000).toFixed(1)} s)`;
  if (warmup.outcome === 'settled') {
    return [{ source: 'warmup', severity: 'info', message: `cluster warm-up: settled after ${(warmup.durationMs / 1000).toFixed(0)} s of load${started}` }];
  }
  if (warmup.outcome === 'not-settled') {
    return [
      {
        source: 'warmup',
        severity: 'invalid',
        message: `the cluster warm-up did not settle (${warmup.reason}): the figures may describe brokers still compiling their code (JIT) on a busy machine, not Kafka in a steady state`,
      },
    ];
  }
  // Skipped: a fresh cluster measured cold is not a steady state. A later run of a session (no
  // start time of its own) finds the cluster as its first run left it.
  const fresh = report.environment.embeddedLifetime === 'run-scoped' && warmup.clusterStartMs !== null;
  return [
    {
      source: 'warmup',
      severity: fresh ? 'warning' : 'info',
      message: fresh
        ? `no cluster warm-up (${warmup.reason}) on a cluster started for this run: its first figures describe cold broker JVMs`
        : `no cluster warm-up: ${warmup.reason}`,
    },
  ];
}

function saturationFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const saturation = report.saturation;
  if (!saturation) return [];
  if (saturation.verdict === 'unthrottled') return saturation.reasons.map((message) => ({ source: 'saturation' as const, severity: 'info' as const, message }));
  if (saturation.verdict !== 'saturated') return [];
  const expected = disturbsOnPurpose(report);
  const offered = saturation.offeredPerSec === null ? '' : `offered ${Math.round(saturation.offeredPerSec).toLocaleString('en-US')} msg/s, `;
  return [
    {
      source: 'saturation',
      severity: expected ? 'warning' : 'invalid',
      message:
        `the system did not keep up with the offered load (${offered}sustained ${Math.round(saturation.sustainedPerSec).toLocaleString('en-US')} msg/s): ` +
        `${saturation.reasons.join('; ')}. Latencies are queueing time behind a growing backlog, not service time` +
        (expected ? ' (the scenario disturbs the system on purpose)' : ''),
    },
  ];
}

/** The produce p50 of the measured phase's first third may be at most this multiple of its last third's (plus `SETTLING_SLACK_MS`). */
export const MAX_SETTLING_RATIO = 3;
const SETTLING_SLACK_MS = 5;

/**
 * Latency that falls steeply through the measured phase: the system was still settling (a start
 * backlog draining, code still compiling) when measuring began, even if it kept up on average.
 */
function settlingFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const p50s = report.timeline.filter((entry) => entry.phase === 'measure').map((entry) => entry.produceP50Ms);
  if (p50s.length < 9) return [];
  const third = Math.floor(p50s.length / 3);
  const first = medianOf(p50s.slice(0, third));
  const last = medianOf(p50s.slice(-third));
  if (first === null || last === null || first <= MAX_SETTLING_RATIO * last + SETTLING_SLACK_MS) return [];
  const expected = disturbsOnPurpose(report);
  return [
    {
      source: 'saturation',
      severity: expected ? 'warning' : 'invalid',
      message:
        `latency fell steeply during the measured phase (produce p50 ${first.toFixed(1)} ms in its first third, ${last.toFixed(1)} ms in its last): ` +
        `the system was still settling when measuring began (a longer \`warmup\` gives it time)`,
    },
  ];
}


function resourceFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const usage = report.resourceUsage;
  if (!usage) return [];
  const detail = usage.reasons.length > 0 ? `: ${usage.reasons.join('; ')}` : '';
  switch (usage.verdict) {
    case 'generator-bound':
      return [{ source: 'resources', severity: 'invalid', message: `the load generator was the bottleneck${detail} — the figures describe kbench's worker, not Kafka` }];
    case 'machine-saturated':
      return [{ source: 'resources', severity: 'warning', message: `load generator and brokers competed for the same cores${detail}` }];
    case 'brokers-saturated':
      return [{ source: 'resources', severity: 'info', message: `the brokers used the machine's cores to their limit${detail}` }];
    case 'unknown':
      return [{ source: 'resources', severity: 'info', message: `resource use could not be judged${detail}` }];
    case 'healthy':
      return [];
  }
}

/** The hypervisor taking at least this share of the machine's cores (steal, mean over the measured seconds) disturbs the figures, %. */
export const DISTURBING_STEAL_PCT = 5;

/** A virtual machine whose cores the hypervisor gave to others: the figures include that tenant's load. */
function stealFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const steal = report.resourceUsage?.machine?.stealPctMean;
  if (steal === undefined || steal < DISTURBING_STEAL_PCT) return [];
  return [
    {
      source: 'resources',
      severity: 'warning',
      message:
        `the hypervisor gave ${steal.toFixed(1)} % of this machine's cores to others while measuring (CPU steal, mean over the measured seconds; ` +
        `from ${DISTURBING_STEAL_PCT} % on it disturbs the figures): they include another tenant's load, not only the system under test`,
    },
  ];
}

/** A broker's JIT compiler threads above this share of a core on average (what a settled warm-up allows) were still compiling, %. */
export const COMPILING_JIT_CPU_PCT = DEFAULT_SETTLE_RULE.maxJitCpuMsPerSec / 10;

/**
 * Embedded brokers still compiling their code while measuring (the JVMs' JIT warm-up, bursty
 * for minutes on a small machine, may outlast a settled cluster warm-up): their figures include it.
 */
function compilingFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const brokers = (report.resourceUsage?.processes ?? []).filter((process) => process.role === 'broker' && typeof process.jitCpuPctMean === 'number');
  if (brokers.length === 0) return [];
  const busiest = brokers.reduce((a, b) => ((b.jitCpuPctMean as number) > (a.jitCpuPctMean as number) ? b : a));
  const meanPct = busiest.jitCpuPctMean as number;
  if (meanPct <= COMPILING_JIT_CPU_PCT) return [];
  return [
    {
      source: 'resources',
      severity: 'warning',
      message:
        `the brokers were still compiling their code (JIT) while measuring: ${busiest.key}'s compiler threads used ${meanPct.toFixed(1)} % of a core on average ` +
        `(${(busiest.jitCpuPctMax ?? meanPct).toFixed(0)} % at most; a settled cluster warm-up allows ${COMPILING_JIT_CPU_PCT} %) — the figures include the JVMs' warm-up, ` +
        `not only a steady state (a longer \`warmup\` gives them time)`,
    },
  ];
}

function runFindings(report: Omit<KbenchReport, 'validity'>): ValidityFinding[] {
  const findings: ValidityFinding[] = [];
  if (report.status === 'aborted') findings.push({ source: 'run', severity: 'warning', message: `the run was interrupted after ${(report.durationMs / 1000).toFixed(0)} s of measurement` });
  if (report.status === 'failed') findings.push({ source: 'run', severity: 'invalid', message: `the run failed: ${report.failure?.message ?? 'unknown reason'}` });
  for (const detail of report.statusDetail ?? []) findings.push({ source: 'delivery', severity: 'info', message: detail });
  return findings;
}

/**
 * A report's validity: its own section, or for a report from an older kbench (schema 1, no such
 * section) the one its timeline allows (the saturation verdict; nothing is known of its warm-up).
 */
export function validityOf(report: KbenchReport): ValidityReport {
  if (report.validity) return report.validity;
  const saturation =
    report.saturation ??
    assessSaturation(
      report.scenario.producers.map((producer) => producer.load),
      report.timeline,
      report.scenario.consumerGroups.map((group) => group.groupId),
      report.backlog ? deliberateBacklog(report.backlog) : undefined,
    );
  return assessValidity({ ...report, saturation });
}
