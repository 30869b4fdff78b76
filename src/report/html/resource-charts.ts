/**
 * Chart data from a report's `resourceUsage` section: CPU per process over time (% of one core)
 * with the machine's total, shaded like the timeline charts. Pure.
 */
import type { KbenchReport } from '../report-types.js';
import { colorAt, type LineChartSpec } from './chart-spec.js';
import { timeBands } from './timeline-charts.js';

/** Keys in a stable order: runner, workers by id, brokers by node id. */
function orderedKeys(keys: readonly string[]): string[] {
  const rank = (key: string): [number, number] => {
    const match = /^(runner|worker|broker)(?:-(\d+))?$/.exec(key);
    const group = match ? ['runner', 'worker', 'broker'].indexOf(match[1] as string) : 3;
    return [group, Number(match?.[2] ?? 0)];
  };
  return [...keys].sort((a, b) => {
    const [ga, na] = rank(a);
    const [gb, nb] = rank(b);
    return ga - gb || na - nb || a.localeCompare(b);
  });
}

/** CPU of every sampled process per second, % of one core, and the whole machine's busy time on the same scale. */
export function cpuChart(report: KbenchReport): LineChartSpec {
  const usage = report.resourceUsage;
  const seconds = usage?.seconds ?? [];
  const cores = usage?.cores ?? 1;
  const roles = new Map((usage?.processes ?? []).map((process) => [process.key, process.role]));
  const keys = orderedKeys([...new Set(seconds.flatMap((second) => Object.keys(second.cpuPct)))]);
  const label = (key: string): string => {
    const role = roles.get(key);
    return role === 'producer-worker' ? `${key} (producer)` : role === 'consumer-worker' ? `${key} (consumer)` : key;
  };
  return {
    id: 'cpu',
    title: 'CPU per process over time',
    xAxis: 'seconds',
    xLabel: 'seconds since start',
    yLabel: '% of one core',
    yUnit: '%',
    data: [
      seconds.map((second) => second.second),
      ...keys.map((key) => seconds.map((second) => second.cpuPct[key] ?? null)),
      seconds.map((second) => (second.machineBusyPct === null ? null : Math.round(second.machineBusyPct * cores * 10) / 10)),
    ],
    series: [
      ...keys.map((key, index) => ({ label: label(key), color: colorAt(index) })),
      { label: `machine, all processes (${cores * 100} % = all ${cores} cores)`, color: '#57606a', dash: [6, 4] },
    ],
    bands: timeBands(report),
  };
}
