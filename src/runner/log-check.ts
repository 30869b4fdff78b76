/**
 * The log check at the end of a run: before kbench calls an acknowledged message lost, it looks
 * for it in the topic. Only groups that read everything and left acknowledged messages
 * unconsumed need it, and only the offsets such a group did not consume are read: per partition,
 * from its low watermark to its high watermark at check time, minus the offset runs the group
 * consumed. Records are identified by kbench's header (producer index and sequence number),
 * never by offset: with acks=1 a leader failover can truncate acknowledged messages and give
 * their offsets to others, so "offset below the high watermark" proves nothing.
 *
 * When a message is still not found after that first pass (it may sit at an offset the group did
 * consume, held then by another message), the rest of the topic is read too, in the time left.
 * The whole check is bounded by `timeoutMs`; a message it did not reach counts as lost and the
 * note says the read was cut short.
 */
import type { LogReader, OffsetRanges } from '../clients/log-reader.js';
import { errorMessage } from '../errors.js';
import { IntervalSet, toRanges } from '../metrics/interval-set.js';
import { MESSAGE_HEADER_NAME, decodeMessageHeader } from '../workload/message-header.js';
import type { Plan } from '../scenario/plan-types.js';
import { readsEverything, type LogFindings } from './delivery-verifier.js';
import type { RunAggregator } from './run-aggregator.js';

/** One group to check: what it did not consume, by producer, and which offsets of a partition it consumed. */
export interface GroupToCheck {
  groupId: string;
  missing: Map<number, IntervalSet>;
  consumedOffsets(partition: number): IntervalSet;
}

export interface LogCheckInput {
  topic: string;
  /** The groups that read everything. */
  groups: GroupToCheck[];
  reader: LogReader;
  timeoutMs: number;
}

export interface LogCheckResult extends LogFindings {
  /** Per group, per partition: acknowledged messages the group did not consume that were found there. */
  unconsumedByPartition: Record<string, Record<number, number>>;
}

function countMissing(group: GroupToCheck): number {
  let count = 0;
  for (const set of group.missing.values()) count += set.size;
  return count;
}

/** Runs the check; never throws (a failure gives `unavailable` with the reason in `note`). */
export async function checkLog(input: LogCheckInput): Promise<LogCheckResult> {
  const groups = input.groups.filter((group) => countMissing(group) > 0);
  const unconsumedByPartition: Record<string, Record<number, number>> = Object.fromEntries(groups.map((g) => [g.groupId, {}]));
  if (groups.length === 0) return { method: 'not-needed', recordsRead: 0, note: null, found: new Map(), unconsumedByPartition };

  const startedMs = Date.now();
  const deadlineMs = startedMs + input.timeoutMs;
  const foundValues = new Map<number, number[]>();
  /** Per group and producer: the missing sequences already found (each is attributed to one partition once). */
  const attributed = groups.map(() => new Map<number, Set<number>>());
  let recordsRead = 0;
  const onRecord = (partition: number, _offset: number, header: Buffer | undefined): void => {
    const decoded = decodeMessageHeader(header);
    if (!decoded) return;
    const { producerIndex, sequence } = decoded;
    let values = foundValues.get(producerIndex);
    if (!values) foundValues.set(producerIndex, (values = []));
    values.push(sequence);
    groups.forEach((group, i) => {
      if (!group.missing.get(producerIndex)?.has(sequence)) return;
      const byProducer = attributed[i] as Map<number, Set<number>>;
      let seen = byProducer.get(producerIndex);
      if (!seen) byProducer.set(producerIndex, (seen = new Set()));
      if (seen.has(sequence)) return;
      seen.add(sequence);
      const partitions = unconsumedByPartition[group.groupId] as Record<number, number>;
      partitions[partition] = (partitions[partition] ?? 0) + 1;
    });
  };
  const allFound = (): boolean => groups.every((group, i) => [...group.missing].every(([producerIndex, set]) => (attributed[i]?.get(producerIndex)?.size ?? 0) >= set.size));
  const found = (): Map<number, IntervalSet> => {
    const sets = new Map<number, IntervalSet>();
    for (const [producerIndex, values] of foundValues) {
      const set = new IntervalSet();
      for (const [from, to] of toRanges(values).ranges) set.add(from, to);
      sets.set(producerIndex, set);
    }
    return sets;
  };

  const notes: string[] = [];
  try {
    const watermarks = await beforeDeadline(input.reader.watermarks(input.topic), deadlineMs);
    // First pass: the offsets some checked group did not consume.
    const skipped = new Map<number, IntervalSet>();
    const firstPass: OffsetRanges = new Map();
    for (const { partition, lowOffset, highOffset } of watermarks) {
      const union = new IntervalSet();
      for (const group of groups) for (const [from, to] of group.consumedOffsets(partition).gapsWithin(lowOffset, highOffset - 1)) union.add(from, to);
      skipped.set(partition, union);
      if (union.size > 0) firstPass.set(partition, union.toRanges().map(([from, to]) => [from, to]));
    }
    const first = await input.reader.read(input.topic, firstPass, MESSAGE_HEADER_NAME, deadlineMs, onRecord);
    recordsRead += first.recordsRead;
    if (first.problem !== undefined && first.recordsRead === 0) throw new Error(first.problem);
    if (!first.complete) notes.push(cutShort(first.problem, input.timeoutMs, Date.now() - startedMs));
    else if (!allFound() && Date.now() < deadlineMs) {
      // Second pass: the offsets the groups did consume (an offset reused after a truncation can hide a message there).
      const secondPass: OffsetRanges = new Map();
      for (const { partition, lowOffset, highOffset } of watermarks) {
        const rest = (skipped.get(partition) ?? new IntervalSet()).gapsWithin(lowOffset, highOffset - 1);
        if (rest.length > 0) secondPass.set(partition, rest);
      }
      const second = await input.reader.read(input.topic, secondPass, MESSAGE_HEADER_NAME, deadlineMs, onRecord);
      recordsRead += second.recordsRead;
      notes.push(
        second.complete
          ? 'some acknowledged messages were not at the offsets the group skipped, so the whole topic was read'
          : `some acknowledged messages were not at the offsets the group skipped; reading the rest of the topic was ${cutShort(second.problem, input.timeoutMs, Date.now() - startedMs).replace(/^the log read was /, '')}`,
      );
    }
  } catch (error) {
    if (recordsRead === 0) {
      return { method: 'unavailable', recordsRead: 0, note: `the topic could not be read back (${errorMessage(error)}): every acknowledged message not consumed counts as lost`, found: new Map(), unconsumedByPartition };
    }
    notes.push(`the log read failed part-way (${errorMessage(error)})`);
  }
  return { method: 'log-read', recordsRead, note: notes.length > 0 ? notes.join('; ') : null, found: found(), unconsumedByPartition };
}

/** `work`, or a rejection once `deadlineMs` (epoch ms) has passed. */
function beforeDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer before the bound')), Math.max(0, deadlineMs - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function cutShort(problem: string | undefined, timeoutMs: number, tookMs: number): string {
  const why = problem !== undefined ? `by an error (${problem})` : `by its ${(timeoutMs / 1000).toFixed(0)} s bound`;
  return `the log read was cut short ${why} after ${(tookMs / 1000).toFixed(1)} s: messages it did not reach count as lost`;
}

/**
 * The check for a run: every group that reads everything, from what the run aggregated, topic by
 * topic (a reader of a stage's output is looked for in that topic); logs what it found.
 */
export async function checkRunLog(plan: Plan, aggregator: RunAggregator, reader: LogReader, timeoutMs: number, log: (line: string) => void): Promise<LogCheckResult> {
  const checked = plan.consumerGroups.filter(readsEverything);
  const topics = [plan.topic.name, ...new Set(checked.map((group) => group.topicName).filter((topic) => topic !== plan.topic.name))];
  const startedMs = Date.now();
  const results: Array<{ topic: string; groupIds: string[]; result: LogCheckResult }> = [];
  for (const topic of topics) {
    const groups: GroupToCheck[] = checked
      .filter((group) => group.topicName === topic)
      .map((group) => ({
        groupId: group.groupId,
        missing: aggregator.verifier.missing(group.groupId),
        consumedOffsets: (partition: number) => aggregator.membership.consumedOffsets(group.groupId, partition),
      }));
    const notConsumed = groups.reduce((sum, group) => sum + countMissing(group), 0);
    if (notConsumed > 0) log(`log check: ${notConsumed} acknowledged message(s) not consumed from ${topic}; reading them back from the topic (at most ${timeoutMs / 1000} s in all)`);
    const result = await checkLog({ topic, groups, reader, timeoutMs: Math.max(1_000, timeoutMs - (Date.now() - startedMs)) });
    if (result.method === 'log-read') log(`log check: ${result.recordsRead} record(s) read from ${topic}${result.note ? `; ${result.note}` : ''}`);
    else if (result.method === 'unavailable') log(`log check: ${topic}: ${result.note ?? 'unavailable'}`);
    results.push({ topic, groupIds: groups.map((group) => group.groupId), result });
  }
  return combineResults(results);
}

/** One result for the run: the producers' topic's `found`, the other topics' per group; methods, counts and notes together. */
function combineResults(results: ReadonlyArray<{ topic: string; groupIds: string[]; result: LogCheckResult }>): LogCheckResult {
  const [first, ...others] = results;
  if (first === undefined) return { method: 'not-needed', recordsRead: 0, note: null, found: new Map(), unconsumedByPartition: {} };
  if (others.length === 0) return first.result;
  const all = results.map((r) => r.result);
  const method = all.some((r) => r.method === 'log-read') ? 'log-read' : all.some((r) => r.method === 'unavailable') ? 'unavailable' : 'not-needed';
  const notes = results.filter((r) => r.result.note !== null).map((r) => `${r.topic}: ${r.result.note}`);
  const foundByGroup = new Map<string, Map<number, IntervalSet>>();
  for (const { groupIds, result } of others) for (const groupId of groupIds) foundByGroup.set(groupId, result.found);
  return {
    method,
    recordsRead: all.reduce((sum, r) => sum + r.recordsRead, 0),
    note: notes.length > 0 ? notes.join('; ') : null,
    found: first.result.found,
    foundByGroup,
    unconsumedByPartition: Object.assign({}, ...all.map((r) => r.unconsumedByPartition)) as LogCheckResult['unconsumedByPartition'],
  };
}
