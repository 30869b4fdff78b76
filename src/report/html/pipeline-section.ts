/**
 * The pipeline part of the HTML report: the diagram (pipeline-diagram-svg.ts), then the console's
 * tables — what each stage did and how long it took, and every group of the pipeline with its
 * end-to-end latency and delivery check. Pure; empty without a pipeline.
 */
import { formatCount, formatMs, formatRate } from '../console-format.js';
import type { PipelineReaderReport } from '../pipeline-types.js';
import { endToEndSentence, NOT_CHECKED_BY_MESSAGE, stageNotes } from '../render-pipeline.js';
import type { GroupIntegrity, KbenchReport, LatencyStats } from '../report-types.js';
import { escapeHtml } from './html-text.js';
import { emptyNote, htmlTable, raw, section, type Cell } from './html-table.js';
import { renderPipelineSvg } from './pipeline-diagram-svg.js';

const LEGEND =
  '<p class="legend-marks"><span><b style="color:#8c959f">■</b> producers</span><span><b style="color:#54aeff">■</b> topic</span>' +
  '<span><b style="color:#fb8f44">■</b> stage (a consumer group that transforms and writes)</span><span><b style="color:#4ac26b">■</b> group reading the pipeline</span>' +
  '<span>arrows: msg/s and p99 latency of the hop (hover for details)</span></p>';

export function pipelineSection(report: KbenchReport): string {
  const pipeline = report.pipeline;
  if (!pipeline) return '';
  const groups = report.integrity?.groups;
  const diagram = `<div class="svg-chart" data-svg-chart="pipeline" style="overflow-x:auto">${renderPipelineSvg(report)}</div>${LEGEND}`;
  const ms = (stats: LatencyStats, key: 'p50' | 'p99' | 'max'): string => (stats.count === 0 ? '-' : formatMs(stats[key]));
  const stages =
    pipeline.stages.length === 0
      ? emptyNote('No stages.')
      : htmlTable(
          ['stage group', 'input → output', 'transform', 'semantics', 'depth', 'members', 'halts'],
          pipeline.stages.map((stage) => [stage.groupId, `${stage.inputTopic} → ${stage.outputTopic}`, stage.transform, stage.semantics, stage.stageIndex, stage.members, warn(stage.halts)]),
          { numericFrom: 4 },
        ) +
        htmlTable(
          ['stage group', 'in msg/s', 'out msg/s', 'filtered', 'late', 'aborted txns / outputs', 'intended → received p50 ms', 'p99', 'received → acked p50 ms', 'p99'],
          pipeline.stages.map((stage) => [
            stage.groupId,
            formatRate(stage.inputPerSec),
            formatRate(stage.outputPerSec),
            formatCount(stage.counts.filtered),
            warn(stage.counts.late),
            stage.semantics === 'exactly-once' ? raw(`${warn(stage.counts.abortedTransactions).html} / ${warn(stage.counts.abortedOutputs).html}`) : '-',
            ms(stage.intendedToReceive, 'p50'),
            ms(stage.intendedToReceive, 'p99'),
            ms(stage.receiveToAck, 'p50'),
            ms(stage.receiveToAck, 'p99'),
          ]),
        );
  const endToEnd = new Set(pipeline.endToEndGroups);
  const readers =
    pipeline.readers.length === 0
      ? emptyNote('No groups.')
      : htmlTable(
          ['group', 'topic', 'written by', 'read_committed', 'delivery check', 'e2e p50 ms', 'p99', 'max'],
          pipeline.readers.map((reader) => [
            `${reader.groupId}${reader.isStage ? ' (stage)' : endToEnd.has(reader.groupId) ? ' (end to end)' : ''}`,
            reader.topic,
            reader.writtenBy ?? 'producers',
            reader.readCommitted ? 'yes' : 'no',
            deliveryCell(reader, groups?.[reader.groupId]),
            ms(reader.e2e, 'p50'),
            ms(reader.e2e, 'p99'),
            ms(reader.e2e, 'max'),
          ]),
          { numericFrom: 5 },
        );
  const notes = [endToEndSentence(pipeline), ...stageNotes(pipeline, groups)].map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('');
  return section('pipeline', 'Pipeline', `${diagram}<h3>Stages</h3>${stages}<h3>Groups of the pipeline</h3>${readers}${notes}`);
}

function warn(value: number): { html: string } {
  return raw(value > 0 ? `<span class="warn">${escapeHtml(formatCount(value))}</span>` : escapeHtml(formatCount(value)));
}

/** Lost and duplicated, coloured (a stage's duplicates are inputs read again: a warning); the words for a group behind an aggregate. */
function deliveryCell(reader: PipelineReaderReport, group: GroupIntegrity | undefined): Cell {
  if (!reader.checkedByMessage) return NOT_CHECKED_BY_MESSAGE;
  if (group === undefined) return '-';
  const count = (value: number, bad: 'fail' | 'warn'): string => `<span class="${value > 0 ? bad : 'pass'}">${escapeHtml(formatCount(value))}</span>`;
  const lost = group.readsEverything ? count(group.lost, 'fail') : '- (not from the start)';
  return raw(`lost ${lost} · duplicated ${count(group.duplicated, reader.isStage ? 'warn' : 'fail')}`);
}
