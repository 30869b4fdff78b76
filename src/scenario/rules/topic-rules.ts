/** Rules between the topic and the cluster that holds it. Pure. */
import { minIsrAboveReplicationFactor } from '../validate-combinations.js';
import type { RuleContext } from './rule-context.js';
import type { ValidationIssue } from '../../util/schema-kit.js';

/** The replication factor fits the embedded cluster's nodes, and min.insync.replicas fits the replication factor. */
export function topicReplicationRule({ sections, nodes }: RuleContext): ValidationIssue[] {
  const topic = sections.topic;
  if (topic === undefined) return [];
  let replicationFactor = topic.replicationFactor;
  if (replicationFactor !== undefined && nodes !== undefined && replicationFactor > nodes) {
    return [{ path: 'topic.replicationFactor', message: `replication factor ${replicationFactor} needs ${replicationFactor} nodes, the embedded cluster has ${nodes}` }];
  }
  if (replicationFactor === undefined && nodes !== undefined) replicationFactor = Math.min(3, nodes);
  if (topic.minInsyncReplicas !== undefined && replicationFactor !== undefined && topic.minInsyncReplicas > replicationFactor) {
    return [{ path: 'topic.minInsyncReplicas', message: minIsrAboveReplicationFactor(topic.minInsyncReplicas, replicationFactor) }];
  }
  return [];
}
