/** The peers result as JSON (2-space indent, trailing newline). Pure. */
import type { PeersResult } from './peers-result.js';

export function renderPeersJson(result: PeersResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
