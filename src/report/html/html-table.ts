/** Small HTML building blocks shared by the report and comparison pages. Pure. */
import { escapeHtml } from './html-text.js';

/** A table cell: text (escaped) or markup that is already HTML. */
export type Cell = string | number | { html: string };

/** Marks `html` as markup to insert as is. */
export function raw(html: string): { html: string } {
  return { html };
}

function cellHtml(cell: Cell): string {
  if (typeof cell === 'object') return cell.html;
  return escapeHtml(String(cell));
}

/** A table; columns from `numericFrom` on are right-aligned (numbers). */
export function htmlTable(head: readonly Cell[], rows: ReadonlyArray<readonly Cell[]>, options: { numericFrom?: number; className?: string } = {}): string {
  const numericFrom = options.numericFrom ?? 1;
  const align = (index: number): string => (index >= numericFrom ? ' class="num"' : '');
  const headHtml = head.map((cell, index) => `<th${align(index)}>${cellHtml(cell)}</th>`).join('');
  const bodyHtml = rows.map((row) => `<tr>${row.map((cell, index) => `<td${align(index)}>${cellHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table${options.className ? ` class="${escapeHtml(options.className)}"` : ''}><thead><tr>${headHtml}</tr></thead><tbody>${bodyHtml}</tbody></table>`;
}

/** A two-column table of names and values. */
export function keyValueTable(entries: ReadonlyArray<readonly [string, Cell]>): string {
  const rows = entries.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${cellHtml(value)}</td></tr>`).join('');
  return `<table class="kv"><tbody>${rows}</tbody></table>`;
}

/** A titled section of the page. */
export function section(id: string, title: string, content: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${content}</section>`;
}

/** A paragraph saying there is nothing to show. */
export function emptyNote(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}
