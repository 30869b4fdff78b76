/**
 * One `bench:peers` run: starts one embedded 3-node cluster, runs the schedule (every tool in
 * turn, round after round), and stops the cluster at the end, also after an error or Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { EmbeddedCluster } from '../cluster/embedded-cluster.js';
import { KAFKA_VERSION, javaExecutable } from '../cluster/kafka-distribution.js';
import { errorMessage } from '../errors.js';
import type { MeasureContext } from './measure-context.js';
import { measureApacheConsumer, measureKbenchConsumer, measureRawConsumer, prefillConsumerTopic, type PrefilledTopic } from './measure-consumer.js';
import { measureApacheEndToEnd, measureKbenchEndToEnd, warmUpCluster } from './measure-e2e.js';
import { measureApacheProducer, measureKbenchProducer } from './measure-producer.js';
import type { PeersSettings } from './peers-options.js';
import { PEERS_RESULT_KIND, PEERS_RESULT_SCHEMA_VERSION, methodNotes, type PeersEnvironment, type PeersResult } from './peers-result.js';
import { summarizeSamples } from './peers-summary.js';
import { PeerTopics } from './peer-topics.js';
import { toolSide, type MeasurementId, type PeerSample, type ToolId } from './peer-types.js';
import { scheduleRuns, type ScheduledRun } from './round-scheduler.js';

export interface PeersIo {
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** Aborted on Ctrl-C: the current run is ended and the cluster stopped. */
  signal: AbortSignal;
}

/**
 * What the rounds share: the consumer topic, ProducerPerformance's time per round (kbench runs as
 * long) and EndToEndLatency's rate per round (kbench offers the same load).
 */
interface RoundState {
  prefilled: PrefilledTopic | undefined;
  producerElapsedMs: Map<string, number>;
  e2eRatePerSec: Map<number, number>;
}

/**
 * kbench's end-to-end rate: the rate EndToEndLatency's closed loop reached in the same round (else
 * the last round's), so both put the same load on the cluster; without an Apache run, the settings' rate.
 */
function kbenchEndToEndRate(settings: PeersSettings, state: RoundState, run: ScheduledRun): number {
  const measured = state.e2eRatePerSec.get(run.round) ?? [...state.e2eRatePerSec.values()].at(-1);
  return measured === undefined ? settings.e2eRatePerSec : Math.max(1, Math.round(measured));
}


/** kbench's producer run time: ProducerPerformance's in the same round (else the last one), in whole seconds. */
function kbenchProducerDurationMs(settings: PeersSettings, state: RoundState, run: ScheduledRun): number {
  const elapsedMs = state.producerElapsedMs.get(`${run.round}:${run.measurement}`) ?? [...state.producerElapsedMs.values()].at(-1) ?? settings.producerRecords / 20;
  return Math.max(settings.minProducerDurationMs, Math.round(elapsedMs / 1000) * 1000);
}

async function measure(ctx: MeasureContext, state: RoundState, run: ScheduledRun): Promise<PeerSample> {
  const side = toolSide(run.tool);
  if (side.kind === 'raw') {
    if (run.measurement !== 'consumer' || !state.prefilled) throw new Error(`a client alone measures only the consumer`);
    return measureRawConsumer(ctx, run, side.client, state.prefilled);
  }
  switch (run.measurement) {
    case 'producer-acks-1':
    case 'producer-acks-all': {
      const producerRun = { ...run, measurement: run.measurement };
      if (side.kind === 'apache') {
        const { elapsedMs, ...sample } = await measureApacheProducer(ctx, producerRun);
        state.producerElapsedMs.set(`${run.round}:${run.measurement}`, elapsedMs);
        return sample;
      }
      return measureKbenchProducer(ctx, producerRun, side.client, kbenchProducerDurationMs(ctx.settings, state, run));
    }
    case 'consumer': {
      if (!state.prefilled) throw new Error('the consumer topic was not filled');
      return side.kind === 'apache' ? measureApacheConsumer(ctx, run, state.prefilled) : measureKbenchConsumer(ctx, run, side.client, state.prefilled);
    }
    case 'e2e':
      if (side.kind === 'apache') {
        const { ratePerSec, ...sample } = await measureApacheEndToEnd(ctx, run);
        state.e2eRatePerSec.set(run.round, ratePerSec);
        return sample;
      }
      return measureKbenchEndToEnd(ctx, run, side.client, kbenchEndToEndRate(ctx.settings, state, run));
  }
}

function javaVersionLine(): string {
  const result = spawnSync(javaExecutable(), ['-version'], { encoding: 'utf8' });
  return `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown';
}

function describeMachine(clientVersions: Record<string, string>): PeersEnvironment {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuCores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    platform: platform(),
    osRelease: release(),
    nodeVersion: process.version,
    javaVersion: javaVersionLine(),
    kafkaVersion: KAFKA_VERSION,
    clientVersions,
  };
}

function describeSample(sample: PeerSample): string {
  if (sample.failure) return `failed: ${sample.failure}`;
  const figures = Object.entries(sample.values).map(([metric, value]) => `${metric} ${value < 100 ? value.toFixed(2) : Math.round(value)}`);
  return `${figures.join(', ')}${sample.errors > 0 ? `, ${sample.errors} errors` : ''} (${(sample.wallMs / 1000).toFixed(1)} s)`;
}

export async function runPeers(settings: PeersSettings, io: PeersIo): Promise<PeersResult> {
  const startedAt = new Date().toISOString();
  const samples: PeerSample[] = [];
  const clientVersions: Record<string, string> = {};
  let status: PeersResult['status'] = 'completed';
  let failure: string | undefined;
  const tools = Object.fromEntries(settings.measurements.map((m) => [m, settings.tools[m]])) as Record<MeasurementId, ToolId[]>;

  io.log('starting an embedded 3-node Apache Kafka cluster');
  const cluster = await EmbeddedCluster.start({ nodes: 3, log: io.log });
  const topics = new PeerTopics(cluster.brokers, settings.partitions);
  try {
    const ctx: MeasureContext = { brokers: cluster.brokers, settings, topics, signal: io.signal, log: () => {}, clientVersions };
    const state: RoundState = { prefilled: undefined, producerElapsedMs: new Map(), e2eRatePerSec: new Map() };
    if (settings.measurements.includes('consumer')) {
      io.log(`filling the consumer topic for ${settings.consumerPrefillMs / 1000} s (kbench confluent producer, acks=1)`);
      state.prefilled = await prefillConsumerTopic({ ...ctx, log: io.log });
    }
    io.log(`warming the cluster up for ${settings.clusterWarmupMs / 1000} s (kbench, ${settings.clusterWarmupRatePerSec.toLocaleString('en-US')} msg/s, acks=all, not measured)`);
    await warmUpCluster(ctx);
    const runs = scheduleRuns(settings.rounds, settings.measurements, tools);
    for (const [index, run] of runs.entries()) {
      if (io.signal.aborted) break;
      const label = `[${index + 1}/${runs.length}] round ${run.round} · ${run.measurement} · ${run.tool}`;
      let sample: PeerSample;
      try {
        sample = await measure(ctx, state, run);
      } catch (error) {
        if (io.signal.aborted) break;
        sample = { ...run, values: {}, records: 0, errors: 0, wallMs: 0, failure: errorMessage(error) };
      }
      samples.push(sample);
      io.log(`${label}: ${describeSample(sample)}`);
    }
    if (state.prefilled) await topics.delete(state.prefilled.topic);
    if (io.signal.aborted) {
      status = 'interrupted';
      failure = 'interrupted (Ctrl-C)';
    }
  } catch (error) {
    status = io.signal.aborted ? 'interrupted' : 'failed';
    failure = errorMessage(error);
  } finally {
    await topics.close();
    io.log('stopping the cluster');
    await cluster.stop();
  }
  return {
    kind: PEERS_RESULT_KIND,
    schemaVersion: PEERS_RESULT_SCHEMA_VERSION,
    status,
    ...(failure ? { failure } : {}),
    startedAt,
    endedAt: new Date().toISOString(),
    settings,
    environment: describeMachine(clientVersions),
    lines: summarizeSamples(samples, tools),
    samples,
    notes: methodNotes(settings),
  };
}
