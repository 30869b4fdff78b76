/**
 * Runs one plan end to end: cluster, topic, workers, the per-second loop (snapshots →
 * aggregation → live line), the stop and drain, and the report. Interruptions (first Ctrl-C)
 * end the run early with an `aborted` report; a worker that dies fails it with a partial report.
 */
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import { acquirePlanCluster } from './plan-cluster.js';
import type { ClientErrorKind } from '../clients/client-adapter.js';
import { createLogReader } from '../clients/log-reader.js';
import { KbenchError, errorMessage } from '../errors.js';
import { epochMsAtUs, nowUs } from '../metrics/clock.js';
import type { KbenchReport, RebalanceReport, ResourceSample, RunFailure, RunPhase, RunStatus, TimelineEntry } from '../report/report-types.js';
import type { ClusterWarmupReport } from '../report/validity-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { buildReport } from './build-report.js';
import { BacklogPhase } from './backlog-phase.js';
import { ConsumerSteps, type MembershipControls } from './consumer-steps.js';
import { DrainWatch } from './drain-watch.js';
import { FaultInjector } from './fault-injector.js';
import { READY_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS, SNAPSHOT_TIMEOUT_MS, START_MARGIN_US } from './fleet-timing.js';
import { warmUpCluster } from './cluster-warmup.js';
import { describeEnvironment } from './environment.js';
import { checkRunLog, type LogCheckResult } from './log-check.js';
import { RunAggregator } from './run-aggregator.js';
import { ResourceSampler } from './resource-sampler.js';
import { RunOwnership } from './run-ownership.js';
import { WorkerFleet } from './worker-fleet.js';

const SECOND_US = 1_000_000;
/** After an interruption: how long producers may flush and consumers catch up. */
const ABORT_FLUSH_MS = 2_000;
const ABORT_DRAIN_MS = 3_000;
const RESOURCE_SAMPLE_EVERY_SECONDS = 10;
/** Bound on reading unconsumed messages back from the topic at the end (shorter after an interruption or a failure). */
const LOG_CHECK_TIMEOUT_MS = 30_000;
const LOG_CHECK_CUT_SHORT_TIMEOUT_MS = 5_000;

export interface RunObserver {
  /** A lasting message (progress of setup, warnings). */
  log(line: string): void;
  /** Called once per second with the newest timeline entry. */
  onSecond(entry: TimelineEntry, context: SecondContext): void;
}

export interface SecondContext {
  plan: Plan;
  elapsedSeconds: number;
  totalSeconds: number;
  /** Groups with a rebalance under way. */
  rebalancing: string[];
}

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
   * still follows the plan's `clusterWarmup`: a caller running many runs on one cluster lets the
   * first warm it and turns it off (`mode: 'off'`) for the others. Default: the run acquires its
   * own (`acquireCluster`) and releases it at the end.
   */
  cluster?: AcquiredCluster;
}

type StopReason = { kind: 'end' } | { kind: 'interrupt' } | { kind: 'failure'; failure: RunFailure };

function sleepUntilUs(targetUs: number, stop: Promise<StopReason>): Promise<StopReason | undefined> {
  const delayMs = Math.max(0, (targetUs - nowUs()) / 1000);
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), delayMs);
  });
  return Promise.race([elapsed, stop]).finally(() => clearTimeout(timer));
}

export async function runScenario(scenarioPlan: Plan, options: RunScenarioOptions): Promise<KbenchReport> {
  const { observer } = options;
  // The plan with the run's own names (topic on an external cluster, group ids): what every part of the run uses.
  const ownership = new RunOwnership(scenarioPlan, options.runId);
  const plan = ownership.plan;
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
  const faults = new FaultInjector(plan.faults, cluster.embedded, plan.topic.name, observer.log);
  const warmupKills: Array<() => void> = [];
  const drain = new DrainWatch(plan, aggregator, observer.log);
  let logCheck: LogCheckResult | undefined;
  options.registerEmergencyStop?.(async () => {
    for (const kill of warmupKills) kill();
    fleet.killAll();
    await Promise.race([ownership.cleanUp(cluster.connection, observer.log), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await cluster.release();
  });
  if (cluster.startedInMs !== undefined) observer.log(`cluster ready in ${(cluster.startedInMs / 1000).toFixed(1)} s`);

  let status: RunStatus = 'completed';
  let failure: RunFailure | undefined;
  const resources: ResourceSample[] = [];
  const sampler = new ResourceSampler(cluster.embedded);
  let startedAtMs = Date.now();
  let warmupRunMs = 0;
  let measuredRunMs = 0;
  let runStartUs = nowUs();
  /** Membership events after this (the members leaving at the end of the run) are not rebalances of the run. */
  let membershipUntilUs = Number.POSITIVE_INFINITY;
  let clusterWarmup: ClusterWarmupReport | undefined;
  try {
    clusterWarmup = await warmUpCluster(plan, cluster, {
      log: observer.log,
      ...(options.interrupt ? { interrupt: options.interrupt } : {}),
      registerKill: (kill) => warmupKills.push(kill),
      runId: ownership.runId,
      onTopic: (topic) => ownership.recordWarmupTopic(topic),
    });
    await ownership.prepareTopic(cluster.connection, observer.log);
    observer.log(`starting ${plan.workers.length} worker(s): ${plan.producers.length} producer(s), ${plan.consumerGroups.reduce((n, g) => n + g.members.length, 0)} consumer(s), client ${plan.client}`);
    const readyOrFailure = await Promise.race([fleet.start(cluster.connection, READY_TIMEOUT_MS).then(() => undefined), fleet.failed]);
    if (readyOrFailure) throw new KbenchError('worker', readyOrFailure.message, { hint: 'the worker could not connect its clients or crashed while starting' });

    const interrupted = new Promise<StopReason>((resolve) => {
      if (options.interrupt?.aborted) resolve({ kind: 'interrupt' });
      options.interrupt?.addEventListener('abort', () => resolve({ kind: 'interrupt' }), { once: true });
    });
    const stop: Promise<StopReason> = Promise.race([interrupted, fleet.failed.then((f): StopReason => ({ kind: 'failure', failure: f }))]);

    const startUs = nowUs() + START_MARGIN_US;
    const measureFromUs = startUs + plan.warmupMs * 1000;
    const producersEndUs = measureFromUs + plan.durationMs * 1000;
    const drainEndUs = producersEndUs + plan.drainMs * 1000;
    const totalSeconds = Math.ceil((producersEndUs - startUs) / SECOND_US);
    startedAtMs = epochMsAtUs(startUs);
    runStartUs = startUs;
    fleet.startLoad(startUs, measureFromUs, producersEndUs);
    aggregator.startSchedule(startUs, producersEndUs);
    sampler.start();
    steps.start(startUs);
    backlog.start(startUs);
    faults.start(startUs);
    options.onMembershipControls?.(steps);
    resources.push(sampleResources(0, aggregator));
    const loggedRebalances = new Set<string>();

    const phaseAt = (us: number): RunPhase => (us < measureFromUs ? 'warmup' : us < producersEndUs ? 'measure' : 'drain');
    let second = 0;
    let producersStopped: Promise<void> | undefined;
    let producersDone = false;
    let stopReason: StopReason | undefined;
    let stoppedAtUs = producersEndUs;

    const stopProducers = (flushTimeoutMs: number): Promise<void> => {
      stoppedAtUs = Math.min(stoppedAtUs, nowUs());
      producersStopped ??= fleet.stopProducers(stoppedAtUs, flushTimeoutMs).then((snapshots) => {
        for (const snapshot of snapshots) aggregator.addSnapshot(snapshot);
        producersDone = true;
      });
      return producersStopped;
    };

    for (;;) {
      const tickUs = startUs + (second + 1) * SECOND_US;
      if (!producersStopped && producersEndUs <= tickUs) {
        stopReason = await sleepUntilUs(producersEndUs, stop);
        if (!stopReason) backlog.producersStopping();
        if (!stopReason) void stopProducers(Math.max(5_000, Math.min(plan.drainMs, 30_000)));
      }
      stopReason ??= await sleepUntilUs(tickUs, stop);
      if (stopReason) break;
      for (const snapshot of await fleet.snapshots(second, SNAPSHOT_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
      const entry = aggregator.closeSecond(second, phaseAt(startUs + second * SECOND_US));
      sampler.sample(second, aggregator.latestSnapshots());
      backlog.afterSecond();
      const { rebalances, inProgress } = aggregator.membership.rebalances(startUs, nowUs(), aggregator.timeline);
      // A group's rebalance under way is its last one; log each other one once, when it has settled.
      const lastOfGroup = new Map(rebalances.map((rebalance) => [rebalance.groupId, rebalance]));
      for (const rebalance of rebalances) {
        const key = `${rebalance.groupId}@${rebalance.startedAtMs}`;
        const underWay = !rebalance.settled || (inProgress.includes(rebalance.groupId) && lastOfGroup.get(rebalance.groupId) === rebalance);
        if (underWay || loggedRebalances.has(key)) continue;
        loggedRebalances.add(key);
        observer.log(describeRebalance(rebalance));
      }
      observer.onSecond(entry, { plan, elapsedSeconds: second + 1, totalSeconds, rebalancing: inProgress });
      second++;
      if (second % RESOURCE_SAMPLE_EVERY_SECONDS === 0) resources.push(sampleResources(second, aggregator));
      if (producersDone) {
        drain.announce(startUs, stoppedAtUs, drainEndUs, fleet.consumerConfigs);
        if (drain.caughtUp() || tickUs >= drainEndUs) {
          drain.ended(startUs, stoppedAtUs, nowUs(), plan.drainMs);
          break;
        }
      }
    }

    // A group still paused fetches again, so whatever follows (an interrupted run's short drain) can consume.
    backlog.stop();
    if (stopReason?.kind === 'failure') {
      status = 'failed';
      failure = stopReason.failure;
    } else if (stopReason?.kind === 'interrupt') {
      status = 'aborted';
      failure = { message: 'interrupted' };
      observer.log('interrupted: stopping producers, letting consumers catch up briefly (Ctrl-C again to stop at once)');
      await stopProducers(ABORT_FLUSH_MS);
      const drainDeadlineUs = nowUs() + ABORT_DRAIN_MS * 1000;
      while (nowUs() < drainDeadlineUs && !drain.caughtUp()) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        for (const snapshot of await fleet.snapshots(second++ + 1_000_000, SNAPSHOT_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
      }
    }
    drain.ended(startUs, stoppedAtUs, nowUs(), status === 'aborted' ? ABORT_DRAIN_MS : plan.drainMs);
    await steps.stop();
    await faults.stop();
    warmupRunMs = Math.max(0, Math.min(stoppedAtUs, measureFromUs) - startUs) / 1000;
    measuredRunMs = Math.max(0, stoppedAtUs - measureFromUs) / 1000;
    membershipUntilUs = nowUs();
    if (status !== 'failed') {
      for (const snapshot of await fleet.shutdown(SHUTDOWN_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
    }
    resources.push(sampleResources((nowUs() - startUs) / SECOND_US, aggregator));
    // Before calling an acknowledged message lost, look for it in the topic (while the cluster is still there).
    logCheck = await checkRunLog(plan, aggregator, createLogReader(cluster.connection), status === 'completed' ? LOG_CHECK_TIMEOUT_MS : LOG_CHECK_CUT_SHORT_TIMEOUT_MS, observer.log);
  } catch (error) {
    if (status === 'completed') status = 'failed';
    failure ??= { message: errorMessage(error) };
    fleet.killAll();
    backlog.stop();
    await faults.stop().catch(() => {});
    await ownership.cleanUp(cluster.connection, observer.log);
    await cluster.release();
    throw error;
  } finally {
    fleet.killAll();
  }
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
    resources,
    resourceUsage: sampler.report(aggregator.timeline),
    workers: fleet.reports(),
    rebalances: aggregator.membership.rebalances(runStartUs, untilUs, aggregator.timeline).rebalances,
    consumerEvents: aggregator.membership.consumerEvents(runStartUs, untilUs),
    faults: [...faults.faults, ...steps.faults].sort((a, b) => a.atMs - b.atMs),
    ...(clusterWarmup ? { clusterWarmup } : {}),
    ...(logCheck ? { logCheck } : {}),
    ...(drain.outcome ? { drain: drain.outcome } : {}),
    ownership: ownership.report(),
    ...(aggregator.backlog ? { backlog: aggregator.backlog.report() } : {}),
  });
}

function describeRebalance(rebalance: RebalanceReport): string {
  const trigger = rebalance.triggeredBy.length > 0 ? `${rebalance.trigger} ${rebalance.triggeredBy.join(', ')}` : rebalance.trigger;
  return (
    `rebalance #${rebalance.index} of ${rebalance.groupId} (${trigger}): ${(rebalance.durationMs / 1000).toFixed(2)} s, ` +
    `pause ${(rebalance.pauseMs / 1000).toFixed(2)} s, ${rebalance.partitionsMoved} partition(s) moved, members ${rebalance.membersBefore} → ${rebalance.membersAfter}`
  );
}

function sampleResources(second: number, aggregator: RunAggregator): ResourceSample {
  return {
    second,
    runnerRssBytes: process.memoryUsage.rss(),
    workers: aggregator.latestSnapshots().map((snapshot) => ({ workerId: snapshot.workerId, rssBytes: snapshot.rssBytes })),
  };
}
