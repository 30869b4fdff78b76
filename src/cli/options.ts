/** Parsing of command-line option values shared by several commands. */
import { KbenchError } from '../errors.js';

export function parseNodeCount(text: string): 1 | 3 {
  if (text === '1') return 1;
  if (text === '3') return 3;
  throw new KbenchError('usage', `--nodes expects 1 or 3, got "${text}"`, {
    hint: 'an embedded cluster has 1 node, or 3 nodes for replication factor 3 with min.insync.replicas=2',
  });
}
