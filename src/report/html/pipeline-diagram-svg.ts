/**
 * The pipeline as an inline SVG diagram, left to right by depth: the producers, the topic they
 * write, the stages reading it, their output topics, the stages and groups reading those… Each
 * box says what it is (a stage's transform, semantics and members; a reader's e2e p99 and delivery
 * check), each arrow the rate and p99 latency of that hop. Any number of stages: stages reading
 * one topic stack in one column (fan-out), chains add columns. Pure.
 */
import { formatCount, formatMs, formatRate, truncate } from '../console-format.js';
import type { PipelineReaderReport, StageReport } from '../pipeline-types.js';
import type { KbenchReport, LatencyStats } from '../report-types.js';
import { escapeHtml } from './html-text.js';
import { svgNumber } from './svg-scale.js';

const BOX_WIDTH = 210;
const BOX_HEIGHT = 72;
/** Room between columns for an arrow and its labels. */
const GAP = 124;
/** Vertical distance between the tops of two boxes of a column. */
const ROW = 96;
const MARGIN = 16;
const LINE_HEIGHT = 15;
/** Approximate width of one character of the 11 px labels. */
const CHAR_WIDTH = 6.4;
const BOX_CHARS = Math.floor((BOX_WIDTH - 14) / CHAR_WIDTH);

export type DiagramNodeKind = 'producers' | 'topic' | 'stage' | 'reader';

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  /** 0 the producers, 1 their topic, 2 the depth-0 stages and the topic's other readers… */
  column: number;
  /** The node its arrow comes from (none for the producers). */
  parent: string | undefined;
  /** The box's lines, the first one bold; shortened to fit, whole in `title`. */
  lines: string[];
  title: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  labels: string[];
  title: string;
}

export interface DiagramLayout {
  nodes: Array<DiagramNode & { x: number; y: number }>;
  edges: DiagramEdge[];
  width: number;
  height: number;
}

const FILLS: Record<DiagramNodeKind, { fill: string; stroke: string }> = {
  producers: { fill: '#f6f8fa', stroke: '#8c959f' },
  topic: { fill: '#ddf4ff', stroke: '#54aeff' },
  stage: { fill: '#fff1e5', stroke: '#fb8f44' },
  reader: { fill: '#dafbe1', stroke: '#4ac26b' },
};

const topicId = (name: string): string => `topic:${name}`;
const groupId = (id: string): string => `group:${id}`;

function p99(stats: LatencyStats): string {
  return stats.count === 0 ? '-' : `${formatMs(stats.p99)} ms`;
}

/** The nodes and arrows of the report's pipeline, before layout. */
export function pipelineGraph(report: Pick<KbenchReport, 'pipeline' | 'scenario' | 'throughput' | 'latency' | 'integrity'>): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const pipeline = report.pipeline;
  if (!pipeline) return { nodes: [], edges: [] };
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const source = report.scenario.topic.name;
  const producers = report.scenario.producers.length;
  const produced = report.throughput.produced.meanPerSec;
  nodes.set('producers', {
    id: 'producers',
    kind: 'producers',
    column: 0,
    parent: undefined,
    lines: ['producers', `${producers} producer${producers === 1 ? '' : 's'}`, `${formatRate(produced)} msg/s acked`],
    title: `${producers} producer(s) writing ${source}: ${formatRate(produced)} msg/s acknowledged`,
  });
  nodes.set(topicId(source), {
    id: topicId(source),
    kind: 'topic',
    column: 1,
    parent: 'producers',
    lines: [source, 'topic', `${report.scenario.topic.partitions} partitions`],
    title: `topic ${source} (${report.scenario.topic.partitions} partitions), written by the producers`,
  });
  edges.push({
    from: 'producers',
    to: topicId(source),
    labels: [`${formatRate(produced)} msg/s`, `ack p99 ${p99(report.latency.produceResponse)}`],
    title: `producers → ${source}: ${formatRate(produced)} msg/s acknowledged; intended send → acknowledged p99 ${p99(report.latency.produceResponse)}`,
  });
  const ensureTopic = (name: string, column: number, parent: string | undefined, writer: StageReport | undefined): DiagramNode => {
    const existing = nodes.get(topicId(name));
    if (existing) return existing;
    const node: DiagramNode = {
      id: topicId(name),
      kind: 'topic',
      column,
      parent,
      lines: [name, 'topic', writer ? `written ${writer.semantics}` : 'written by no stage'],
      title: writer ? `topic ${name}, written ${writer.semantics} by ${writer.groupId}` : `topic ${name}`,
    };
    nodes.set(node.id, node);
    return node;
  };
  const stages = [...pipeline.stages].sort((a, b) => a.stageIndex - b.stageIndex);
  for (const stage of stages) {
    const input = ensureTopic(stage.inputTopic, 1 + 2 * stage.stageIndex, undefined, undefined);
    const id = groupId(stage.groupId);
    const column = input.column + 1;
    const members = `${stage.members} member${stage.members === 1 ? '' : 's'}`;
    nodes.set(id, {
      id,
      kind: 'stage',
      column,
      parent: input.id,
      lines: [stage.groupId, stage.transform, `${stage.semantics} · ${members}`, stageFacts(stage)],
      title: `stage ${stage.groupId}: ${stage.transform}; ${stage.semantics}; ${members}; reads ${stage.inputTopic}, writes ${stage.outputTopic}`,
    });
    edges.push({
      from: input.id,
      to: id,
      labels: [`in ${formatRate(stage.inputPerSec)} msg/s`, `recv p99 ${p99(stage.intendedToReceive)}`],
      title: `${stage.inputTopic} → ${stage.groupId}: ${formatRate(stage.inputPerSec)} msg/s in; intended send → received p99 ${p99(stage.intendedToReceive)}`,
    });
    const output = ensureTopic(stage.outputTopic, column + 1, id, stage);
    edges.push({
      from: id,
      to: output.id,
      labels: [`out ${formatRate(stage.outputPerSec)} msg/s`, `ack p99 ${p99(stage.receiveToAck)}`],
      title: `${stage.groupId} → ${stage.outputTopic}: ${formatRate(stage.outputPerSec)} msg/s acknowledged; received → acknowledged p99 ${p99(stage.receiveToAck)}`,
    });
  }
  const stageGroups = new Set(stages.map((stage) => stage.groupId));
  for (const reader of pipeline.readers) {
    if (reader.isStage || stageGroups.has(reader.groupId)) continue;
    const topic = ensureTopic(reader.topic, 1, undefined, undefined);
    const id = groupId(reader.groupId);
    nodes.set(id, {
      id,
      kind: 'reader',
      column: topic.column + 1,
      parent: topic.id,
      lines: [reader.groupId, `e2e p99 ${p99(reader.e2e)}`, reader.readCommitted ? 'read_committed' : 'read_uncommitted', deliveryLine(reader, report.integrity?.groups[reader.groupId])],
      title: `group ${reader.groupId} reading ${reader.topic}: intended send → received p99 ${p99(reader.e2e)}`,
    });
    edges.push({
      from: topic.id,
      to: id,
      labels: [`e2e p50 ${reader.e2e.count === 0 ? '-' : `${formatMs(reader.e2e.p50)} ms`}`],
      title: `${reader.topic} → ${reader.groupId}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}

/** `filtered 470,836 · halts 0`: the counts that say most about the stage (filtered, late, aborted transactions when there are any), and its halts. */
function stageFacts(stage: StageReport): string {
  const facts = [
    ...(stage.counts.filtered > 0 ? [`filtered ${formatCount(stage.counts.filtered)}`] : []),
    ...(stage.counts.late > 0 ? [`late ${formatCount(stage.counts.late)}`] : []),
    ...(stage.counts.abortedTransactions > 0 ? [`aborted txns ${formatCount(stage.counts.abortedTransactions)}`] : []),
    `halts ${formatCount(stage.halts)}`,
  ];
  return facts.join(' · ');
}

function deliveryLine(reader: PipelineReaderReport, group: { lost: number; duplicated: number; readsEverything: boolean } | undefined): string {
  if (!reader.checkedByMessage) return 'not checked by message';
  if (group === undefined) return 'no delivery check';
  return `lost ${group.readsEverything ? formatCount(group.lost) : '-'} · dup ${formatCount(group.duplicated)}`;
}

/**
 * Places the nodes: a column per depth, each column's boxes stacked in the order of their
 * parents' heights (so arrows hardly cross) and centred on the tallest column.
 */
export function layoutPipeline(graph: { nodes: DiagramNode[]; edges: DiagramEdge[] }): DiagramLayout {
  const columns = new Map<number, DiagramNode[]>();
  for (const node of graph.nodes) columns.set(node.column, [...(columns.get(node.column) ?? []), node]);
  const columnIndexes = [...columns.keys()].sort((a, b) => a - b);
  const tallest = Math.max(1, ...[...columns.values()].map((nodes) => nodes.length));
  const centreY = new Map<string, number>();
  const placed: DiagramLayout['nodes'] = [];
  for (const column of columnIndexes) {
    const inColumn = columns.get(column) ?? [];
    const order = new Map(inColumn.map((node, index) => [node.id, index]));
    const sorted = [...inColumn].sort((a, b) => {
      const byParent = parentY(a) - parentY(b);
      return byParent !== 0 ? byParent : (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
    });
    const top = MARGIN + ((tallest - sorted.length) * ROW) / 2;
    sorted.forEach((node, index) => {
      const y = top + index * ROW;
      centreY.set(node.id, y + BOX_HEIGHT / 2);
      placed.push({ ...node, x: MARGIN + column * (BOX_WIDTH + GAP), y });
    });
  }
  function parentY(node: DiagramNode): number {
    return node.parent === undefined ? 0 : (centreY.get(node.parent) ?? 0);
  }
  const lastColumn = columnIndexes.at(-1) ?? 0;
  return {
    nodes: placed,
    edges: graph.edges,
    width: 2 * MARGIN + (lastColumn + 1) * BOX_WIDTH + lastColumn * GAP,
    height: 2 * MARGIN + (tallest - 1) * ROW + BOX_HEIGHT,
  };
}

/** The SVG of the report's pipeline, or an empty string without one. */
export function renderPipelineSvg(report: Pick<KbenchReport, 'pipeline' | 'scenario' | 'throughput' | 'latency' | 'integrity'>): string {
  if (!report.pipeline) return '';
  const layout = layoutPipeline(pipelineGraph(report));
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  const parts: string[] = [];
  for (const edge of layout.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const x1 = from.x + BOX_WIDTH;
    const y1 = from.y + BOX_HEIGHT / 2;
    const x2 = to.x - 2;
    const y2 = to.y + BOX_HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    const midX = (x1 + x2) / 2;
    const midY = (y1 + y2) / 2;
    // Above the arrow's middle, the last line 6 px over it.
    const firstLabelY = midY - 6 - (edge.labels.length - 1) * 12;
    const labels = edge.labels
      .map((label, index) => `<text x="${svgNumber(midX)}" y="${svgNumber(firstLabelY + index * 12)}" text-anchor="middle" class="edge-label">${escapeHtml(label)}</text>`)
      .join('');
    parts.push(
      `<g class="edge"><title>${escapeHtml(edge.title)}</title>` +
        `<path d="M${svgNumber(x1)} ${svgNumber(y1)} C${svgNumber(x1 + bend)} ${svgNumber(y1)} ${svgNumber(x2 - bend)} ${svgNumber(y2)} ${svgNumber(x2)} ${svgNumber(y2)}" fill="none" stroke="#57606a" stroke-width="1.5" marker-end="url(#kbench-pipeline-arrow)"/>` +
        `${labels}</g>`,
    );
  }
  for (const node of layout.nodes) {
    const colours = FILLS[node.kind];
    const text = node.lines
      .map(
        (line, index) =>
          `<text x="${svgNumber(node.x + 7)}" y="${svgNumber(node.y + 16 + index * LINE_HEIGHT)}"${index === 0 ? ' class="node-name"' : ''}>${escapeHtml(truncate(line, BOX_CHARS))}</text>`,
      )
      .join('');
    parts.push(
      `<g class="pipeline-node" data-node="${escapeHtml(node.id)}"><title>${escapeHtml(node.title)}</title>` +
        `<rect class="node ${node.kind}" x="${svgNumber(node.x)}" y="${svgNumber(node.y)}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="${node.kind === 'topic' ? 14 : 4}" fill="${colours.fill}" stroke="${colours.stroke}"/>` +
        `${text}</g>`,
    );
  }
  return (
    `<svg class="pipeline-diagram" viewBox="0 0 ${svgNumber(layout.width)} ${svgNumber(layout.height)}" width="${svgNumber(layout.width)}" height="${svgNumber(layout.height)}" role="img" aria-label="the pipeline: producers, topics, stages and the groups reading them" xmlns="http://www.w3.org/2000/svg">` +
    `<defs><marker id="kbench-pipeline-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#57606a"/></marker></defs>` +
    `<style>text{font:11px system-ui,sans-serif;fill:#1f2328}.node-name{font-weight:600}.edge-label{font-size:10px;fill:#57606a;paint-order:stroke;stroke:#fff;stroke-width:3px}</style>` +
    `${parts.join('')}</svg>`
  );
}
