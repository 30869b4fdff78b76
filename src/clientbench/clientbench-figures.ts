/**
 * The figures `kbench clients` compares, read from each run's report, whether a run counts, and
 * the medians over rounds. Pure.
 */
import { medianOf } from '../util/median.js';
import { validityOf } from '../report/assess-validity.js';
import type { KbenchReport } from '../report/report-types.js';
import type { ProcessRole } from '../report/validity-types.js';
import type { ClientBenchRun, ClientCellFigure, ClientFigureDefinition, ClientFigureId, ClientRunFigures } from './clientbench-types.js';

export const CLIENT_FIGURES: readonly ClientFigureDefinition[] = [
  { id: 'producedPerSec', label: 'produced/s', unit: 'msg/s', better: 'higher', description: 'acknowledged messages per measured second (throughput.produced.meanPerSec)' },
  {
    id: 'consumedPerSec',
    label: 'consumed/s',
    unit: 'msg/s',
    better: 'higher',
    description: 'consumed messages per measured second (throughput.consumed.meanPerSec); for a scenario whose group builds a backlog, the catch-up drain rate (backlog.drainRatePerSec): the consumer reading as fast as it can',
  },
  { id: 'responseP50Ms', label: 'produce p50', unit: 'ms', better: 'lower', description: 'produce response time, intended send time → acknowledgement, median (latency.produceResponse.p50)' },
  { id: 'responseP99Ms', label: 'produce p99', unit: 'ms', better: 'lower', description: 'produce response time, 99th percentile (latency.produceResponse.p99)' },
  { id: 'e2eP50Ms', label: 'e2e p50', unit: 'ms', better: 'lower', description: 'end to end, intended send time → consumed, median (latency.e2e.p50)' },
  { id: 'e2eP99Ms', label: 'e2e p99', unit: 'ms', better: 'lower', description: 'end to end, 99th percentile (latency.e2e.p99)' },
  {
    id: 'cpuUsPerProduced',
    label: 'CPU µs/produced',
    unit: 'µs',
    better: 'lower',
    description: "CPU of the producer workers per message acknowledged over the measured seconds (resourceUsage.cpuUsPerMessage.produced); a worker process's includes the client's native threads, a worker thread's is its own thread",
  },
  {
    id: 'cpuUsPerConsumed',
    label: 'CPU µs/consumed',
    unit: 'µs',
    better: 'lower',
    description: 'CPU of the consumer workers per message consumed over the measured seconds (resourceUsage.cpuUsPerMessage.consumed); for a scenario whose group builds a backlog, over the seconds of its catch-up (resourceUsage.seconds and backlog.seconds)',
  },
  {
    id: 'peakRssBytes',
    label: 'peak RSS',
    unit: 'bytes',
    better: 'lower',
    description: "highest resident memory of kbench's processes together at one sample (resources: the runner, which hosts worker threads, plus every worker process), so thread-hosted and process-hosted clients are counted alike",
  },
  { id: 'eventLoopDelayP99Ms', label: 'loop delay p99', unit: 'ms', better: 'lower', description: "the highest per-second event-loop delay p99 of the load workers (resourceUsage.processes[].eventLoopDelayP99Ms, the workers' own readings)" },
  { id: 'rebalancePauseMaxMs', label: 'rebalance pause', unit: 'ms', better: 'lower', description: 'the longest pause (time some partition had no live owner) of the rebalances after the first assignment (rebalances[].pauseMs)' },
  { id: 'errors', label: 'errors', unit: 'count', better: 'lower', description: 'client errors of every kind over the whole run (errors)' },
];

export const CLIENT_FIGURE_IDS: readonly ClientFigureId[] = CLIENT_FIGURES.map((figure) => figure.id);

const WORKER_ROLES: readonly ProcessRole[] = ['producer-worker', 'consumer-worker', 'worker'];

/** A run's figures, and where its consumed rate comes from. */
export function runFigures(report: KbenchReport): { figures: ClientRunFigures; consumedBasis: ClientBenchRun['consumedBasis'] } {
  const usage = report.resourceUsage;
  const latency = (stats: { count: number; p50: number; p99: number }, key: 'p50' | 'p99'): number | null => (stats.count > 0 ? stats[key] : null);
  const hasConsumers = report.consumerGroups.length > 0;
  const consumedBasis = report.backlog ? 'backlog-drain' : hasConsumers ? 'measured-seconds' : null;
  const consumed = report.backlog ? report.backlog.drainRatePerSec : hasConsumers ? report.throughput.consumed.meanPerSec : null;
  const delays = (usage?.processes ?? []).filter((process) => WORKER_ROLES.includes(process.role)).flatMap((process) => (process.eventLoopDelayP99Ms === null ? [] : [process.eventLoopDelayP99Ms]));
  const pauses = report.rebalances.filter((rebalance) => rebalance.trigger !== 'initial').map((rebalance) => rebalance.pauseMs);
  return {
    consumedBasis,
    figures: {
      producedPerSec: report.scenario.producers.length > 0 ? report.throughput.produced.meanPerSec : null,
      consumedPerSec: consumed,
      responseP50Ms: latency(report.latency.produceResponse, 'p50'),
      responseP99Ms: latency(report.latency.produceResponse, 'p99'),
      e2eP50Ms: latency(report.latency.e2e, 'p50'),
      e2eP99Ms: latency(report.latency.e2e, 'p99'),
      cpuUsPerProduced: usage?.cpuUsPerMessage.produced ?? null,
      cpuUsPerConsumed: report.backlog ? catchUpCpuUsPerMessage(report) : (usage?.cpuUsPerMessage.consumed ?? null),
      peakRssBytes: peakRssBytes(report),
      eventLoopDelayP99Ms: delays.length === 0 ? null : Math.max(...delays),
      rebalancePauseMaxMs: pauses.length === 0 ? null : Math.max(...pauses),
      errors: Object.values(report.errors).reduce((sum, count) => sum + count, 0),
    },
  };
}

/**
 * CPU of the consumer workers per message consumed during a backlog's catch-up, µs: their CPU in
 * the whole seconds from the resume's to the caught-up one (`resourceUsage.seconds`, % of a core)
 * over the group's messages consumed in those seconds (`backlog.seconds`). The measured seconds'
 * figure would divide the paused member's idle CPU by the few messages read before the pause.
 * Null when the group never caught up or a second has no CPU reading.
 */
export function catchUpCpuUsPerMessage(report: Pick<KbenchReport, 'backlog' | 'resourceUsage'>): number | null {
  const backlog = report.backlog;
  const usage = report.resourceUsage;
  if (!backlog || !usage || backlog.resumedAtMs === null || backlog.caughtUpAtMs === null) return null;
  const keys = usage.processes.filter((process) => process.role === 'consumer-worker').map((process) => process.key);
  const from = Math.floor(backlog.resumedAtMs / 1000);
  const to = Math.floor(backlog.caughtUpAtMs / 1000);
  let cpuUs = 0;
  let messages = 0;
  for (let second = from; second <= to; second++) {
    const sample = usage.seconds.find((one) => one.second === second);
    const readings = keys.map((key) => sample?.cpuPct[key]);
    if (keys.length === 0 || readings.some((reading) => reading === undefined)) return null;
    cpuUs += readings.reduce<number>((sum, pct) => sum + (pct ?? 0) * 10_000, 0);
    messages += backlog.seconds.find((one) => one.second === second)?.consumedPerSec ?? 0;
  }
  return messages > 0 ? cpuUs / messages : null;
}

/**
 * The highest total resident memory of kbench's processes at one memory sample: the runner (whose
 * RSS includes its worker threads) plus each worker process. A worker thread reports its host's
 * RSS, which the runner's already holds, so it is not added again.
 */
export function peakRssBytes(report: Pick<KbenchReport, 'resources' | 'workers'>): number | null {
  const processWorkers = new Set(report.workers.filter((worker) => worker.host === 'process').map((worker) => worker.id));
  const totals = report.resources.map(
    (sample) => sample.runnerRssBytes + sample.workers.filter((worker) => processWorkers.has(worker.workerId)).reduce((sum, worker) => sum + worker.rssBytes, 0),
  );
  return totals.length === 0 ? null : Math.max(...totals);
}

/** Whether a run kept up, whether its figures count in the medians, and why not. */
export function checkRun(report: KbenchReport): Pick<ClientBenchRun, 'status' | 'saturation' | 'keptUp' | 'validity' | 'counted' | 'problems'> {
  const saturation = report.saturation?.verdict ?? null;
  const keptUp = saturation === 'kept-up' || saturation === 'unthrottled';
  const validity = validityOf(report);
  const problems: string[] = [];
  if (report.status !== 'completed') problems.push(`${report.status}${report.failure ? `: ${report.failure.message}` : ''}`);
  if (!keptUp) {
    const why = saturation === 'saturated' ? (report.saturation?.reasons ?? []).join('; ') || 'the system did not keep up with the offered load' : saturation === 'no-load' ? 'no measured load' : 'no saturation verdict';
    problems.push(`did not keep up: ${why}`);
  }
  // A saturation finding can make a run invalid while it kept up (latency still falling: not settled);
  // when it did not keep up, the reasons above already say it.
  const blocking = validity.findings.filter((finding) => finding.severity === 'invalid' && !(finding.source === 'saturation' && !keptUp) && !isGeneratorBound(report, finding.source));
  if (blocking.length > 0) problems.push(`not valid: ${blocking.map((finding) => finding.message).join('; ')}`);
  const counted = problems.length === 0;
  if (isGeneratorBound(report, 'resources')) problems.push("the client's worker was the bottleneck (counted: in a client comparison the load generator is the client under test)");
  return { status: report.status, saturation, keptUp, validity: validity.verdict, counted, problems };
}

function isGeneratorBound(report: KbenchReport, source: string): boolean {
  return source === 'resources' && report.resourceUsage?.verdict === 'generator-bound';
}

/** A figure over a cell's runs: the median of the counted runs, or of every run (marked) when none counted. */
export function cellFigure(runs: ReadonlyArray<Pick<ClientBenchRun, 'counted' | 'figures'>>, id: ClientFigureId): ClientCellFigure {
  const rounds = runs.map((run) => run.figures[id]);
  const counted = runs.filter((run) => run.counted);
  if (counted.length > 0) return { median: medianOf(counted.map((run) => run.figures[id])), basis: 'counted-runs', rounds };
  return { median: medianOf(rounds), basis: 'all-runs', rounds };
}
