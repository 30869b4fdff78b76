import { describe, expect, it } from 'vitest';
import { createStyle } from '../../src/report/console-format.js';
import { renderSummary } from '../../src/report/render-console.js';
import { NOT_CHECKED_BY_MESSAGE, renderPipeline } from '../../src/report/render-pipeline.js';
import { kbenchReport } from '../../src/report/report-shape.js';
import {
  AGGREGATE_GROUP,
  ENRICH_GROUP,
  ENRICHED_READER,
  FILTER_GROUP,
  LAST_READER,
  sampleFanOutPipelineReport,
  samplePipelineReport,
} from '../fixtures/sample-pipeline-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

const plain = createStyle(false);

/** The tables of a rendered text, each as its rows of trimmed cells (header first). */
function tablesOf(text: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('┌')) tables.push((current = []));
    else if (line.startsWith('│') && current) current.push(line.split('│').slice(1, -1).map((cell) => cell.trim()));
    else if (line.startsWith('└')) current = undefined;
  }
  return tables;
}

/** The table whose header starts with `first`, `second`…, as records of header → cell, by its first cell. */
function table(text: string, ...head: string[]): Map<string, Record<string, string>> {
  const found = tablesOf(text).find((rows) => head.every((cell, index) => rows[0]?.[index] === cell));
  if (!found) throw new Error(`no table headed ${head.join(', ')} in:\n${text}`);
  const [header, ...rows] = found as [string[], ...string[][]];
  // Repeated headers (`p99`) are told apart by the one before them.
  const names = header.map((cell, index) => (header.filter((other) => other === cell).length === 1 ? cell : `${header[index - 1]} ${cell}`));
  return new Map(rows.map((row) => [row[0] as string, Object.fromEntries(names.map((name, index) => [name, row[index] ?? '']))]));
}

describe('the pipeline fixtures', () => {
  it('are reports every field of which passes the reader’s check', () => {
    for (const report of [samplePipelineReport(), sampleFanOutPipelineReport()]) {
      const issues: string[] = [];
      kbenchReport(JSON.parse(JSON.stringify(report)), '', issues);
      expect(issues).toEqual([]);
    }
  });

  it('have the run’s e2e latency made of the end-to-end groups only', () => {
    const report = samplePipelineReport();
    const finals = report.pipeline?.readers.filter((reader) => report.pipeline?.endToEndGroups.includes(reader.groupId)) ?? [];
    expect(finals.map((reader) => reader.groupId)).toEqual([ENRICHED_READER, LAST_READER]);
    expect(report.latency.e2e.count).toBe(finals.reduce((sum, reader) => sum + reader.e2e.count, 0));
    expect(report.latency.e2e.max).toBe(Math.max(...finals.map((reader) => reader.e2e.max)));
  });
});

describe('renderPipeline', () => {
  const text = renderPipeline(samplePipelineReport(), plain);

  it('lists every stage with its topics, transform, semantics and members', () => {
    const stages = table(text, 'stage group', 'depth');
    expect([...stages.keys()]).toEqual([ENRICH_GROUP, FILTER_GROUP]);
    expect(stages.get(ENRICH_GROUP)).toEqual({
      'stage group': ENRICH_GROUP,
      depth: '0',
      'input → output': 'compras → compras-enriched',
      transform: 'enrich: VAT split and spend tier',
      semantics: 'exactly-once',
      members: '2',
    });
    expect(stages.get(FILTER_GROUP)).toMatchObject({ depth: '1', 'input → output': 'compras-enriched → compras-filtered', semantics: 'at-least-once', members: '1' });
  });

  it('formats each stage’s rates, counts and latencies', () => {
    const figures = table(text, 'stage group', 'in msg/s');
    expect(figures.get(ENRICH_GROUP)).toEqual({
      'stage group': ENRICH_GROUP,
      'in msg/s': '9,997',
      'out msg/s': '9,981',
      filtered: '0',
      late: '0',
      'aborted txns / outputs': '1 / 1,184',
      halts: '0',
      'intended → received p50': '4.20',
      'intended → received p50 p99': '19.7',
      'received → acked p50': '11.5',
      'received → acked p50 p99': '48.1',
    });
    // Not exactly-once: no transactions to abort.
    expect(figures.get(FILTER_GROUP)).toMatchObject({ 'out msg/s': '3,267', filtered: '470,836', 'aborted txns / outputs': '-' });
  });

  it('shows dashes for a stage latency without samples, and a rate below 100 with a decimal', () => {
    const report = samplePipelineReport();
    const stage = report.pipeline?.stages[1];
    if (!stage) throw new Error('no second stage');
    stage.receiveToAck = { ...stage.receiveToAck, count: 0 };
    stage.outputPerSec = 20;
    const row = table(renderPipeline(report, plain), 'stage group', 'in msg/s').get(FILTER_GROUP);
    expect(row).toMatchObject({ 'out msg/s': '20.0', 'received → acked p50': '-', 'received → acked p50 p99': '-' });
  });

  it('lists every group with its topic, writer, isolation, e2e latency and delivery check', () => {
    const readers = table(text, 'group', 'topic', 'written by');
    expect([...readers.keys()]).toEqual([`${ENRICH_GROUP} (stage)`, `${ENRICHED_READER} (end to end)`, `${FILTER_GROUP} (stage)`, `${LAST_READER} (end to end)`]);
    expect(readers.get(`${ENRICH_GROUP} (stage)`)).toMatchObject({ topic: 'compras', 'written by': 'producers', read_committed: 'no', 'delivery check': 'lost 0 · duplicated 1,184' });
    expect(readers.get(`${ENRICHED_READER} (end to end)`)).toMatchObject({
      topic: 'compras-enriched',
      'written by': ENRICH_GROUP,
      read_committed: 'yes',
      'e2e p50': '16.4',
      'delivery check': 'lost 0 · duplicated 0',
    });
    expect(readers.get(`${LAST_READER} (end to end)`)).toMatchObject({ topic: 'compras-filtered', 'written by': FILTER_GROUP, p99: '95.7', 'delivery check': 'lost 0 · duplicated 0' });
  });

  it('says a group behind an aggregate is not checked by message', () => {
    const readers = table(renderPipeline(sampleFanOutPipelineReport(), plain), 'group', 'topic', 'written by');
    expect(readers.get(`${LAST_READER} (end to end)`)?.['delivery check']).toBe(NOT_CHECKED_BY_MESSAGE);
    expect(NOT_CHECKED_BY_MESSAGE).toBe('not checked by message (behind an aggregate)');
    expect(readers.get(`${AGGREGATE_GROUP} (stage)`)?.['delivery check']).toBe('lost 0 · duplicated 0');
  });

  it('says whose latency the run’s e2e latency is, and what the stage’s re-read inputs mean', () => {
    expect(text).toContain(`is that of the end-to-end groups only, the final readers no stage is made of: ${ENRICHED_READER}, ${LAST_READER}.`);
    expect(text).toContain(`${ENRICH_GROUP} read 1,184 inputs again`);
    expect(renderPipeline(sampleFanOutPipelineReport(), plain)).toContain(`${AGGREGATE_GROUP} held 412 inputs in open windows at the end`);
  });

  it('colours a stage’s duplicates as a warning and a final reader’s as a failure', () => {
    const report = samplePipelineReport();
    const reader = report.integrity?.groups[LAST_READER];
    if (!reader) throw new Error('no integrity for the last reader');
    reader.duplicated = 7;
    const coloured = renderPipeline(report, createStyle(true));
    expect(coloured).toContain('duplicated \u001b[33m1,184\u001b[39m');
    expect(coloured).toContain('duplicated \u001b[31m7\u001b[39m');
  });

  it('explains what an at-most-once stage lost, and the late inputs of a window', () => {
    const report = samplePipelineReport();
    const pipeline = report.pipeline;
    const enrich = pipeline?.stages.find((stage) => stage.groupId === ENRICH_GROUP);
    const reader = report.integrity?.groups[ENRICHED_READER];
    if (!pipeline || !enrich || !reader) throw new Error('the sample has the enrich stage and its reader');
    enrich.semantics = 'at-most-once';
    enrich.counts.late = 0;
    reader.lost = 12;
    let text = renderPipeline(report, plain);
    expect(text).toContain(`lost behind ${ENRICH_GROUP} (${ENRICHED_READER}: 12): at-most-once commits a batch before writing it`);
    expect(text).not.toContain('late inputs');
    enrich.counts.late = 345;
    reader.lost = 0;
    text = renderPipeline(report, plain);
    expect(text).not.toContain('lost behind');
    expect(text).toContain(`${ENRICH_GROUP} dropped 345 late inputs`);
  });

  it('is empty without a pipeline', () => {
    expect(renderPipeline(sampleReport, plain)).toBe('');
  });
});

describe('renderSummary with a pipeline', () => {
  it('puts the Pipeline section after the delivery check and before the errors', () => {
    const text = renderSummary(samplePipelineReport(), { color: false });
    const at = (heading: string): number => text.split('\n').findIndex((line) => line.startsWith(heading));
    expect(at('Pipeline')).toBeGreaterThan(at('Delivery'));
    expect(at('Pipeline')).toBeLessThan(at('Errors by kind'));
  });

  it('has no Pipeline section for a single-topic report', () => {
    expect(renderSummary(sampleReport, { color: false })).not.toContain('Pipeline');
  });
});
