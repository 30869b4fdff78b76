/**
 * The console's resource use: CPU per process over the measured seconds and CPU per message (the
 * bottleneck verdict and its reasons are in the Validity block). Pure: a function of the report.
 */
import { createTable, type Style } from './console-format.js';
import type { KbenchReport } from './report-types.js';

function fixed(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}

/** Empty for reports without resource accounting (older kbench). */
export function renderResources(report: Pick<KbenchReport, 'resourceUsage'>, style: Style): string {
  const usage = report.resourceUsage;
  if (!usage) return '';
  const table = createTable(['process', 'scope', 'CPU ms', 'mean % core', 'max % core', 'loop busy', 'loop delay p99 ms'], style);
  for (const process of usage.processes) {
    table.push([
      `${process.key} ${style.dim(`(${process.role})`)}`,
      process.scope,
      fixed(process.cpuMs, 0),
      fixed(process.cpuPctMean),
      fixed(process.cpuPctMax),
      process.eventLoopUtilization === null ? '-' : `${(process.eventLoopUtilization * 100).toFixed(0)} %`,
      fixed(process.eventLoopDelayP99Ms),
    ]);
  }
  const perMessage = (value: number | null): string => (value === null ? '-' : `${value.toFixed(1)} µs`);
  const machine = usage.machine === null ? 'machine: unknown' : `machine: ${usage.machine.busyPctMean.toFixed(1)} % busy of ${usage.cores} cores (max ${usage.machine.busyPctMax.toFixed(1)} %, steal ${usage.machine.stealPctMean.toFixed(1)} %)`;
  return [
    `${style.bold('CPU')} ${style.dim(`(${usage.measuredSeconds} measured seconds; % of one core)`)}`,
    table.toString(),
    // The bottleneck verdict and its reasons are in the Validity block (render-validity.ts).
    `${machine} · CPU per message: ${perMessage(usage.cpuUsPerMessage.produced)} produced, ${perMessage(usage.cpuUsPerMessage.consumed)} consumed`,
  ].join('\n');
}
