/**
 * Child-process entry of a raw consumer run (`bench:peers`): one client library alone reads a
 * topic and counts (see `clients/raw-consumer.ts`). Argument: the JSON of `RawConsumerArgs`.
 * Prints the JSON of the `RawConsumeResult` on stdout; on failure, the reason on stderr and exit 1.
 * Run in a process of its own, as kbench's workers on the confluent client are.
 */
import { isClientName, loadRawConsumer, type RawConsumeInput } from '../clients/index.js';
import { errorMessage } from '../errors.js';

export interface RawConsumerArgs extends RawConsumeInput {
  client: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as RawConsumerArgs;
  if (!isClientName(args.client)) throw new Error(`unknown client ${JSON.stringify(args.client)}`);
  const rawConsume = await loadRawConsumer(args.client);
  const result = await rawConsume({ brokers: args.brokers, topic: args.topic, groupId: args.groupId, records: args.records, timeoutMs: args.timeoutMs });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`raw consumer failed: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
