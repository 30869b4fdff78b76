/**
 * `kbench run <scenario>` — for now a fixed produce-and-consume of `compras` events against
 * the cluster (embedded or --brokers), printing the counts. The scenario runner replaces the
 * fixed workload with the scenario file's.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { acquireCluster } from '../cluster/acquire-cluster.js';
import { CLIENT_NAMES, type ClientName } from '../clients/client-adapter.js';
import { KbenchError } from '../errors.js';
import { runSmokeWorkload } from '../runner/smoke-workload.js';
import { parseNodeCount } from './options.js';

interface RunOptions {
  client: string;
  brokers?: string;
  nodes: string;
  messages: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a scenario (for now: produce and consume a fixed number of compras events)')
    .argument('<scenario>', 'scenario file, e.g. scenarios/acks-all.ts')
    .option('-c, --client <name>', `Kafka client: ${CLIENT_NAMES.join(' or ')}`, 'confluent')
    .option('-b, --brokers <list>', 'bootstrap servers of an existing cluster (comma-separated); default: the embedded cluster')
    .option('-n, --nodes <count>', 'nodes of the embedded cluster started for this run (1 or 3)', '3')
    .option('-m, --messages <count>', 'number of compras events to produce', '10000')
    .action(async (scenarioPath: string, options: RunOptions) => {
      if (!existsSync(scenarioPath)) {
        throw new KbenchError('usage', `scenario file not found: ${scenarioPath}`, { hint: 'the scenarios shipped with kbench are in scenarios/' });
      }
      const client = parseClientName(options.client);
      const messageCount = Number(options.messages);
      if (!Number.isInteger(messageCount) || messageCount <= 0) {
        throw new KbenchError('usage', `--messages expects a positive whole number, got "${options.messages}"`);
      }
      const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
      };
      const cluster = await acquireCluster({
        nodes: parseNodeCount(options.nodes),
        ...(options.brokers ? { brokers: options.brokers.split(',').map((b) => b.trim()) } : {}),
        log,
      });
      try {
        const counts = await runSmokeWorkload({ client, brokers: cluster.brokers, messageCount, replicationFactor: cluster.nodeCount === undefined ? -1 : Math.min(3, cluster.nodeCount), log });
        process.stdout.write(
          `sent ${counts.sent}, acked ${counts.acked}, failed ${counts.failed}, consumed ${counts.consumed}, invalid events ${counts.invalid}\n`,
        );
        if (counts.acked !== messageCount || counts.consumed !== messageCount || counts.invalid > 0) {
          throw new KbenchError('cluster', 'not every event was acknowledged and consumed back', {
            details: Object.entries(counts.errors).map(([kind, count]) => `${kind}: ${count}`),
          });
        }
      } finally {
        await cluster.release();
      }
    });
}

export function parseClientName(text: string): ClientName {
  if ((CLIENT_NAMES as readonly string[]).includes(text)) return text as ClientName;
  throw new KbenchError('usage', `--client expects ${CLIENT_NAMES.join(' or ')}, got "${text}"`);
}
