/**
 * A consumer group's membership as it changes: which members are in the group, in join order,
 * and what a step (scale, join, leave, crash, slow) does to it. Used to resolve a scenario's
 * schedule into a plan, and by the runner for members added or removed live. Leaves and
 * crashes take the newest members first (last in, first out), so initial members stay.
 */
import type { PlannedConsumer, PlannedConsumerGroup, PlannedConsumerStep } from './plan-types.js';

/** A step with its times resolved: `scale` to a member count, or a `count` of members. */
export type MembershipStep =
  | { atMs: number; action: 'scale'; members: number }
  | { atMs: number; action: 'join' | 'leave' | 'crash'; count: number }
  | { atMs: number; action: 'slow'; count: number; processingTimeMs: number };

export class GroupMembership {
  /** Members in the group now, oldest first. */
  private readonly live: string[];
  private nextIndex: number;

  constructor(
    private readonly group: Pick<PlannedConsumerGroup, 'groupId' | 'startFrom' | 'groupProtocol' | 'assignmentStrategy' | 'sessionTimeoutMs'>,
    private readonly template: Pick<PlannedConsumer, 'processingTimeMs' | 'clientConfig'>,
    initialMembers: number,
    existing: readonly PlannedConsumer[] = [],
  ) {
    this.live = existing.map((member) => member.id);
    this.nextIndex = existing.length;
    this.initial = [];
    for (let i = 0; i < initialMembers; i++) this.initial.push(this.createMember('initial'));
  }

  /** The members created by the constructor (in the group when the load starts). */
  readonly initial: PlannedConsumer[];

  /** Ids of the members in the group now, oldest first. */
  members(): readonly string[] {
    return this.live;
  }

  /**
   * Applies one step. Returns the plan's step (undefined when it changes nothing, e.g. scaling
   * to the current size) and the members it creates (joiners, with `origin`).
   */
  apply(step: MembershipStep, origin: 'scheduled' | 'live'): { planned: PlannedConsumerStep | undefined; created: PlannedConsumer[] } {
    if (step.action === 'scale') {
      const delta = step.members - this.live.length;
      if (delta === 0) return { planned: undefined, created: [] };
      return this.apply(delta > 0 ? { atMs: step.atMs, action: 'join', count: delta } : { atMs: step.atMs, action: 'leave', count: -delta }, origin);
    }
    if (step.action === 'join') {
      const created = Array.from({ length: step.count }, () => this.createMember(origin));
      return { planned: { atMs: step.atMs, action: 'join', consumerIds: created.map((m) => m.id) }, created };
    }
    const count = Math.min(step.count, this.live.length);
    if (count === 0) return { planned: undefined, created: [] };
    const newest = this.live.slice(this.live.length - count);
    if (step.action === 'slow') {
      return { planned: { atMs: step.atMs, action: 'slow', consumerIds: newest, processingTimeMs: step.processingTimeMs }, created: [] };
    }
    this.live.splice(this.live.length - count, count);
    return { planned: { atMs: step.atMs, action: step.action, consumerIds: newest }, created: [] };
  }

  private createMember(origin: PlannedConsumer['origin']): PlannedConsumer {
    const id = `${this.group.groupId}#${this.nextIndex++}`;
    this.live.push(id);
    return {
      id,
      groupId: this.group.groupId,
      workerId: -1,
      startFrom: this.group.startFrom,
      groupProtocol: this.group.groupProtocol,
      assignmentStrategy: this.group.assignmentStrategy,
      processingTimeMs: this.template.processingTimeMs,
      sessionTimeoutMs: this.group.sessionTimeoutMs,
      origin,
      clientConfig: { ...this.template.clientConfig },
    };
  }
}

/** A new member for `group`, added during the run (a key press): same settings as the group's first member. */
export function liveMember(group: PlannedConsumerGroup): PlannedConsumer {
  const template = group.members[0];
  return {
    id: `${group.groupId}#${group.members.length}`,
    groupId: group.groupId,
    workerId: -1,
    startFrom: group.startFrom,
    groupProtocol: group.groupProtocol,
    assignmentStrategy: group.assignmentStrategy,
    processingTimeMs: template?.processingTimeMs ?? 0,
    sessionTimeoutMs: group.sessionTimeoutMs,
    origin: 'live',
    clientConfig: { ...template?.clientConfig },
  };
}
