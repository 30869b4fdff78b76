/**
 * Consumer throughput: one topic filled once by kbench's confluent producer (records with kbench's
 * header, so kbench's consumer does all its per-record work: sequences, order, offsets), then
 * read from the earliest offset with a fresh group per run by ConsumerPerformance and by kbench
 * (one consumer each).
 */
import type { ClientName } from '../clients/client-adapter.js';
import { CONSUMER_PERFORMANCE_CLASS, consumerPerformanceArgs, parseConsumerPerformance } from './consumer-performance.js';
import { errorLines, runJavaTool, runTool } from './java-tool.js';
import { compiledScriptPath } from '../paths.js';
import type { RawConsumeResult } from '../clients/index.js';
import type { RawConsumerArgs } from './raw-consumer-main.js';
import { consumerThroughput, countErrors } from './kbench-figures.js';
import { runKbenchScenario } from './kbench-run.js';
import { consumerScenario, producerScenario } from './kbench-scenarios.js';
import { toolTimeoutMs, type MeasureContext } from './measure-context.js';
import type { PeerSample } from './peer-types.js';
import type { ScheduledRun } from './round-scheduler.js';

/** Bound on waiting for the followers to have every prefilled record. */
const REPLICATION_WAIT_MS = 60_000;

export interface PrefilledTopic {
  topic: string;
  records: number;
}

/**
 * Fills a fresh topic with kbench's confluent producer, unthrottled at acks=1 for
 * `consumerPrefillMs`, and counts what is there once the followers have it all.
 */
export async function prefillConsumerTopic(ctx: MeasureContext): Promise<PrefilledTopic> {
  const { settings } = ctx;
  const topic = await ctx.topics.createFresh('consumer-prefill');
  const report = await runKbenchScenario(
    producerScenario({
      client: 'confluent',
      brokers: ctx.brokers,
      topic,
      partitions: settings.partitions,
      acks: 1,
      durationMs: settings.consumerPrefillMs,
      lingerMs: settings.lingerMs,
      batchSizeBytes: settings.batchSizeBytes,
      recordSizeBytes: settings.recordSizeBytes,
      maxInFlight: settings.kbenchMaxInFlight,
    }),
    { signal: ctx.signal, log: () => {}, versions: ctx.clientVersions },
  );
  const acked = report.counts.acked;
  if (acked === 0) throw new Error('filling the consumer topic failed: kbench acknowledged no record');
  // With acks=1 the followers may still be copying the last records: a consumer sees a record
  // once every in-sync replica has it (the high watermark), so wait for that.
  const deadlineMs = Date.now() + REPLICATION_WAIT_MS;
  let records = await ctx.topics.countRecords(topic);
  while (records < acked && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    records = await ctx.topics.countRecords(topic);
  }
  if (records !== acked) throw new Error(`the consumer topic holds ${records} records, kbench had ${acked} acknowledged`);
  ctx.log(`filled ${topic} with ${records.toLocaleString('en-US')} records in ${settings.consumerPrefillMs / 1000} s`);
  return { topic, records };
}

function freshGroupId(run: ScheduledRun): string {
  return `peers-${run.tool}-r${run.round}-${Date.now().toString(36)}`;
}

export async function measureApacheConsumer(ctx: MeasureContext, run: ScheduledRun, prefilled: PrefilledTopic): Promise<PeerSample> {
  const output = await runJavaTool(
    CONSUMER_PERFORMANCE_CLASS,
    consumerPerformanceArgs({ brokers: ctx.brokers, topic: prefilled.topic, records: prefilled.records, groupId: freshGroupId(run), timeoutMs: 30_000 }),
    { timeoutMs: toolTimeoutMs(prefilled.records, 5_000), signal: ctx.signal },
  );
  if (output.exitCode !== 0) throw new Error(`ConsumerPerformance exited with ${output.exitCode}: ${errorLines(output.stderr).slice(0, 3).join(' | ')}`);
  const result = parseConsumerPerformance(output.stdout);
  if (result.incomplete) throw new Error(`ConsumerPerformance stopped after ${result.records} of ${prefilled.records} records (its timeout passed)`);
  return {
    ...run,
    values: { consumer: result.fetchRecordsPerSec },
    records: result.records,
    errors: errorLines(output.stderr).length + Math.max(0, prefilled.records - result.records),
    wallMs: output.wallMs,
    note: `${result.records} records, fetch ${result.fetchMs} ms, group join ${result.rebalanceMs} ms; ${Math.round(result.recordsPerSec)} msg/s with the join`,
  };
}

export async function measureKbenchConsumer(ctx: MeasureContext, run: ScheduledRun, client: ClientName, prefilled: PrefilledTopic): Promise<PeerSample> {
  const startedMs = Date.now();
  const report = await runKbenchScenario(
    consumerScenario({
      client,
      brokers: ctx.brokers,
      topic: prefilled.topic,
      groupId: freshGroupId(run),
      warmupMs: ctx.settings.consumerWarmupMs,
      durationMs: ctx.settings.consumerDurationMs,
    }),
    { signal: ctx.signal, log: ctx.log, versions: ctx.clientVersions },
  );
  const figure = consumerThroughput(report, prefilled.records);
  return { ...run, values: { consumer: figure.value }, records: figure.records, errors: countErrors(report), wallMs: Date.now() - startedMs, note: figure.note };
}

/** Bound on a raw consumer's run beyond reading every record at 5,000 records/s. */
const RAW_SLOWEST_RECORDS_PER_SEC = 5_000;

/**
 * The client library alone, counting the prefilled topic's records in a process of its own (the
 * ceiling of kbench's consumer on that client): records ÷ time from the first record to the last,
 * as ConsumerPerformance's fetch rate leaves the group join out.
 */
export async function measureRawConsumer(ctx: MeasureContext, run: ScheduledRun, client: ClientName, prefilled: PrefilledTopic): Promise<PeerSample> {
  const timeoutMs = toolTimeoutMs(prefilled.records, RAW_SLOWEST_RECORDS_PER_SEC);
  const args: RawConsumerArgs = { client, brokers: ctx.brokers, topic: prefilled.topic, groupId: freshGroupId(run), records: prefilled.records, timeoutMs: timeoutMs - 10_000 };
  const output = await runTool(process.execPath, [compiledScriptPath('peers/raw-consumer-main.js'), JSON.stringify(args)], { timeoutMs, signal: ctx.signal });
  if (output.exitCode !== 0) throw new Error(`the ${client} raw consumer exited with ${output.exitCode}: ${output.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  const result = JSON.parse(output.stdout.trim().split('\n').at(-1) ?? '{}') as RawConsumeResult;
  if (result.records < prefilled.records) throw new Error(`the ${client} raw consumer stopped after ${result.records} of ${prefilled.records} records (its timeout passed)`);
  if (result.fetchMs <= 0) throw new Error(`the ${client} raw consumer read every record at once: no rate`);
  return {
    ...run,
    values: { consumer: (result.records / result.fetchMs) * 1000 },
    records: result.records,
    errors: 0,
    wallMs: output.wallMs,
    note: `${result.records} records in ${Math.round(result.fetchMs)} ms from the first to the last, first after ${Math.round(result.firstRecordAfterMs)} ms`,
  };
}
