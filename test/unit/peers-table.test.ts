import { describe, expect, it } from 'vitest';
import { median, summarizeSamples } from '../../src/peers/peers-summary.js';
import type { MeasurementId, PeerSample, ToolId } from '../../src/peers/peer-types.js';
import { renderPeersTable } from '../../src/peers/render-peers-table.js';

function sample(tool: ToolId, measurement: MeasurementId, round: number, values: PeerSample['values'], extra: Partial<PeerSample> = {}): PeerSample {
  return { round, measurement, tool, values, records: 1000, errors: 0, wallMs: 1000, ...extra };
}

/** The cells of the row of `tool` under the figure whose label starts with `label`. */
function rowCells(table: string, label: string, tool: string): string[] {
  const rows = table.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').slice(1, -1).map((cell) => cell.trim()));
  const start = rows.findIndex((cells) => (cells[0] ?? '').startsWith(label));
  if (start < 0) throw new Error(`no figure ${label} in\n${table}`);
  const row = rows.slice(start).find((cells, index) => (index === 0 || cells[0] === '') && cells[1] === tool);
  if (!row) throw new Error(`no row ${tool} under ${label} in\n${table}`);
  return row.slice(1);
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarizeSamples', () => {
  const tools = { 'producer-acks-1': ['apache', 'kbench-confluent', 'kbench-kafkajs'] as ToolId[], e2e: ['apache', 'kbench-confluent'] as ToolId[] };
  const samples: PeerSample[] = [
    sample('apache', 'producer-acks-1', 1, { 'producer-acks-1': 20_000 }),
    sample('kbench-confluent', 'producer-acks-1', 1, { 'producer-acks-1': 30_000 }),
    sample('kbench-kafkajs', 'producer-acks-1', 1, { 'producer-acks-1': 5_000 }, { errors: 3 }),
    sample('apache', 'producer-acks-1', 2, { 'producer-acks-1': 24_000 }),
    sample('kbench-confluent', 'producer-acks-1', 2, { 'producer-acks-1': 18_000 }),
    sample('kbench-kafkajs', 'producer-acks-1', 2, {}, { failure: 'worker crashed' }),
    sample('apache', 'producer-acks-1', 3, { 'producer-acks-1': 22_000 }),
    sample('kbench-confluent', 'producer-acks-1', 3, { 'producer-acks-1': 33_000 }),
    sample('kbench-kafkajs', 'producer-acks-1', 3, { 'producer-acks-1': 7_000 }),
    sample('apache', 'e2e', 1, { 'e2e-p50': 2, 'e2e-p99': 9, 'e2e-mean': 2.5 }),
    sample('kbench-confluent', 'e2e', 1, { 'e2e-p50': 2.2, 'e2e-p99': 12, 'e2e-mean': 2.4 }),
  ];
  const lines = summarizeSamples(samples, tools);

  it('gives one line per figure of the measured measurements, in table order', () => {
    expect(lines.map((line) => line.metric.id)).toEqual(['producer-acks-1', 'e2e-p50', 'e2e-p99', 'e2e-mean']);
  });

  it('takes each tool its median over the rounds that gave a figure, and counts failures and errors', () => {
    const [producer] = lines;
    expect(producer?.figures.apache).toEqual({ median: 22_000, samples: 3, failures: 0, errors: 0 });
    expect(producer?.figures['kbench-confluent']?.median).toBe(30_000);
    expect(producer?.figures['kbench-kafkajs']).toEqual({ median: 6_000, samples: 2, failures: 1, errors: 3 });
  });

  it("takes each tool's ratio to the Apache tool as the median of the rounds' own ratios", () => {
    // Rounds: 30,000 / 20,000, 18,000 / 24,000, 33,000 / 22,000 → 1.5, 0.75, 1.5.
    expect(lines[0]?.ratios['kbench-confluent']).toBeCloseTo(1.5, 10);
    // Round 2 failed: 5,000 / 20,000 and 7,000 / 22,000.
    expect(lines[0]?.ratios['kbench-kafkajs']).toBeCloseTo((0.25 + 7_000 / 22_000) / 2, 10);
    expect(lines[1]?.ratios['kbench-confluent']).toBeCloseTo(1.1, 10);
    expect(lines[1]?.figures['kbench-kafkajs']).toBeUndefined();
  });

  it('divides kbench on a client by that client alone, and gives every tool its ratio to the Apache tool', () => {
    const [line] = summarizeSamples(
      [sample('apache', 'consumer', 1, { consumer: 200_000 }), sample('raw-confluent', 'consumer', 1, { consumer: 160_000 }), sample('kbench-confluent', 'consumer', 1, { consumer: 120_000 }), sample('kbench-kafkajs', 'consumer', 1, { consumer: 90_000 })],
      { consumer: ['apache', 'raw-confluent', 'kbench-confluent', 'kbench-kafkajs'] },
    );
    expect(line?.rawRatios).toEqual({ 'kbench-confluent': 0.75 });
    expect(line?.ratios['raw-confluent']).toBeCloseTo(0.8, 10);
    expect(line?.ratios['kbench-kafkajs']).toBeCloseTo(0.45, 10);
    expect(renderPeersTable(line ? [line] : [])).toMatch(/kbench confluent\s*│ msg\/s\s*│\s*120,000\s*│\s*0\.60×\s*│\s*0\.75×/);
  });

  it('has no ratio when the Apache tool gave no figure', () => {
    const [line] = summarizeSamples([sample('apache', 'consumer', 1, {}, { failure: 'timeout' }), sample('kbench-confluent', 'consumer', 1, { consumer: 9 })], {
      consumer: ['apache', 'kbench-confluent'],
    });
    expect(line?.figures.apache).toEqual({ median: undefined, samples: 0, failures: 1, errors: 0 });
    expect(line?.ratios).toEqual({});
  });

  describe('renderPeersTable', () => {
    const table = renderPeersTable(lines);

    it('shows one row per tool: medians, ratios and how many rounds gave a figure when some failed', () => {
      expect(rowCells(table, 'producer, acks=1', 'Apache tool')).toEqual(['Apache tool', 'msg/s', '22,000', '', '']);
      expect(rowCells(table, 'producer, acks=1', 'kbench confluent')).toEqual(['kbench confluent', 'msg/s', '30,000', '1.50×', '']);
      expect(rowCells(table, 'producer, acks=1', 'kbench kafkajs')).toEqual(['kbench kafkajs', 'msg/s', '6,000 (2/3)', '0.28×', '']);
    });

    it('formats latencies in ms and gives no row to tools that did not run', () => {
      expect(rowCells(table, 'end to end p50', 'kbench confluent')).toEqual(['kbench confluent', 'ms', '2.20', '1.10×', '']);
      expect(rowCells(table, 'end to end p99', 'kbench confluent')[2]).toBe('12.0');
      expect(() => rowCells(table, 'end to end p50', 'kbench kafkajs')).toThrow(/no row/);
    });

    it('lists the errors below the table', () => {
      expect(table).toContain('errors: kbench kafkajs, producer, acks=1: 3 over 3 run(s)');
      expect(table).not.toMatch(/errors: Apache/);
    });

    it('uses no colour codes', () => {
      // eslint-disable-next-line no-control-regex
      expect(table).not.toMatch(/\u001b\[/);
    });
  });
});
