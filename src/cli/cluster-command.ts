/** `kbench cluster start|status|stop|install`: an embedded cluster that outlives the command. */
import type { Command } from 'commander';
import { EmbeddedCluster } from '../cluster/embedded-cluster.js';
import { KAFKA_VERSION, ensureKafkaJars } from '../cluster/kafka-distribution.js';
import { KbenchError } from '../errors.js';
import { parseNodeCount } from './options.js';
import { describeSecureConnection, renderClusterStatus } from './render-cluster-status.js';

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function registerClusterCommand(program: Command): void {
  const cluster = program.command('cluster').description('start, inspect and stop an embedded Apache Kafka cluster on 127.0.0.1');

  cluster
    .command('start')
    .description('start a cluster that runs until `kbench cluster stop`; runs without --brokers use it')
    .option('-n, --nodes <count>', 'number of Kafka nodes (1 or 3)', '1')
    .option('--heap-mb <mb>', 'JVM heap of each node in MiB', '512')
    .option('--start-timeout <seconds>', 'how long the nodes may take to become ready', '90')
    .option(
      '--secure',
      'also give every node a SASL_SSL listener (own CA, SCRAM-SHA-256/512, PLAIN, OAUTHBEARER; one user, random password in a file); prints how to connect',
    )
    .action(async (options: { nodes: string; heapMb: string; startTimeout: string; secure?: boolean }) => {
      const startedAtMs = Date.now();
      const started = await EmbeddedCluster.start({
        nodes: parseNodeCount(options.nodes),
        persistent: true,
        heapMb: parsePositiveInteger(options.heapMb, '--heap-mb'),
        startTimeoutMs: parsePositiveInteger(options.startTimeout, '--start-timeout') * 1000,
        log: progress,
        ...(options.secure ? { security: 'sasl_ssl' as const } : {}),
      });
      progress(`cluster ready in ${((Date.now() - startedAtMs) / 1000).toFixed(1)} s`);
      // The first line stays the PLAINTEXT bootstrap servers (scripts read it); the secure listener follows.
      const secure = started.secureFiles;
      process.stdout.write(`${[started.bootstrapServers, ...(secure ? describeSecureConnection(secure) : [])].join('\n')}\n`);
    });

  cluster
    .command('status')
    .description('show the embedded cluster: nodes, ports, pids, up/down')
    .option('--json', 'print the status as JSON')
    .action((options: { json?: boolean }) => {
      const attached = EmbeddedCluster.attachPersistent();
      if (!attached) {
        if (options.json) process.stdout.write('{"running":false}\n');
        else process.stdout.write('no embedded cluster is running (start one with `kbench cluster start`)\n');
        return;
      }
      const state = attached.describe();
      const statuses = attached.nodeStatuses();
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ running: statuses.some((s) => s.status !== 'down'), ...state, statuses }, null, 2)}\n`);
      } else {
        process.stdout.write(renderClusterStatus(state, statuses));
      }
    });

  cluster
    .command('stop')
    .description('stop the embedded cluster and remove its data')
    .action(async () => {
      const attached = EmbeddedCluster.attachPersistent();
      if (!attached) {
        process.stdout.write('no embedded cluster is running\n');
        return;
      }
      await attached.stop();
      process.stdout.write(`stopped the embedded cluster (${attached.bootstrapServers})\n`);
    });

  cluster
    .command('install')
    .description(`fetch the Apache Kafka ${KAFKA_VERSION} jars from Maven Central into kbench's cache (done by npm run setup)`)
    .action(() => {
      const result = ensureKafkaJars(KAFKA_VERSION, progress);
      process.stdout.write(`${result.fetched ? 'fetched' : 'already cached'}: ${result.jarsDir}\n`);
    });
}

function parsePositiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new KbenchError('usage', `${flag} expects a positive whole number, got "${text}"`);
  }
  return value;
}
