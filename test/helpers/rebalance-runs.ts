/**
 * Runs a small scenario with a changing consumer group against a real embedded cluster, in
 * process, and checks what every rebalance must satisfy whatever the protocol.
 */
import { expect } from 'vitest';
import type { ClientName } from '../../src/clients/client-adapter.js';
import type { KbenchReport, RebalanceReport } from '../../src/report/report-types.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ConsumerGroupInput, ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

export const PARTITIONS = 6;

/** 300 msg/s into 6 partitions for `durationS` seconds, one consumer group as given. */
export async function runGroupScenario(name: string, client: ClientName, brokers: string[], group: ConsumerGroupInput, durationS: number): Promise<KbenchReport> {
  const scenario: ScenarioInput = {
    name,
    client,
    cluster: { brokers },
    topic: { partitions: PARTITIONS },
    duration: `${durationS}s`,
    drain: '15s',
    producers: [{ load: { type: 'constant', ratePerSec: 300 }, keys: { strategy: 'random', count: 1000 } }],
    consumers: [group],
  };
  expect(validateScenario(scenario)).toEqual([]);
  const plan = resolveScenario(scenario, `${name}.ts`);
  return runScenario(plan, { observer: { log: () => {}, onSecond: () => {} } });
}

/** Every partition has exactly one owner after the rebalance, owners are the group's members, and no partition was owned twice at once. */
export function expectSoundRebalance(rebalance: RebalanceReport): void {
  const owned = rebalance.members.flatMap((member) => member.ownedAfter).sort((a, b) => a - b);
  expect(owned, `rebalance #${rebalance.index} (${rebalance.trigger}) leaves every partition with one owner`).toEqual(Array.from({ length: PARTITIONS }, (_, p) => p));
  expect(rebalance.members.filter((member) => member.ownedAfter.length > 0)).toHaveLength(Math.min(rebalance.membersAfter, PARTITIONS));
  expect(rebalance.settled).toBe(true);
  expect(rebalance.overlapMs).toBe(0);
  expect(rebalance.pauseMs).toBeLessThanOrEqual(rebalance.durationMs);
  expect(rebalance.durationMs).toBeGreaterThanOrEqual(0);
  expect(rebalance.endedAtMs - rebalance.startedAtMs).toBeCloseTo(rebalance.durationMs, 0);
  expect(rebalance.lagPeak).toBeGreaterThanOrEqual(rebalance.lagBefore);
}

/** The run consumed everything it produced (a re-delivered record counts once more), and the timeline shows the membership. */
export function expectEverythingConsumed(report: KbenchReport): void {
  expect(report.status).toBe('completed');
  expect(report.counts.failed).toBe(0);
  expect(report.counts.acked).toBe(report.counts.sent);
  const duplicates = report.rebalances.reduce((sum, r) => sum + r.duplicates, 0);
  expect(report.counts.consumed).toBe(report.counts.acked + duplicates);
  expect(report.consumerGroups[0]?.lagEnd).toBe(0);
}

/** How many partitions each member owns when the rebalance has settled (members owning none left out). */
function ownersAfter(rebalance: RebalanceReport | undefined): Record<string, number> {
  const owners: Record<string, number> = {};
  for (const member of rebalance?.members ?? []) if (member.ownedAfter.length > 0) owners[member.consumerId] = member.ownedAfter.length;
  return owners;
}

/** Live members per second, as the timeline says. */
export function membersOverTime(report: KbenchReport): number[] {
  const groupId = report.consumerGroups[0]?.groupId ?? '';
  return report.timeline.map((entry) => entry.liveMembers[groupId] ?? 0);
}

/**
 * The rebalances of a 1 → 3 → 1 run scaled out at `scaleOutMs` and in at `scaleInMs`, checked for
 * what must hold whatever the machine's load: the initial assignment; one scale-out rebalance,
 * or two when the joiners' subscriptions straddled the first (Kafka does that legitimately),
 * triggered by the joiners (one of them when the other subscribed during the first's rebalance)
 * and ending with 3 members owning 2 partitions each; then one scale-in rebalance (or two, when
 * the leavers' closes straddled the first) triggered by the joiners leaving, ending with the first
 * member owning all 6. Every rebalance leaves each partition with exactly one owner.
 */
export function expectScaleOutThenIn(report: KbenchReport, scaleOutMs: number, scaleInMs: number): { scaleOut: RebalanceReport[]; scaleIn: RebalanceReport[] } {
  const [initial, ...later] = report.rebalances;
  expect(`${initial?.trigger}:${initial?.membersBefore}→${initial?.membersAfter}`).toBe('initial:0→1');
  for (const rebalance of report.rebalances) expectSoundRebalance(rebalance);
  const scaleOut = later.filter((r) => r.startedAtMs < scaleInMs);
  const scaleIn = later.filter((r) => r.startedAtMs >= scaleInMs);
  const seen = JSON.stringify(later.map((r) => `${r.trigger}:${r.membersBefore}→${r.membersAfter}@${r.startedAtMs}`));
  expect(scaleOut.length, seen).toBeGreaterThanOrEqual(1);
  expect(scaleOut.length, seen).toBeLessThanOrEqual(2);
  for (const rebalance of scaleOut) {
    expect(rebalance.trigger, seen).toBe('member-joined');
    expect(rebalance.startedAtMs).toBeGreaterThanOrEqual(rebalance.triggeredAtMs ?? Infinity);
    expect(rebalance.startedAtMs).toBeGreaterThanOrEqual(scaleOutMs);
  }
  // Both joiners set it off; when the second subscribed while the first's rebalance was under way, it is that rebalance's member, not its trigger.
  // Either way the triggers are joiners only (#1, #2), never the first member.
  const initialMember = initial?.members.find((member) => member.ownedAfter.length > 0)?.consumerId ?? '';
  expect(initialMember.endsWith('#0'), seen).toBe(true);
  const groupId = initialMember.slice(0, -'#0'.length);
  const joiners = [`${groupId}#1`, `${groupId}#2`];
  const outTriggers = new Set(scaleOut.flatMap((r) => r.triggeredBy));
  expect(outTriggers.size, seen).toBeGreaterThanOrEqual(1);
  expect([...outTriggers].filter((member) => !joiners.includes(member)), seen).toEqual([]);
  expect(scaleOut.at(-1)?.membersAfter, seen).toBe(3);
  // After the scale-out step: the three members own two partitions each (6 over 3, every assignor here balances).
  expect(ownersAfter(scaleOut.at(-1)), seen).toEqual({ [initialMember]: 2, [joiners[0] as string]: 2, [joiners[1] as string]: 2 });
  // One scale-in rebalance, or two when the leavers' closes straddled the first; the last ends with 1 member.
  expect(scaleIn.length, seen).toBeGreaterThanOrEqual(1);
  expect(scaleIn.length, seen).toBeLessThanOrEqual(2);
  for (const rebalance of scaleIn) expect(rebalance.trigger, seen).toBe('member-left');
  // The newest leave first: the leavers are the joiners, and the first member is left with every partition.
  expect(scaleIn.flatMap((r) => r.triggeredBy).filter((member) => !joiners.includes(member)), seen).toEqual([]);
  expect(scaleIn.at(-1)?.membersAfter, seen).toBe(1);
  expect(ownersAfter(scaleIn.at(-1)), seen).toEqual({ [initialMember]: PARTITIONS });
  expect(Math.max(...membersOverTime(report))).toBe(3);
  expect(membersOverTime(report).at(-1)).toBe(1);
  return { scaleOut, scaleIn };
}
