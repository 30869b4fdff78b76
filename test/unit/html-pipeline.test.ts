import { describe, expect, it } from 'vitest';
import type { ChartAssets } from '../../src/report/html/chart-assets.js';
import { renderPipelineSvg } from '../../src/report/html/pipeline-diagram-svg.js';
import { pipelineSection } from '../../src/report/html/pipeline-section.js';
import { renderHtmlReport } from '../../src/report/html/render-html-report.js';
import type { StageReport } from '../../src/report/pipeline-types.js';
import type { KbenchReport } from '../../src/report/report-types.js';
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

const assets: ChartAssets = { script: '/* chart library */', css: '/* chart css */' };

interface Box {
  kind: string;
  node: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The diagram's boxes: every `<rect class="node …">` with the `data-node` of its group. */
function boxesOf(svg: string): Box[] {
  const boxes: Box[] = [];
  for (const match of svg.matchAll(/<g class="pipeline-node" data-node="([^"]*)">.*?<rect ([^>]*)\/>/g)) {
    const attributes = Object.fromEntries([...(match[2] as string).matchAll(/([\w-]+)="([^"]*)"/g)].map((attribute) => [attribute[1], attribute[2]]));
    const kind = /^node (\w+)$/.exec(attributes.class ?? '')?.[1];
    if (kind === undefined) throw new Error(`a box without its kind: ${match[0]}`);
    boxes.push({ kind, node: match[1] as string, x: Number(attributes.x), y: Number(attributes.y), width: Number(attributes.width), height: Number(attributes.height) });
  }
  return boxes;
}

function box(boxes: readonly Box[], node: string): Box {
  const found = boxes.find((b) => b.node === node);
  if (!found) throw new Error(`no box ${node} among ${boxes.map((b) => b.node).join(', ')}`);
  return found;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Pairs of boxes that overlap, by name. */
function overlaps(boxes: readonly Box[]): string[] {
  const pairs: string[] = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => overlap(a, b) && pairs.push(`${a.node} × ${b.node}`)));
  return pairs;
}

/** Every arrow's start and end x (`M x1 y1 C … x2 y2`). */
function arrowsOf(svg: string): Array<{ x1: number; x2: number }> {
  return [...svg.matchAll(/<path d="M([\d.]+) [\d.]+ C[\d. ]+? ([\d.]+) [\d.]+" fill="none"/g)].map((m) => ({ x1: Number(m[1]), x2: Number(m[2]) }));
}

/** A third stage reading `compras` (filter, at-least-once) with a reader behind it. */
function withThirdStage(report: KbenchReport): KbenchReport {
  const pipeline = report.pipeline;
  const first = pipeline?.stages[0];
  if (!pipeline || !first) throw new Error('no pipeline');
  const third: StageReport = { ...structuredClone(first), groupId: 'kbench-pipe-filter-4-3f9a1c', outputTopic: 'compras-libros', transform: 'filter: categories libros', semantics: 'at-least-once' };
  pipeline.stages.push(third);
  pipeline.readers.push(
    { groupId: third.groupId, topic: 'compras', writtenBy: null, isStage: true, readCommitted: false, checkedByMessage: true, e2e: third.intendedToReceive },
    { groupId: 'kbench-pipe-5-3f9a1c', topic: 'compras-libros', writtenBy: third.groupId, isStage: false, readCommitted: false, checkedByMessage: true, e2e: third.intendedToReceive },
  );
  pipeline.endToEndGroups.push('kbench-pipe-5-3f9a1c');
  return report;
}

describe('the pipeline diagram', () => {
  const chain = samplePipelineReport();
  const boxes = boxesOf(renderPipelineSvg(chain));

  it('has one box per stage, per topic, per final reader, and one for the producers', () => {
    expect(boxes.filter((b) => b.kind === 'stage').map((b) => b.node)).toEqual([`group:${ENRICH_GROUP}`, `group:${FILTER_GROUP}`]);
    expect(boxes.filter((b) => b.kind === 'topic').map((b) => b.node).sort()).toEqual(['topic:compras', 'topic:compras-enriched', 'topic:compras-filtered']);
    expect(boxes.filter((b) => b.kind === 'reader').map((b) => b.node).sort()).toEqual([`group:${ENRICHED_READER}`, `group:${LAST_READER}`]);
    expect(boxes.filter((b) => b.kind === 'producers')).toHaveLength(1);
  });

  it('runs left to right by depth along a chain of two stages', () => {
    const order = ['producers', 'topic:compras', `group:${ENRICH_GROUP}`, 'topic:compras-enriched', `group:${FILTER_GROUP}`, 'topic:compras-filtered', `group:${LAST_READER}`];
    const xs = order.map((node) => box(boxes, node).x);
    for (let i = 1; i < xs.length; i += 1) expect(xs[i]).toBeGreaterThan((xs[i - 1] as number) + box(boxes, 'producers').width);
    // The reader of the first output sits beside the second stage, both reading compras-enriched.
    expect(box(boxes, `group:${ENRICHED_READER}`).x).toBe(box(boxes, `group:${FILTER_GROUP}`).x);
    expect(overlaps(boxes)).toEqual([]);
  });

  it('draws every arrow left to right, one per hop', () => {
    const arrows = arrowsOf(renderPipelineSvg(chain));
    // producers → compras, 2 per stage (in, out), 1 per final reader.
    expect(arrows).toHaveLength(1 + 2 * 2 + 2);
    for (const arrow of arrows) expect(arrow.x2).toBeGreaterThan(arrow.x1);
  });

  it('writes rates, p99 latencies, semantics and members on the boxes and arrows', () => {
    const svg = renderPipelineSvg(chain);
    expect(svg).toContain('>in 9,997 msg/s<');
    expect(svg).toContain('>recv p99 19.7 ms<');
    expect(svg).toContain('>out 3,267 msg/s<');
    expect(svg).toContain('>ack p99 48.1 ms<');
    expect(svg).toContain('>exactly-once · 2 members<');
    expect(svg).toContain('>at-least-once · 1 member<');
    expect(svg).toContain('>e2e p99 95.7 ms<');
  });

  it('stacks stages reading one topic in one column without overlapping boxes', () => {
    const fanOut = boxesOf(renderPipelineSvg(sampleFanOutPipelineReport()));
    const enrich = box(fanOut, `group:${ENRICH_GROUP}`);
    const aggregate = box(fanOut, `group:${AGGREGATE_GROUP}`);
    expect(aggregate.x).toBe(enrich.x);
    expect(aggregate.y).not.toBe(enrich.y);
    expect(overlaps(fanOut)).toEqual([]);
    const wider = boxesOf(renderPipelineSvg(withThirdStage(sampleFanOutPipelineReport())));
    expect(wider.filter((b) => b.kind === 'stage')).toHaveLength(3);
    expect(new Set(wider.filter((b) => b.kind === 'stage').map((b) => b.x)).size).toBe(1);
    expect(wider.filter((b) => b.kind === 'topic')).toHaveLength(4);
    expect(overlaps(wider)).toEqual([]);
  });

  it('the overlap check sees overlapping boxes', () => {
    const a: Box = { kind: 'stage', node: 'a', x: 0, y: 0, width: 210, height: 72 };
    expect(overlaps([a, { ...a, node: 'b', y: 71 }])).toEqual(['a × b']);
    expect(overlaps([a, { ...a, node: 'b', y: 72 }])).toEqual([]);
  });

  it('is empty without a pipeline', () => {
    expect(renderPipelineSvg(sampleReport)).toBe('');
  });
});

describe('the pipeline section', () => {
  it('has the stage and group tables, with the words for a group behind an aggregate', () => {
    const html = pipelineSection(sampleFanOutPipelineReport());
    expect(html).toContain('<section id="pipeline"><h2>Pipeline</h2>');
    expect(html).toContain(`<td>${AGGREGATE_GROUP}</td><td>compras → compras-store-totals</td>`);
    expect(html).toContain('<td>not checked by message (behind an aggregate)</td>');
    expect(html).toContain('duplicated <span class="warn">1,184</span>');
    expect(html).toContain(`is that of the end-to-end groups only, the final readers no stage is made of: ${ENRICHED_READER}, ${LAST_READER}.`);
  });

  it('escapes a hostile group id everywhere: diagram, titles, tables, notes', () => {
    const hostile = '<script>alert(1)</script>';
    const report = samplePipelineReport();
    const pipeline = report.pipeline;
    const integrity = report.integrity;
    if (!pipeline || !integrity) throw new Error('no pipeline');
    const rename = (id: string): string => (id === ENRICH_GROUP ? hostile : id);
    for (const stage of pipeline.stages) stage.groupId = rename(stage.groupId);
    for (const reader of pipeline.readers) {
      reader.groupId = rename(reader.groupId);
      reader.writtenBy = reader.writtenBy === null ? null : rename(reader.writtenBy);
    }
    integrity.groups = Object.fromEntries(Object.entries(integrity.groups).map(([id, group]) => [rename(id), group]));
    const html = pipelineSection(report);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The diagram still has its box, under the escaped name.
    expect(boxesOf(html).map((b) => b.node)).toContain('group:&lt;script&gt;alert(1)&lt;/script&gt;');
    // In the page, the only script elements are the page's own.
    const page = renderHtmlReport(report, assets);
    const plainPage = renderHtmlReport(samplePipelineReport(), assets);
    expect(page.match(/<script/gi)?.length).toBe(plainPage.match(/<script/gi)?.length);
  });

  it('is in the page when the report has a pipeline, self-contained, and absent otherwise', () => {
    const page = renderHtmlReport(samplePipelineReport(), assets);
    expect(page).toContain('<section id="pipeline">');
    expect(page).toContain('<svg class="pipeline-diagram"');
    expect(page).not.toMatch(/\s(src|href)\s*=/i);
    expect(page.indexOf('<section id="pipeline">')).toBeGreaterThan(page.indexOf('<section id="integrity">'));
    expect(renderHtmlReport(sampleReport, assets)).not.toContain('id="pipeline"');
    expect(pipelineSection(sampleReport)).toBe('');
  });
});
