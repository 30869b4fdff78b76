/** What the run did with its topic and groups, in words, for the console and the HTML page. Pure. */
import type { KbenchReport, OwnershipReport } from './report-types.js';

/** `created by this run, deleted at the end` and the like; undefined for reports without `ownership`. */
export function describeTopicOwnership(ownership: OwnershipReport | undefined): string | undefined {
  if (ownership === undefined) return undefined;
  const { topic } = ownership;
  const where = ownership.cluster === 'external' ? 'external cluster' : "kbench's cluster";
  if (topic.action === 'existing') {
    const before = topic.before ? `, ${topic.before.messages.toLocaleString('en-US')} message(s) before the run` : '';
    return `${where}: existing topic, not created by kbench${before}, left in place`;
  }
  const made = topic.action === 'recreated' ? 'deleted and created by this run' : 'created by this run';
  const end = topic.deleted ? 'deleted at the end' : ownership.cluster === 'external' ? `kept${topic.note ? ` (${topic.note})` : ''}` : 'kept';
  return `${where}: ${made}, ${end}`;
}

/** One line on the run's names and clean-up: the topic, the groups and the run id. */
export function renderOwnershipLine(report: KbenchReport): string | undefined {
  const ownership = report.ownership;
  const topic = describeTopicOwnership(ownership);
  if (ownership === undefined || topic === undefined) return undefined;
  const groups = ownership.consumerGroups.map((group) => `${group.groupId}${group.deleted ? ' (deleted)' : ''}`);
  return `run ${ownership.runId} · topic ${ownership.topic.name} — ${topic}${groups.length > 0 ? ` · group(s) ${groups.join(', ')}` : ''}`;
}
