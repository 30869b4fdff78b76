/**
 * The console's delivery verification: acknowledged versus consumed, by producer and sequence,
 * with what each setting really guaranteed. Pure: a function of the report.
 */
import { createTable, formatCount, type Style } from './render-console.js';
import type { KbenchReport } from './report-types.js';

/** Empty for reports without the check (older kbench) or without consumer groups. */
export function renderIntegrity(report: Pick<KbenchReport, 'integrity' | 'status'>, style: Style): string {
  const integrity = report.integrity;
  if (!integrity || Object.keys(integrity.groups).length === 0) return '';
  const head = ['group', 'acknowledged', 'consumed (distinct)', 'lost', 'duplicated', 'reordered', 'unacked but delivered'];
  const table = createTable(head, style);
  const flag = (value: number, text = formatCount(value)): string => (value > 0 ? style.red(text) : style.green(text));
  for (const [groupId, group] of Object.entries(integrity.groups)) {
    table.push([
      group.readsEverything ? groupId : `${groupId} (not from the start)`,
      formatCount(integrity.acknowledged),
      formatCount(group.consumedUnique),
      group.readsEverything ? flag(group.lost) : '-',
      flag(group.duplicated),
      flag(group.reordered),
      formatCount(group.unacknowledgedButDelivered),
    ]);
  }
  const note = report.status === 'completed' ? '' : `\n${style.yellow('the run did not complete: messages still unconsumed at its end count as lost')}`;
  return `${style.bold('Delivery')} ${style.dim('(by producer and sequence number, whole run)')}\n${table.toString()}${note}`;
}
