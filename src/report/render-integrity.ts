/**
 * The console's delivery verification: acknowledged versus consumed, by producer and sequence,
 * with what each setting really guaranteed. Pure: a function of the report.
 */
import { createTable, formatCount, type Style } from './console-format.js';
import type { KbenchReport } from './report-types.js';

/** Empty for reports without the check (older kbench) or without consumer groups. */
export function renderIntegrity(report: Pick<KbenchReport, 'integrity' | 'status'>, style: Style): string {
  const integrity = report.integrity;
  if (!integrity || Object.keys(integrity.groups).length === 0) return '';
  // Reports before the log check (no `logCheck`) counted every unconsumed message as lost.
  const checked = integrity.logCheck !== undefined;
  const head = ['group', 'acknowledged', 'consumed (distinct)', ...(checked ? ['unconsumed'] : []), 'lost', 'duplicated', 'reordered', 'unacked but delivered'];
  const table = createTable(head, style);
  const flag = (value: number, text = formatCount(value)): string => (value > 0 ? style.red(text) : style.green(text));
  const warn = (value: number): string => (value > 0 ? style.yellow(formatCount(value)) : style.green(formatCount(value)));
  for (const [groupId, group] of Object.entries(integrity.groups)) {
    table.push([
      group.readsEverything ? groupId : `${groupId} (not from the start)`,
      formatCount(integrity.acknowledged),
      formatCount(group.consumedUnique),
      ...(checked ? [group.readsEverything && group.unconsumed !== undefined ? warn(group.unconsumed) : '-'] : []),
      group.readsEverything ? flag(group.lost) : '-',
      flag(group.duplicated),
      flag(group.reordered),
      formatCount(group.unacknowledgedButDelivered),
    ]);
  }
  const notes: string[] = [];
  const method = integrity.logCheck?.method;
  if (method === 'log-read') notes.push(style.dim(`unconsumed: acknowledged, not consumed by the end, found in the topic (log check read ${formatCount(integrity.logCheck?.recordsRead ?? 0)} records); lost: not in the topic`));
  else if (method === 'unavailable' || (!checked && report.status !== 'completed')) notes.push(style.yellow('acknowledged messages not consumed by the end count as lost: the topic was not read back to look for them'));
  if (integrity.logCheck?.note && method !== 'not-needed') notes.push(style.yellow(`log check: ${integrity.logCheck.note}`));
  for (const reason of integrity.unconsumedReasons ?? []) notes.push(style.yellow(`unconsumed — ${reason}`));
  const noteText = notes.map((note) => `\n${note}`).join('');
  return `${style.bold('Delivery')} ${style.dim('(by producer and sequence number, whole run)')}\n${table.toString()}${noteText}`;
}
