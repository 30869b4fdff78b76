import { describe, expect, it } from 'vitest';
import { renderEnvironmentLine, renderStatusLine, renderSummary } from '../../src/report/render-console.js';
import { cloneSampleReport, sampleReport } from '../fixtures/sample-report.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

/** The table row (one line) that starts with `label`. */
function rowOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => l.replace(/^│\s*/, '').startsWith(label));
  if (line === undefined) throw new Error(`no row "${label}" in:\n${text}`);
  return line;
}

/** The cells of a table row, trimmed. */
function cellsOf(line: string): string[] {
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe('renderSummary', () => {
  const text = renderSummary(sampleReport, { color: false });

  it('shows the scenario and its phases', () => {
    expect(text).toContain('kbench · acks-all-3-nodes');
    expect(text).toContain('warm-up 10s · measured 1m');
    expect(text).toContain('topic compras (6 partitions)');
  });

  it('shows throughput: mean, p50, min, max, stddev msg/s and MB/s', () => {
    expect(cellsOf(rowOf(text, 'produced (acked)'))).toEqual(['produced (acked)', '9,999', '10,000', '9,985', '10,015', '9.4', '5.12']);
    expect(cellsOf(rowOf(text, 'consumed '))).toEqual(['consumed', '9,997', '9,998', '9,983', '10,013', '9.4', '5.12']);
  });

  it('shows latency percentiles in ms with sensible precision', () => {
    expect(cellsOf(rowOf(text, 'produce (send → ack)'))).toEqual(['produce (send → ack)', '400', '2.31', '4.00', '8.18', '20.7', '20.7']);
    expect(cellsOf(rowOf(text, 'produce response'))).toEqual(['produce response (intended → ack)', '400', '2.57', '4.22', '11.2', '32.4', '32.4']);
    expect(cellsOf(rowOf(text, 'e2e'))).toEqual(['e2e (intended → consumed)', '400', '5.71', '9.42', '26.2', '41.4', '41.3']);
  });

  it('formats sub-millisecond and large latencies', () => {
    const report = cloneSampleReport();
    report.latency.produce = { ...report.latency.produce, p50: 0.4123, p90: 0.9, p99: 123.4, p999: 1203.4, max: 15_000.2 };
    const cells = cellsOf(rowOf(renderSummary(report, { color: false }), 'produce (send'));
    expect(cells.slice(2)).toEqual(['0.412', '0.900', '123', '1,203', '15,000']);
  });

  it('shows dashes for a latency without samples', () => {
    const report = cloneSampleReport();
    report.latency.e2e = { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, hdr: '' };
    expect(cellsOf(rowOf(renderSummary(report, { color: false }), 'e2e'))).toEqual(['e2e (intended → consumed)', '0', '-', '-', '-', '-', '-']);
  });

  it('shows the counts of the whole run', () => {
    const lines = text.split('\n');
    const head = lines.findIndex((line) => line.includes('not attempted'));
    expect(cellsOf(lines[head]!)).toEqual(['sent', 'acked', 'failed', 'not attempted', 'consumed', 'expected']);
    expect(cellsOf(lines[head + 2]!)).toEqual(['699,988', '699,950', '38', '12', '699,950', '700,000']);
  });

  it('shows a dash for the expected count of unthrottled load', () => {
    const report = cloneSampleReport();
    report.counts.expected = null;
    const lines = renderSummary(report, { color: false }).split('\n');
    const head = lines.findIndex((line) => line.includes('not attempted'));
    expect(cellsOf(lines[head + 2]!).at(-1)).toBe('-');
  });

  it('shows errors by kind with their first message, only when there are any', () => {
    expect(text).toContain('Errors by kind');
    expect(cellsOf(rowOf(text, 'timeout'))).toEqual(['timeout', '30', 'Request Produce(key: 0, version: 7) timed out']);
    expect(cellsOf(rowOf(text, 'not-enough-replicas'))[1]).toBe('8');

    const clean = cloneSampleReport();
    clean.errors.timeout = 0;
    clean.errors['not-enough-replicas'] = 0;
    clean.errorSamples = {};
    expect(renderSummary(clean, { color: false })).not.toContain('Errors by kind');
  });

  it('shows acked per partition with its share of the total, in one row', () => {
    const head = cellsOf(rowOf(text, 'partition'));
    expect(head).toEqual(['partition', '0', '1', '2', '3', '4', '5']);
    expect(cellsOf(rowOf(text, 'acked '))).toEqual([
      'acked',
      '116,702 (16.7%)',
      '116,530 (16.6%)',
      '116,611 (16.7%)',
      '116,655 (16.7%)',
      '116,804 (16.7%)',
      '116,648 (16.7%)',
    ]);
  });

  it('wraps many partitions onto several compact tables', () => {
    const report = cloneSampleReport();
    report.partitions = Array.from({ length: 30 }, (_, partition) => ({ partition, acked: partition === 0 ? 710 : 10, consumed: 10 }));
    const rendered = renderSummary(report, { color: false });
    expect(rendered.split('\n').filter((line) => line.startsWith('│ partition'))).toHaveLength(3);
    expect(rendered).toContain('710 (71.0%)');
  });

  it('ends with the status line and the environment line', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('status: completed');
    expect(lines.at(-1)).toBe(
      'environment: kbench 0.1.0 · Node v20.19.0 · kafkajs 2.2.4 · Kafka 4.1.0, 3 broker(s) (embedded, run-scoped) at 127.0.0.1:39092,127.0.0.1:39093,127.0.0.1:39094 · linux x64 · AMD EPYC 7B13 × 8 · 31.3 GiB · bench-01',
    );
  });

  it('has no escape codes without color, and colours with it', () => {
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain('\u001b');
    const coloured = renderSummary(sampleReport, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(new RegExp(ANSI.source, 'g'), '')).toBe(text);
  });
});

describe('renderStatusLine', () => {
  it('says why a run failed or was aborted', () => {
    expect(renderStatusLine({ status: 'failed', failure: { message: 'worker exited with code 1', workerId: 2 } })).toBe(
      'status: FAILED: worker exited with code 1 (worker 2)',
    );
    expect(renderStatusLine({ status: 'aborted', failure: { message: 'interrupted by SIGINT' } })).toBe('status: aborted: interrupted by SIGINT');
  });
});

describe('renderEnvironmentLine', () => {
  it('names the confluent client with its librdkafka, and unknowns of external clusters', () => {
    const line = renderEnvironmentLine({
      ...sampleReport.environment,
      client: 'confluent',
      clientVersions: { '@confluentinc/kafka-javascript': '1.10.1', librdkafka: '2.12.0' },
      kafkaVersion: null,
      brokerCount: null,
      clusterSource: 'external',
      embeddedLifetime: null,
      bootstrapServers: ['kafka-1:9092'],
    });
    expect(line).toContain('confluent (@confluentinc/kafka-javascript 1.10.1, librdkafka 2.12.0)');
    expect(line).toContain('Kafka version unknown, brokers (external) at kafka-1:9092');
  });
});
