/**
 * Chart data of the `kbench clients` page: for a few figures, each client's median against the
 * scenarios (x = the scenarios as categories, one line per client), with a shaded band at each
 * scenario where some client's pair had no counted run, naming those clients. Pure.
 */
import { colorAt, type ChartBand, type LineChartSpec } from '../report/html/chart-spec.js';
import { CLIENT_FIGURES } from './clientbench-figures.js';
import type { ClientBenchBundle, ClientFigureId } from './clientbench-types.js';

/** The charted figures; bytes are drawn in MiB. */
export const CHARTED_FIGURES: readonly ClientFigureId[] = ['producedPerSec', 'consumedPerSec', 'responseP99Ms', 'e2eP99Ms', 'cpuUsPerProduced', 'cpuUsPerConsumed', 'peakRssBytes'];

export function clientBenchChart(bundle: ClientBenchBundle, id: ClientFigureId): LineChartSpec {
  const figure = CLIENT_FIGURES.find((one) => one.id === id);
  if (figure === undefined) throw new RangeError(`no client figure ${id}`);
  const scale = figure.unit === 'bytes' ? 1 / 2 ** 20 : 1;
  const unit = figure.unit === 'bytes' ? 'MiB' : figure.unit;
  const xs = bundle.scenarios.map((_, index) => index);
  const columns = bundle.clients.map((client) =>
    xs.map((x) => {
      const value = bundle.cells.find((cell) => cell.scenario === x && cell.client === client.name)?.figures[id].median ?? null;
      return value === null ? null : value * scale;
    }),
  );
  return {
    id: `clients-${id}`,
    title: `${figure.label} (${unit}, median over rounds; ${figure.better} is better)`,
    xAxis: 'category',
    xLabel: 'scenario',
    xTicks: bundle.scenarios.map((scenario) => scenario.name),
    yLabel: unit,
    yUnit: unit,
    data: [xs, ...columns],
    series: bundle.clients.map((client, index) => ({ label: client.name, color: colorAt(index) })),
    bands: uncountedBands(bundle),
  };
}

/** A band at each scenario where a client's pair had no counted run (its point is the median of every run). */
export function uncountedBands(bundle: ClientBenchBundle): ChartBand[] {
  return bundle.scenarios.flatMap((scenario) => {
    const clients = bundle.cells.filter((cell) => cell.scenario === scenario.index && cell.countedRuns === 0).map((cell) => cell.client);
    return clients.length === 0 ? [] : [{ from: scenario.index - 0.3, to: scenario.index + 0.3, kind: 'fault' as const, label: `⚠ ${clients.join(', ')}` }];
  });
}

export function clientBenchCharts(bundle: ClientBenchBundle): LineChartSpec[] {
  return CHARTED_FIGURES.map((id) => clientBenchChart(bundle, id));
}
