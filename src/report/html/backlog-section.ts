/**
 * The HTML section of a deliberate backlog: key figures, the group's lag over time with the pause
 * and the catch-up shaded (and the target lag), its consumption against what was acknowledged,
 * and the latency table by part of the phase. Pure; empty without a backlog.
 */
import { formatCount, formatMs, formatRate } from '../console-format.js';
import type { BacklogReport, KbenchReport, LatencyStats } from '../report-types.js';
import { chartFigure } from './chart-figure.js';
import { colorAt, type ChartBand, type LineChartSpec } from './chart-spec.js';
import { htmlTable, keyValueTable, section } from './html-table.js';

/** The pause (`⏸ paused`) and the catch-up (`▶ catch-up`) as bands, seconds since the run started. */
export function backlogBands(backlog: BacklogReport, endSecond: number): ChartBand[] {
  const resumed = backlog.resumedAtMs ?? endSecond * 1000;
  const bands: ChartBand[] = [{ from: backlog.pausedAtMs / 1000, to: resumed / 1000, kind: 'backlog', label: '⏸ paused' }];
  if (backlog.resumedAtMs !== null) {
    bands.push({ from: backlog.resumedAtMs / 1000, to: (backlog.caughtUpAtMs ?? endSecond * 1000) / 1000, kind: 'backlog', label: backlog.caughtUpAtMs === null ? '▶ not caught up' : '▶ catch-up' });
  }
  return bands;
}

/** The group's lag per second (messages), with the target lag as a dashed line. */
export function backlogLagChart(report: KbenchReport): LineChartSpec | undefined {
  const backlog = report.backlog;
  if (!backlog) return undefined;
  const seconds = backlog.seconds;
  const end = (seconds[seconds.length - 1]?.second ?? 0) + 1;
  return {
    id: 'backlog-lag',
    title: `Lag of ${backlog.groupId} over time (end of each second)`,
    xAxis: 'seconds',
    xLabel: 'seconds since start',
    yLabel: 'messages',
    yUnit: 'msgs',
    // Each second's lag is its value at the second's end.
    data: [seconds.map((s) => s.second + 1), seconds.map((s) => s.lag), seconds.map(() => backlog.targetLag)],
    series: [
      { label: 'lag', color: colorAt(0) },
      { label: 'caught up at or below', color: colorAt(8), dash: [6, 4] },
    ],
    bands: backlogBands(backlog, end),
  };
}

/** The group's consumption per second against what was acknowledged. */
export function backlogRateChart(report: KbenchReport): LineChartSpec | undefined {
  const backlog = report.backlog;
  if (!backlog) return undefined;
  const seconds = backlog.seconds;
  const end = (seconds[seconds.length - 1]?.second ?? 0) + 1;
  return {
    id: 'backlog-rates',
    title: `Consumed by ${backlog.groupId} and acknowledged, per second`,
    xAxis: 'seconds',
    xLabel: 'seconds since start',
    yLabel: 'messages / s',
    yUnit: 'msg/s',
    data: [seconds.map((s) => s.second), seconds.map((s) => s.consumedPerSec), seconds.map((s) => s.ackedPerSec)],
    series: [
      { label: `consumed by ${backlog.groupId}`, color: colorAt(1) },
      { label: 'acked', color: colorAt(0), dash: [4, 3] },
    ],
    bands: backlogBands(backlog, end),
  };
}

export function backlogSection(report: KbenchReport, lag: LineChartSpec | undefined, rates: LineChartSpec | undefined): string {
  const backlog = report.backlog;
  if (!backlog || !lag || !rates) return '';
  const s = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const rate = (perSec: number | null): string => (perSec === null ? '-' : `${formatRate(perSec)} msg/s`);
  const facts = keyValueTable([
    ['group', backlog.groupId],
    ['how', backlog.mechanism],
    ['paused at', s(backlog.pausedAtMs)],
    ['resumed at', backlog.resumedAtMs === null ? 'never' : `${s(backlog.resumedAtMs)} (${backlog.resumeReason ?? ''}; size ${backlog.size})`],
    ['backlog built', `${formatCount(backlog.built.messages)} messages, ${(backlog.built.bytes / 1e6).toFixed(1)} MB in ${s(backlog.built.durationMs)}`],
    ['lag before → peak', `${formatCount(backlog.baselineLag)} → ${formatCount(backlog.peakLag)}`],
    ['catch-up time', backlog.catchUpMs === null ? 'not caught up' : s(backlog.catchUpMs)],
    ['drain rate (consumed)', rate(backlog.drainRatePerSec)],
    ['net drain rate (backlog shrank)', rate(backlog.netDrainRatePerSec)],
    ['acknowledged meanwhile', rate(backlog.producedDuringDrainPerSec)],
  ]);
  const row = (label: string, stats: LatencyStats): Array<string | number> => {
    const value = (ms: number): string => (stats.count === 0 ? '-' : formatMs(ms));
    return [label, formatCount(stats.count), value(stats.p50), value(stats.p90), value(stats.p99), value(stats.max)];
  };
  const latency = htmlTable(
    ['latency (ms)', 'count', 'p50', 'p90', 'p99', 'max'],
    [
      row('produce before the pause', backlog.latency.produceBefore),
      row('produce while paused', backlog.latency.producePaused),
      row('produce during the drain', backlog.latency.produceDrain),
      row(`end to end during the drain (${backlog.groupId})`, backlog.latency.e2eDrain),
    ],
  );
  const note = `Shaded: the pause (fetching stopped, members stayed in the group) and the catch-up. ${backlog.criterion}.`;
  return section('backlog', 'Backlog and catch-up', facts + chartFigure(lag, 'No per-second data.', { note }) + chartFigure(rates, 'No per-second data.') + latency);
}
