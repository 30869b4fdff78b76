/**
 * Runs one plan end to end: cluster, topic, workers, the load second by second (`run-loop.ts`:
 * the run's timeline, a tick per second, the stop and drain), and the report. Interruptions
 * (first Ctrl-C) end the run early with an `aborted` report; a worker that dies fails it with a
 * partial report.
 */
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import { acquirePlanCluster } from './plan-cluster.js';
import type { ClientErrorKind } from '../clients/client-adapter.js';
import { createLogReader } from '../clients/log-reader.js';
import { KbenchError, errorMessage } from '../errors.js';
import { epochMsAtUs, nowUs } from '../metrics/clock.js';
import type { KbenchReport, ResourceSample, RunFailure, RunStatus } from '../report/report-types.js';
import type { ClusterWarmupReport } from '../report/validity-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { buildReport } from './build-report.js';
import { BacklogPhase } from './backlog-phase.js';
import { ConsumerSteps, type MembershipControls } from './consumer-steps.js';
import { DrainWatch } from './drain-watch.js';
import { FaultInjector } from './fault-injector.js';
import { READY_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS, START_MARGIN_US } from './fleet-timing.js';
import { warmUpCluster } from './cluster-warmup.js';
import { describeEnvironment } from './environment.js';
import { checkRunLog, type LogCheckResult } from './log-check.js';
import { sampleMemory } from './memory-sample.js';
import { ProducerStop } from './producer-stop.js';
import { RebalanceLogger } from './rebalance-logger.js';
import { RunAggregator } from './run-aggregator.js';
import { endLoad } from './run-drain.js';
import { runLoad } from './run-loop.js';
import type { RunObserver } from './run-observer.js';
import { loadDurationsMs, runTimeline, secondsSinceStart } from './run-timeline.js';
import { ResourceSampler } from './resource-sampler.js';
import { RunOwnership } from './run-ownership.js';
import { KsqlStage, requireKsqlUrl } from './ksql-stage.js';
import { ShardDrainProbe, faultsOfThisShard, shardReport, shardStartUs, warmupPlanOfThisShard } from './shard-run.js';
import { stopSignal } from './stop-signal.js';
import { WorkerFleet } from './worker-fleet.js';

export type { RunObserver, SecondContext } from './run-observer.js';

/** Bound on reading unconsumed messages back from the topic at the end (shorter after an interruption or a failure). */
const LOG_CHECK_TIMEOUT_MS = 30_000;
const LOG_CHECK_CUT_SHORT_TIMEOUT_MS = 5_000;
/** On a second Ctrl-C: how long the clean-up of the run's topic and groups may take before the cluster is released. */
const EMERGENCY_CLEANUP_TIMEOUT_MS = 5_000;

export interface RunScenarioOptions {
  observer: RunObserver;
  /** Aborted on the first Ctrl-C / SIGTERM: the run stops early and reports `aborted`. */
  interrupt?: AbortSignal;
  /** Registers what must be ended at once on a second Ctrl-C (workers, the run's cluster). */
  registerEmergencyStop?: (stop: () => Promise<void>) => void;
  /** Receives the controls that add and remove consumer members, once the load has started (e.g. for key presses). */
  onMembershipControls?: (controls: MembershipControls) => void;
  /** The run's id (part of the names of the topic and groups it creates); default: a new random one. */
  runId?: string;
  /**
   * A cluster the caller acquired and keeps across several runs (find-max, sweep): used as it is
   * (the plan's cluster section is not looked at) and never released here. The cluster warm-up
   * follows the plan's `clusterWarmup` unless the cluster says an earlier run warmed it
   * (`warmedEarlier`, set by `RunSession` for every run after its first). Default: the run acquires its
   * own (`acquireCluster`) and releases it at the end.
   */
  cluster?: AcquiredCluster;
}

export async function runScenario(scenarioPlan: Plan, options: RunScenarioOptions): Promise<KbenchReport> {
  const { observer } = options;
  // The plan with the run's own names (topic on an external cluster, group ids): what every part of the run uses.
  const ownership = new RunOwnership(scenarioPlan, options.runId ?? scenarioPlan.shard?.runId);
  const plan = ownership.plan;
  // Checked (URL, credentials) before the cluster is acquired: a mistake there costs nothing.
  const ksqlSettings = requireKsqlUrl(plan);
  const ksql =
    ksqlSettings && ownership.ksqlNames
      ? new KsqlStage(ksqlSettings, ownership.ksqlNames, plan.consumerGroups.filter((group) => group.topicName === ownership.ksqlNames?.outputTopic).map((group) => group.groupId), observer.log)
      : undefined;
  const borrowed = options.cluster;
  const acquired: AcquiredCluster = borrowed ?? (await acquirePlanCluster(plan, observer.log));
  const cluster: AcquiredCluster = borrowed ? { ...borrowed, release: async () => {} } : acquired;
  const aggregator = new RunAggregator(plan);
  const fleet = new WorkerFleet(plan, {
    onWarning: (workerId: number, kind: ClientErrorKind, message: string) => {
      aggregator.addErrorSample(kind, message);
      observer.log(`warning (worker ${workerId}, ${kind}): ${message}`);
    },
  });
  const steps = new ConsumerSteps(plan, fleet, aggregator, observer.log);
  const backlog = new BacklogPhase(plan, fleet, aggregator.backlog, observer.log);
  const faults = new FaultInjector(faultsOfThisShard(plan), cluster.embedded, plan.topic.name, observer.log);
  const warmupKills: Array<() => void> = [];
  const shardProbe = plan.shard ? new ShardDrainProbe(plan, cluster.connection, observer.log) : undefined;
  const drain = new DrainWatch(plan, aggregator, observer.log, shardProbe);
  let logCheck: LogCheckResult | undefined;
  // Before the run's topic is deleted: the stream reads it. Never throws.
  const tearDownKsql = async (): Promise<void> => {
    await ksql?.tearDown();
  };
  options.registerEmergencyStop?.(async () => {
    for (const kill of warmupKills) kill();
    fleet.killAll();
    await Promise.race([tearDownKsql().then(() => ownership.cleanUp(cluster.connection, observer.log)), new Promise((resolve) => setTimeout(resolve, EMERGENCY_CLEANUP_TIMEOUT_MS).unref())]);
    await cluster.release();
  });
  if (cluster.startedInMs !== undefined) observer.log(`cluster ready in ${(cluster.startedInMs / 1000).toFixed(1)} s`);

  let status: RunStatus = 'completed';
  let failure: RunFailure | undefined;
  const memory: ResourceSample[] = [];
  const sampler = new ResourceSampler(cluster.embedded);
  let startedAtMs = Date.now();
  let warmupRunMs = 0;
  let measuredRunMs = 0;
  let runStartUs = nowUs();
  /** Membership events after this (the members leaving at the end of the run) are not rebalances of the run. */
  let membershipUntilUs = Number.POSITIVE_INFINITY;
  let clusterWarmup: ClusterWarmupReport | undefined;
  try {
    clusterWarmup = await warmUpCluster(warmupPlanOfThisShard(plan), cluster, {
      log: observer.log,
      ...(options.interrupt ? { interrupt: options.interrupt } : {}),
      registerKill: (kill) => warmupKills.push(kill),
      runId: ownership.runId,
      onTopic: (topic) => ownership.recordWarmupTopic(topic),
    });
    await ownership.prepareTopic(cluster.connection, observer.log, options.interrupt);
    await ksql?.setUp();
    observer.log(`starting ${plan.workers.length} worker(s): ${plan.producers.length} producer(s), ${plan.consumerGroups.reduce((n, g) => n + g.members.length, 0)} consumer(s), client ${plan.client}`);
    const readyOrFailure = await Promise.race([fleet.start(cluster.connection, READY_TIMEOUT_MS).then(() => undefined), fleet.failed]);
    if (readyOrFailure) throw new KbenchError('worker', readyOrFailure.message, { hint: 'the worker could not connect its clients or crashed while starting' });

    const timeline = runTimeline(plan, await shardStartUs(plan, nowUs() + START_MARGIN_US, observer.log, options.interrupt));
    const { startUs } = timeline;
    startedAtMs = epochMsAtUs(startUs);
    runStartUs = startUs;
    fleet.startLoad(startUs, timeline.measureFromUs, timeline.producersEndUs);
    aggregator.startSchedule(startUs, timeline.producersEndUs);
    sampler.start();
    steps.start(startUs);
    backlog.start(startUs);
    faults.start(startUs);
    options.onMembershipControls?.(steps);
    memory.push(sampleMemory(0, aggregator));

    const producers = new ProducerStop(fleet, aggregator, timeline.producersEndUs);
    const parts = { plan, timeline, fleet, aggregator, sampler, backlog, drain, producers, observer, memory, rebalances: new RebalanceLogger(observer.log) };
    const { stopReason, nextSecond } = await runLoad({ ...parts, stop: stopSignal(options.interrupt, fleet.failed) });
    ({ status, failure } = await endLoad({ ...parts, log: observer.log }, stopReason, nextSecond));
    await steps.stop();
    await faults.stop();
    ({ warmupRunMs, measuredRunMs } = loadDurationsMs(timeline, producers.stoppedAtUs));
    membershipUntilUs = nowUs();
    if (status !== 'failed') {
      for (const snapshot of await fleet.shutdown(SHUTDOWN_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
    }
    memory.push(sampleMemory(secondsSinceStart(timeline, nowUs()), aggregator));
    await shardProbe?.close();
    // Before calling an acknowledged message lost, look for it in the topic (while the cluster is still there).
    // A shard does not judge delivery: the merged report does, from every shard's sets.
    if (!plan.shard) logCheck = await checkRunLog(plan, aggregator, createLogReader(cluster.connection), status === 'completed' ? LOG_CHECK_TIMEOUT_MS : LOG_CHECK_CUT_SHORT_TIMEOUT_MS, observer.log);
  } catch (error) {
    if (status === 'completed') status = 'failed';
    failure ??= { message: errorMessage(error) };
    fleet.killAll();
    backlog.stop();
    await faults.stop().catch(() => {});
    await tearDownKsql();
    await ownership.cleanUp(cluster.connection, observer.log);
    await cluster.release();
    throw error;
  } finally {
    fleet.killAll();
    await shardProbe?.close();
  }
  await tearDownKsql();
  await ownership.cleanUp(cluster.connection, observer.log);
  await cluster.release();

  const untilUs = Math.min(membershipUntilUs, nowUs());
  return buildReport({
    plan,
    status,
    failure,
    aggregator,
    environment: describeEnvironment(plan.client, fleet.clientVersions, cluster),
    clientConfig: { producers: fleet.producerConfigs, consumers: fleet.consumerConfigs },
    startedAtMs,
    endedAtMs: Date.now(),
    warmupRunMs,
    measuredRunMs,
    resources: memory,
    resourceUsage: sampler.report(aggregator.timeline),
    workers: fleet.reports(),
    // A shard's own analysis sees other shards' partitions as unowned: kbench merge analyses every shard's events together.
    rebalances: plan.shard ? [] : aggregator.membership.rebalances(runStartUs, untilUs, aggregator.timeline).rebalances,
    consumerEvents: aggregator.membership.consumerEvents(runStartUs, untilUs),
    faults: [...faults.faults, ...steps.faults].sort((a, b) => a.atMs - b.atMs),
    ...(clusterWarmup ? { clusterWarmup } : {}),
    ...(logCheck ? { logCheck } : {}),
    ...(drain.outcome ? { drain: drain.outcome } : {}),
    ownership: ownership.report(),
    ...(ksql ? { ksql: ksql.report() } : {}),
    ...(aggregator.backlog ? { backlog: aggregator.backlog.report() } : {}),
    ...(plan.shard ? { shard: shardReport(plan.shard, ownership.runId, startedAtMs) } : {}),
  });
}
