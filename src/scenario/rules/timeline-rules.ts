/** Rules on when things happen: schedule steps and faults within the run, in time order; faults on nodes that exist. Pure. */
import { formatDuration, parseDuration } from '../../util/durations.js';
import { BROKER_MAX_SESSION_TIMEOUT_MS, BROKER_MIN_SESSION_TIMEOUT_MS, CLIENT_MAX_SESSION_TIMEOUT_MS, MAX_TIMER_MS } from '../schema/limits.js';
import { show, type ValidationIssue } from '../../util/schema-kit.js';
import { at, type RuleContext } from './rule-context.js';

/** Each `at` comes before the end of warm-up plus duration and not before the previous entry's. */
function timesInOrder(entries: ReadonlyArray<{ at: string }>, path: string, runMs: number | undefined, noun: 'step' | 'fault'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let previousMs = -1;
  entries.forEach((entry, i) => {
    const atMs = parseDuration(entry.at);
    if (atMs === undefined) return;
    const where = at(at(path, i), 'at');
    if (runMs !== undefined && atMs >= runMs) issues.push({ path: where, message: `expected a time before the end of warm-up plus duration (${runMs / 1000} s), got ${show(entry.at)}` });
    if (atMs < previousMs) issues.push({ path: where, message: `${noun}s must be in time order: ${show(entry.at)} comes before the previous ${noun}'s time` });
    previousMs = Math.max(previousMs, atMs);
  });
  return issues;
}

export function scheduleTimesRule({ sections, runMs }: RuleContext): ValidationIssue[] {
  return (sections.consumers ?? []).flatMap((group, g) => timesInOrder(group.schedule, at(at('consumers', g), 'schedule'), runMs, 'step'));
}

/** Faults need the embedded cluster, name nodes it has, and happen within the run in order. */
export function faultsRule({ sections, runMs, nodes, clusterKind }: RuleContext): ValidationIssue[] {
  const faults = sections.faults;
  if (faults === undefined || faults.length === 0) return [];
  const issues = timesInOrder(faults, 'faults', runMs, 'fault');
  if (clusterKind === 'external') issues.push({ path: 'faults', message: 'faults need an embedded cluster (kbench controls its nodes); this scenario uses external brokers' });
  if (clusterKind === 'testcontainers') {
    issues.push({
      path: 'faults',
      message: "faults need the embedded cluster (kbench signals its broker JVMs); this scenario runs Kafka in containers (provider 'testcontainers'): drop the provider to break nodes",
    });
  }
  const maxNode = nodes ?? 3;
  faults.forEach((fault, i) => {
    if (typeof fault.node === 'number' && fault.node > maxNode) issues.push({ path: at(at('faults', i), 'node'), message: `expected a node id from 1 to ${maxNode} or "leader", got ${fault.node}` });
  });
  return issues;
}

/** Warm-up, duration and drain together fit in one Node.js timer (see `MAX_TIMER_MS`). */
export function runLengthRule({ sections, runMs }: RuleContext): ValidationIssue[] {
  const drainMs = sections.drain === undefined ? undefined : parseDuration(sections.drain);
  if (runMs === undefined || drainMs === undefined || runMs + drainMs <= MAX_TIMER_MS) return [];
  return [{ path: 'duration', message: `warm-up, duration and drain make ${Math.round((runMs + drainMs) / 3_600_000)} h, more than the ${Math.floor(MAX_TIMER_MS / 3_600_000)} h a Node.js timer can wait` }];
}

/**
 * A classic group's session timeout is one the brokers accept: on a cluster kbench starts, within
 * their `group.min/max.session.timeout.ms` (6 s to 30 min unless `cluster.brokerConfig` says
 * otherwise); on an external cluster, within the client's range (its brokers decide the rest).
 */
export function sessionTimeoutRule({ sections, clusterKind }: RuleContext): ValidationIssue[] {
  const cluster = sections.cluster;
  if (cluster === undefined || clusterKind === undefined) return [];
  const brokerConfig = 'brokerConfig' in cluster ? (cluster.brokerConfig ?? {}) : {};
  const setting = (key: string, fallback: number): number => {
    const value = Number(brokerConfig[key]);
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  const external = clusterKind === 'external';
  const minMs = external ? 1 : setting('group.min.session.timeout.ms', BROKER_MIN_SESSION_TIMEOUT_MS);
  const maxMs = external ? CLIENT_MAX_SESSION_TIMEOUT_MS : setting('group.max.session.timeout.ms', BROKER_MAX_SESSION_TIMEOUT_MS);
  const issues: ValidationIssue[] = [];
  (sections.consumers ?? []).forEach((group, g) => {
    const ms = group.sessionTimeout === undefined ? undefined : parseDuration(group.sessionTimeout);
    if (ms === undefined || (ms >= minMs && ms <= maxMs)) return;
    const where = external ? "the client's range" : "the brokers' group.min.session.timeout.ms and group.max.session.timeout.ms";
    issues.push({ path: at(at('consumers', g), 'sessionTimeout'), message: `expected ${formatDuration(minMs)} to ${formatDuration(maxMs)} (${where}), got ${show(group.sessionTimeout)}` });
  });
  return issues;
}
