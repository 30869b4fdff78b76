/** The HTML report's resource section: the bottleneck verdict with its reasons, the CPU chart and a table per process. Pure. */
import type { KbenchReport } from '../report-types.js';
import type { BottleneckVerdict, ProcessUsage, ResourceUsageReport } from '../validity-types.js';
import { chartFigure } from './chart-figure.js';
import type { LineChartSpec } from './chart-spec.js';
import { escapeHtml } from './html-text.js';
import { htmlTable, section } from './html-table.js';

const VERDICT_TEXT: Record<BottleneckVerdict, string> = {
  healthy: 'Healthy: nothing was near its limit',
  'generator-bound': 'Generator-bound: kbench itself could not drive more load',
  'brokers-saturated': 'Brokers saturated: the brokers used the cores while the load generator had headroom',
  'machine-saturated': 'Machine saturated: processes competed for the same cores',
  unknown: 'Unknown: too few samples for a verdict',
};

function fixed(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}

function megabytes(bytes: number | null): string {
  return bytes === null ? '-' : (bytes / 1_048_576).toFixed(0);
}

function processRows(processes: readonly ProcessUsage[]): Array<Array<string | number>> {
  return processes.map((process) => [
    process.key,
    process.role,
    process.scope,
    process.pid ?? '-',
    fixed(process.cpuMs, 0),
    fixed(process.cpuPctMean),
    fixed(process.cpuPctMax),
    process.eventLoopUtilization === null ? '-' : `${(process.eventLoopUtilization * 100).toFixed(0)} %`,
    fixed(process.eventLoopDelayP99Ms),
    megabytes(process.rssMaxBytes ?? process.heapUsedMaxBytes),
  ]);
}

/** Verdict, reasons, machine and per-message figures. */
function verdictBlock(usage: ResourceUsageReport): string {
  const severity = usage.verdict === 'healthy' ? 'pass' : usage.verdict === 'unknown' ? 'empty' : 'fail';
  const figures = [
    usage.machine === null ? 'machine: /proc/stat not readable' : `machine (${usage.cores} cores): ${usage.machine.busyPctMean.toFixed(1)} % busy on average, at most ${usage.machine.busyPctMax.toFixed(1)} %, steal ${usage.machine.stealPctMean.toFixed(1)} %`,
    `CPU per message: ${usage.cpuUsPerMessage.produced === null ? '-' : `${usage.cpuUsPerMessage.produced.toFixed(1)} µs`} produced, ${
      usage.cpuUsPerMessage.consumed === null ? '-' : `${usage.cpuUsPerMessage.consumed.toFixed(1)} µs`
    } consumed (workers' CPU over the ${usage.measuredSeconds} measured seconds)`,
  ];
  return (
    `<p id="bottleneck-verdict" class="${severity}" data-verdict="${escapeHtml(usage.verdict)}">${escapeHtml(VERDICT_TEXT[usage.verdict])}</p>` +
    `<ul id="bottleneck-reasons">${usage.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>` +
    `<p class="note">${figures.map(escapeHtml).join('<br>')}</p>`
  );
}

/** The section; empty for a report without resource accounting (older reports). */
export function resourceSection(report: KbenchReport, chart: LineChartSpec): string {
  const usage = report.resourceUsage;
  if (usage === undefined) return '';
  const table = htmlTable(
    ['process', 'role', 'scope', 'pid', 'CPU ms', 'mean % core', 'max % core', 'event loop busy', 'loop delay p99 ms', 'memory MB (rss, or heap for threads)'],
    processRows(usage.processes),
    { numericFrom: 3 },
  );
  return section(
    'resources',
    'CPU and bottleneck',
    verdictBlock(usage) +
      chartFigure(chart, 'No CPU samples: the run ended before its first second.', {
        note: 'Per process, % of one core (a thread worker: its own thread; runner: its process minus the worker threads). Dashed: every process on the machine, on the same scale.',
      }) +
      table,
  );
}
