/**
 * Rules over a scenario's pipeline: the topics the consumer groups read and the stages write form
 * a graph from the producers' topic (every topic read is written first, no cycles, output topics
 * unique), and each stage is one the client and the rest of the scenario can run. Pure.
 */
import { capabilitiesOf } from '../../clients/client-registry.js';
import { groupTopic, stageDepths } from '../resolve-pipeline.js';
import { at, type RuleContext } from './rule-context.js';
import type { ValidationIssue } from '../../util/schema-kit.js';

/**
 * Every group reads the producers' topic, a stage's output or the ksqlDB query's output (`ksql`,
 * written by ksqlDB); output topics are unique, no stage reads its own chain, and no stage reads
 * the ksqlDB output (its records are windows, not `compras` events).
 */
export function pipelineGraphRule({ sections }: RuleContext): ValidationIssue[] {
  const groups = sections.consumers;
  const source = sections.topic?.name;
  if (groups === undefined || source === undefined) return [];
  const issues: ValidationIssue[] = [];
  const ksqlOutput = sections.ksql?.output.name;
  if (ksqlOutput !== undefined && ksqlOutput === source) {
    issues.push({ path: 'ksql.output.name', message: `"${ksqlOutput}" is the producers' topic (topic.name): the ksqlDB query writes a topic of its own` });
  }
  const writers = new Map<string, number>();
  groups.forEach((group, i) => {
    const output = group.stage?.output.name;
    if (output === undefined) return;
    const path = at(at(at(at('consumers', i), 'stage'), 'output'), 'name');
    const first = writers.get(output);
    if (output === source) issues.push({ path, message: `"${output}" is the producers' topic (topic.name): a stage writes a topic of its own` });
    else if (output === ksqlOutput) issues.push({ path, message: `topic "${output}" is the ksqlDB query's output (ksql.output.name): a stage writes a topic of its own` });
    else if (first !== undefined) issues.push({ path, message: `topic "${output}" is already written by the stage of consumers[${first}]: each stage writes a topic of its own` });
    else writers.set(output, i);
  });
  const depths = stageDepths(groups, source);
  let inCycleReported = false;
  groups.forEach((group, i) => {
    const topic = groupTopic(group, source);
    const path = at(at('consumers', i), 'topic');
    if (ksqlOutput !== undefined && topic === ksqlOutput && topic !== source) {
      if (group.stage !== undefined) issues.push({ path, message: `a stage cannot read the ksqlDB query's output "${topic}": its records are windows, not compras events` });
      return;
    }
    if (topic !== source && !writers.has(topic)) {
      const known = [`"${source}" (the producers')`, ...[...writers.keys()].map((name) => `"${name}"`), ...(ksqlOutput === undefined ? [] : [`"${ksqlOutput}" (the ksqlDB query's)`])].join(', ');
      issues.push({ path, message: `no producer, stage or ksqlDB query writes topic "${topic}": a group reads ${known}${ksqlOutput === undefined ? ' (a ksqlDB output needs a ksql section)' : ''}` });
      return;
    }
    if (group.stage !== undefined && depths[i] === undefined && !inCycleReported) {
      // One issue per scenario: every stage of the cycle would say the same.
      inCycleReported = true;
      const others = groups.flatMap((other, j) => (j !== i && other.stage !== undefined && depths[j] === undefined ? [`consumers[${j}]`] : []));
      issues.push({ path, message: `the stage reads "${topic}", which only stages fed by this stage's own output write: the pipeline has a cycle${others.length > 0 ? ` (with ${others.join(', ')})` : ''}` });
    }
  });
  return issues;
}

/** A stage is an ordinary group's members plus a producer each: no backlog, a client with transactions for exactly-once, output replicas within the nodes. */
export function stageSettingsRule({ sections, nodes }: RuleContext): ValidationIssue[] {
  const groups = sections.consumers;
  if (groups === undefined) return [];
  const client = sections.client;
  const issues: ValidationIssue[] = [];
  groups.forEach((group, i) => {
    const stage = group.stage;
    if (stage === undefined) return;
    const path = at(at('consumers', i), 'stage');
    if (stage.commitInterval !== undefined && stage.semantics !== 'at-least-once') {
      issues.push({ path: at(path, 'commitInterval'), message: `only an at-least-once stage commits at an interval: ${stage.semantics === 'exactly-once' ? 'an exactly-once stage commits each batch in its transaction' : 'an at-most-once stage commits each batch before writing it'}` });
    }
    if (group.backlog !== undefined) issues.push({ path: at(at('consumers', i), 'backlog'), message: 'a stage has no backlog: pause the readers of its output instead' });
    if (stage.semantics === 'exactly-once' && client !== undefined && !capabilitiesOf(client).transactions) {
      issues.push({ path: at(path, 'semantics'), message: `client "${client}" has no transactional producer: an exactly-once stage needs one` });
    }
    const replicationFactor = stage.output.replicationFactor;
    if (replicationFactor !== undefined && nodes !== undefined && replicationFactor > nodes) {
      issues.push({ path: at(at(path, 'output'), 'replicationFactor'), message: `replication factor ${replicationFactor} needs ${replicationFactor} nodes, the embedded cluster has ${nodes}` });
    }
  });
  return issues;
}
