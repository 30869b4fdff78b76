/** Rules on when things happen: schedule steps and faults within the run, in time order; faults on nodes that exist. Pure. */
import { parseDuration } from '../durations.js';
import { show, type ValidationIssue } from '../schema/schema-kit.js';
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
