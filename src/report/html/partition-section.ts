/** The per-partition spread of messages in the HTML report. Pure. */
import type { KbenchReport } from '../report-types.js';
import { colorAt } from './chart-spec.js';
import { escapeHtml } from './html-text.js';
import { emptyNote, section } from './html-table.js';
import { partitionSpreadText, renderPartitionBarsSvg } from './partition-bars-svg.js';

export function partitionBarsSection(report: KbenchReport): string {
  if (report.partitions.length === 0) return section('partitions', 'Messages per partition', emptyNote('No partition counts in this report.'));
  const keys = report.scenario.producers.map((producer) => `${producer.id}: ${producer.keys.strategy}`).join(', ');
  const legend =
    `<p class="legend-marks"><span><b style="color:${colorAt(0)}">■</b> acked</span><span><b style="color:${colorAt(1)}">■</b> consumed (all groups)</span>` +
    `<span>- - even share of acked</span></p>`;
  const spread = partitionSpreadText(report.partitions);
  return section(
    'partitions',
    'Messages per partition',
    `<div class="svg-chart" data-svg-chart="partitions">${renderPartitionBarsSvg(report.partitions)}</div>${legend}` +
      `<p class="note">${escapeHtml(`${spread === '' ? 'No acknowledged messages.' : `${spread}.`} Key strategy: ${keys}.`)}</p>`,
  );
}
