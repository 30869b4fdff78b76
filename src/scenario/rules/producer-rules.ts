/** Rules over the producer groups as a whole. Pure. */
import { loadShapeOf } from '../../workload/loads/load-shapes.js';
import { MAX_RATE_PER_PRODUCER } from '../schema/limits.js';
import { defaultProducerGroupName } from '../schema/producer-schema.js';
import type { ValidationIssue } from '../../util/schema-kit.js';
import { at, duplicateNameIssues, type RuleContext } from './rule-context.js';

/** At least one producer group, unless the scenario only reads a topic that already holds records. */
export function producersPresentRule({ sections, raw }: RuleContext): ValidationIssue[] {
  if (sections.producers === undefined || sections.producers.length > 0) return [];
  const consumers = raw.consumers;
  const readsExistingTopic = Array.isArray(consumers) && consumers.length > 0 && sections.topic !== undefined && sections.topic.recreate === false;
  if (readsExistingTopic) return [];
  return [{ path: 'producers', message: 'expected at least one producer group, got [] (a consumer-only scenario needs consumer groups and topic.recreate: false, to read a topic that holds records)' }];
}

/** Group names (given or default) are unique. */
export function uniqueProducerNamesRule({ sections }: RuleContext): ValidationIssue[] {
  const names = (sections.producers ?? []).map((group, i) => group.name ?? defaultProducerGroupName(i));
  return duplicateNameIssues('producers', 'name', 'group name', names);
}

/** No producer instance is given more than it could ever send (see `MAX_RATE_PER_PRODUCER`). */
export function ratePerProducerRule({ sections }: RuleContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (sections.producers ?? []).forEach((group, i) => {
    const most = MAX_RATE_PER_PRODUCER * group.count;
    for (const { path, ratePerSec: rate } of loadShapeOf(group.load).writtenRates(group.load)) {
      if (rate <= most) continue;
      issues.push({
        path: `${at(at('producers', i), 'load')}.${path}`,
        message: `expected at most ${most} messages per second (${MAX_RATE_PER_PRODUCER} per producer instance, ${group.count} instance(s): raise count to spread it), got ${rate}`,
      });
    }
  });
  return issues;
}
