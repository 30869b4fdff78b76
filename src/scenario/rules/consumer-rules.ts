/** Rules over the consumer groups: ids, members over the schedule, the backlog. Pure. */
import { parseBacklogSize } from '../backlog-size.js';
import { parseDuration } from '../../util/durations.js';
import { defaultConsumerGroupId } from '../schema/consumer-schema.js';
import { MAX_CLIENTS_PER_RUN, MAX_INSTANCES_PER_GROUP, MIN_BACKLOG_BASELINE_MS } from '../schema/limits.js';
import type { ParsedScenario } from '../schema/scenario-schema.js';
import { show, type ValidationIssue } from '../../util/schema-kit.js';
import { at, duplicateNameIssues, type RuleContext } from './rule-context.js';

type ConsumerGroup = ParsedScenario['consumers'][number];

/** Group ids (given or default) are unique. */
export function uniqueGroupIdsRule({ sections }: RuleContext): ValidationIssue[] {
  const name = sections.name;
  const groupIds = (sections.consumers ?? []).map((group, i) => group.groupId ?? (name === undefined ? undefined : defaultConsumerGroupId(name, i)));
  return duplicateNameIssues('consumers', 'groupId', 'group id', groupIds);
}

/**
 * Follows each group's member count step by step: a leave, crash or slow step needs that many
 * members; a group has a member at some point; at most 64 members join a group over a run.
 */
export function membershipRule({ sections }: RuleContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (sections.consumers ?? []).forEach((group, g) => {
    const path = at('consumers', g);
    const joined = followSchedule(group, at(path, 'schedule'), issues);
    if (group.members === 0 && joined === 0) issues.push({ path: at(path, 'members'), message: 'the group never has a member: give it members, or a schedule step that adds some' });
    if (group.members + joined > MAX_INSTANCES_PER_GROUP) {
      issues.push({
        path: at(path, 'schedule'),
        message: `${group.members} initial member(s) and ${joined} joining make ${group.members + joined}, more than the ${MAX_INSTANCES_PER_GROUP} a group can have over a run`,
      });
    }
  });
  return issues;
}

/** A group's schedule followed step by step: members that join, and steps that remove more members than the group has then. */
interface MembershipWalk {
  joined: number;
  overdrawn: Array<{ step: number; live: number }>;
}

function walkMembership(group: ConsumerGroup): MembershipWalk {
  let live = group.members;
  let joined = 0;
  const overdrawn: MembershipWalk['overdrawn'] = [];
  group.schedule.forEach((step, i) => {
    if (step.action === 'scale') {
      joined += Math.max(0, step.members - live);
      live = step.members;
    } else if (step.action === 'join') {
      joined += step.count;
      live += step.count;
    } else if (step.count > live) {
      overdrawn.push({ step: i, live });
    } else if (step.action !== 'slow') {
      live -= step.count;
    }
  });
  return { joined, overdrawn };
}

/** How many members join by the schedule; records steps that remove more members than the group has. */
function followSchedule(group: ConsumerGroup, path: string, issues: ValidationIssue[]): number {
  const walk = walkMembership(group);
  for (const { step, live } of walk.overdrawn) {
    const { action, count } = group.schedule[step] as { action: string; count: number };
    issues.push({ path: at(at(path, step), 'count'), message: `the group has ${live} member(s) at this step, cannot ${action === 'slow' ? 'slow down' : action} ${count}` });
  }
  return walk.joined;
}

/** Every member that ever joins a group. */
export function membersOverRun(group: ConsumerGroup): number {
  return group.members + walkMembership(group).joined;
}

/**
 * A backlog: one group at most, an outage after the warm-up and before the producers stop, a
 * time-sized backlog that ends before they stop, a group without a schedule, in a scenario with producers.
 */
export function backlogRule({ sections, raw, warmupMs, runMs }: RuleContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let first: number | undefined;
  const hasProducers = !Array.isArray(raw.producers) || raw.producers.length > 0;
  (sections.consumers ?? []).forEach((group, i) => {
    const backlog = group.backlog;
    if (backlog === undefined) return;
    const path = at(at('consumers', i), 'backlog');
    if (first !== undefined) issues.push({ path, message: `only one consumer group may have a backlog; consumers[${first}] has one` });
    else first = i;
    const afterMs = parseDuration(backlog.after);
    if (afterMs !== undefined && warmupMs !== undefined && afterMs < warmupMs + MIN_BACKLOG_BASELINE_MS) {
      issues.push({ path: at(path, 'after'), message: `expected a time at least 1 s after the warm-up (it ends at ${warmupMs / 1000} s), so the group's lag before the pause is measured, got ${show(backlog.after)}` });
    } else if (afterMs !== undefined && runMs !== undefined && afterMs >= runMs) {
      issues.push({ path: at(path, 'after'), message: `expected a time before the producers stop (warm-up plus duration: ${runMs / 1000} s), got ${show(backlog.after)}` });
    }
    const size = parseBacklogSize(backlog.size);
    if (size?.kind === 'time' && afterMs !== undefined && runMs !== undefined && afterMs < runMs && afterMs + size.durationMs >= runMs) {
      issues.push({ path: at(path, 'size'), message: `the group would resume at ${(afterMs + size.durationMs) / 1000} s, after the producers stop (${runMs / 1000} s): shorten the backlog or lengthen the run` });
    }
    if (group.schedule.length > 0) issues.push({ path, message: 'a group with a backlog has no schedule: a membership change would make the catch-up a rebalance, not the fetch path' });
    if (!hasProducers) issues.push({ path, message: 'a backlog needs producers that keep producing while the group is paused (this scenario has none)' });
  });
  return issues;
}

/** At most 256 producer instances and consumer members in one run. */
export function clientsPerRunRule({ sections }: RuleContext): ValidationIssue[] {
  if (sections.producers === undefined || sections.consumers === undefined) return [];
  const producers = sections.producers.reduce((sum, group) => sum + group.count, 0);
  const members = sections.consumers.reduce((sum, group) => sum + membersOverRun(group), 0);
  const clients = producers + members;
  if (clients <= MAX_CLIENTS_PER_RUN) return [];
  return [
    {
      path: members > 0 ? 'consumers' : 'producers',
      message: `${producers} producer instances and ${members} consumer members make ${clients} clients, more than the ${MAX_CLIENTS_PER_RUN} a run can have`,
    },
  ];
}
