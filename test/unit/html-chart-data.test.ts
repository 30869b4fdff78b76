import { describe, expect, it } from 'vitest';
import { alignColumns } from '../../src/report/html/chart-spec.js';
import { memberRows, partitionRanges } from '../../src/report/html/member-timeline.js';
import { renderMemberTimelineSvg } from '../../src/report/html/member-timeline-svg.js';
import { partitionSpreadText, renderPartitionBarsSvg } from '../../src/report/html/partition-bars-svg.js';
import { percentileChart, percentilePoints, percentileToX } from '../../src/report/html/percentile-charts.js';
import { niceTicks } from '../../src/report/html/svg-scale.js';
import { faultBands, timeBands } from '../../src/report/html/timeline-charts.js';
import { sampleConsumerEvents, sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('memberRows', () => {
  const rows = memberRows(sampleConsumerEvents, 72_000);

  it('replays eager scale-outs and a crash into partitions owned over time', () => {
    expect(rows.map((row) => row.consumerId)).toEqual(['kbench-acks-all-0#0', 'kbench-acks-all-0#1', 'kbench-acks-all-0#2', 'kbench-acks-all-0#3']);
    expect(rows[0]?.segments).toEqual([
      { fromMs: -1200, toMs: 20_100, partitions: [0, 1, 2, 3, 4, 5] },
      { fromMs: 20_900, toMs: 35_100, partitions: [0, 1, 2] },
      { fromMs: 36_200, toMs: 60_000, partitions: [0, 1] },
      { fromMs: 60_800, toMs: 72_000, partitions: [0, 1] },
    ]);
    expect(rows[2]?.segments).toEqual([
      { fromMs: 36_200, toMs: 60_000, partitions: [4] },
      { fromMs: 60_800, toMs: 72_000, partitions: [4, 5] },
    ]);
    expect(rows[3]).toMatchObject({ fromMs: 35_000, toMs: 50_000, segments: [{ fromMs: 36_200, toMs: 50_000, partitions: [5] }] });
    expect(rows[3]?.marks.map((mark) => mark.type)).toEqual(['joining', 'assigned', 'crashed']);
  });

  it('replays incremental (cooperative) assignments and a graceful leave', () => {
    const g = 'g';
    const cooperative = memberRows(
      [
        { consumerId: 'a', groupId: g, atMs: 0, type: 'joining' },
        { consumerId: 'a', groupId: g, atMs: 100, type: 'assigned', partitions: [1, 0] },
        { consumerId: 'a', groupId: g, atMs: 500, type: 'assigned', partitions: [2] },
        { consumerId: 'a', groupId: g, atMs: 900, type: 'revoked', partitions: [1] },
        { consumerId: 'a', groupId: g, atMs: 1200, type: 'slow', processingTimeMs: 5 },
        { consumerId: 'a', groupId: g, atMs: 1500, type: 'left' },
      ],
      3000,
    );
    expect(cooperative).toHaveLength(1);
    expect(cooperative[0]).toMatchObject({ fromMs: 0, toMs: 1500 });
    expect(cooperative[0]?.segments).toEqual([
      { fromMs: 100, toMs: 500, partitions: [0, 1] },
      { fromMs: 500, toMs: 900, partitions: [0, 1, 2] },
      { fromMs: 900, toMs: 1500, partitions: [0, 2] },
    ]);
    expect(cooperative[0]?.marks[4]).toEqual({ atMs: 1200, type: 'slow', partitions: [], processingTimeMs: 5 });
  });

  it('groups rows by consumer group and handles no events', () => {
    const rowsByGroup = memberRows(
      [
        { consumerId: 'x#0', groupId: 'x', atMs: 0, type: 'joining' },
        { consumerId: 'y#0', groupId: 'y', atMs: 1, type: 'joining' },
        { consumerId: 'x#1', groupId: 'x', atMs: 2, type: 'joining' },
      ],
      10,
    );
    expect(rowsByGroup.map((row) => row.consumerId)).toEqual(['x#0', 'x#1', 'y#0']);
    expect(memberRows([], 1000)).toEqual([]);
  });

  it('writes partitions as compact ranges', () => {
    expect(partitionRanges([8, 0, 1, 2, 5, 7])).toBe('0-2, 5, 7-8');
    expect(partitionRanges([])).toBe('');
  });

  it('renders a row per member with a mark per event', () => {
    const svg = renderMemberTimelineSvg(rows, timeBands(sampleRebalanceReport()), -2000, 72_000);
    expect(svg.match(/class="member-row"/g)).toHaveLength(4);
    expect(svg.match(/class="mark /g)).toHaveLength(sampleConsumerEvents.length);
    expect(svg.match(/class="segment"/g)).toHaveLength(rows.reduce((sum, row) => sum + row.segments.length, 0));
    expect(svg).toContain('<title>kbench-acks-all-0#3 owned partition(s) 5 from 36.20 s to 50.00 s</title>');
  });
});

describe('percentile curves', () => {
  it('places percentiles on a log scale of 1 / (1 − p)', () => {
    expect(percentileToX(0)).toBe(0);
    expect(percentileToX(90)).toBeCloseTo(1, 12);
    expect(percentileToX(99)).toBeCloseTo(2, 12);
    expect(percentileToX(99.9)).toBeCloseTo(3, 10);
  });

  it('draws a latency from its histogram, ending at its maximum at the last sample', () => {
    const stats = sampleReport.latency.e2e;
    const points = percentilePoints(stats);
    expect(points[0]?.[0]).toBe(0);
    for (let i = 1; i < points.length; i++) {
      expect(points[i]?.[0], `x of point ${i}`).toBeGreaterThan(points[i - 1]?.[0] ?? Infinity);
      expect(points[i]?.[1], `y of point ${i}`).toBeGreaterThanOrEqual(points[i - 1]?.[1] ?? Infinity);
    }
    expect(points.at(-1)?.[0]).toBeCloseTo(Math.log10(stats.count), 12);
    expect(points.at(-1)?.[1]).toBeCloseTo(stats.max, 1);
    const median = points.find(([x]) => Math.abs(x - percentileToX(50)) < 1e-9);
    expect(median?.[1]).toBeCloseTo(stats.p50, 2);
  });

  it('has no points without samples or with an unreadable histogram', () => {
    expect(percentilePoints({ count: 0, hdr: '' })).toEqual([]);
    expect(percentilePoints({ count: 10, hdr: 'HISTFAAAnot-a-histogram' })).toEqual([]);
  });

  it('aligns curves with different x values', () => {
    expect(alignColumns([[[0, 1], [2, 3]], [[1, 5], [2, 6]]])).toEqual([[0, 1, 2], [1, null, 3], [null, 5, 6]]);
    const chart = percentileChart('x', 'x', [
      { label: 'a', color: '#000000', stats: sampleReport.latency.produce },
      { label: 'none', color: '#111111', stats: { count: 0, hdr: '' } },
    ]);
    expect(chart.series.map((series) => series.label)).toEqual(['a']);
    expect(chart.data).toHaveLength(2);
  });
});

describe('bands and bars', () => {
  it('makes instant faults zero-width bands', () => {
    expect(faultBands(sampleRebalanceReport())).toEqual([
      { from: 40, to: 43, kind: 'fault', label: 'F1' },
      { from: 50, to: 50, kind: 'fault', label: 'F2' },
    ]);
  });

  it('draws two bars per partition and tells the spread', () => {
    const svg = renderPartitionBarsSvg(sampleReport.partitions);
    expect(svg.match(/<g class="partition">/g)).toHaveLength(sampleReport.partitions.length);
    expect(svg).toContain('<title>partition 4: 116,804 acked (16.7% of all acked), 116,804 consumed</title>');
    expect(renderPartitionBarsSvg([])).toBe('');
    const skewed = [
      { partition: 0, acked: 700, consumed: 700 },
      { partition: 1, acked: 100, consumed: 100 },
      { partition: 2, acked: 200, consumed: 200 },
    ];
    expect(partitionSpreadText(skewed)).toBe('largest 70.0% of acked (partition 0), smallest 10.0% (partition 1); an even spread is 33.3%');
  });

  it('picks round tick values', () => {
    expect(niceTicks(0, 116_804, 5)).toEqual([0, 50_000, 100_000]);
    expect(niceTicks(0, 116_804, 10)).toEqual([0, 20_000, 40_000, 60_000, 80_000, 100_000]);
    expect(niceTicks(-2, 72, 12)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(niceTicks(0, 1, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
});
