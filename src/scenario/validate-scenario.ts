/**
 * Strict validation of a scenario as loaded from its file, k6-style: every problem is collected
 * (never only the first), each with the path of the field (`producers[0].acks`) and a message
 * that shows the value received and what was expected; unknown keys are errors, with a "did you
 * mean" when a known key is close. The field rules are the schema (`schema/`); the rules across
 * sections are the named functions of `rules/`, run on the sections that passed their schema.
 */
import type { z } from 'zod';
import { clientCapabilityRule } from './rules/client-rules.js';
import { backlogRule, clientsPerRunRule, membershipRule, uniqueGroupIdsRule } from './rules/consumer-rules.js';
import { producersPresentRule, ratePerProducerRule, uniqueProducerNamesRule } from './rules/producer-rules.js';
import { pipelineGraphRule, stageSettingsRule } from './rules/pipeline-rules.js';
import { ruleContext, type Rule } from './rules/rule-context.js';
import { faultsRule, runLengthRule, scheduleTimesRule, sessionTimeoutRule } from './rules/timeline-rules.js';
import { topicReplicationRule } from './rules/topic-rules.js';
import { scenarioSchema, type ParsedScenario, type ScenarioInput } from './schema/scenario-schema.js';
import { PARSE_OPTIONS, fieldProblems, isPlainObject, pathText, type ValidationIssue } from '../util/schema-kit.js';
import { combinationIssues } from './validate-combinations.js';

export type { ValidationIssue } from '../util/schema-kit.js';
export { levenshtein } from '../util/edit-distance.js';
export * from './schema/limits.js';

/** The rules across sections, in the order their issues are listed. */
const SCENARIO_RULES: readonly Rule[] = [
  runLengthRule,
  topicReplicationRule,
  producersPresentRule,
  uniqueProducerNamesRule,
  ratePerProducerRule,
  clientCapabilityRule,
  uniqueGroupIdsRule,
  sessionTimeoutRule,
  membershipRule,
  scheduleTimesRule,
  backlogRule,
  pipelineGraphRule,
  stageSettingsRule,
  faultsRule,
  clientsPerRunRule,
];

/**
 * Checks a scenario file's default export against its schema and every rule, and returns all
 * problems found; an empty list means the scenario is valid.
 */
export function validateScenario(value: unknown): ValidationIssue[] {
  const parsed = scenarioSchema.safeParse(value, PARSE_OPTIONS);
  const issues = parsed.success ? [] : fieldProblems(parsed.error.issues).map((problem) => ({ path: pathText(problem.path), message: problem.message }));
  if (!isPlainObject(value)) return issues;
  const context = ruleContext(validSections(value), value);
  for (const rule of SCENARIO_RULES) issues.push(...rule(context));
  issues.push(...combinationIssues(value));
  return inFieldOrder(issues, value);
}

const SCHEMA_ORDER = Object.keys(scenarioSchema.shape);

/**
 * Issues in the order a reader goes down the file: by the top-level key they are under, in the
 * file's own order (fields the file lacks after it, in the schema's order); stable within a key.
 */
function inFieldOrder(issues: ValidationIssue[], scenario: Record<string, unknown>): ValidationIssue[] {
  const order = [...Object.keys(scenario), ...SCHEMA_ORDER.filter((key) => !Object.hasOwn(scenario, key))];
  const rank = (issue: ValidationIssue): number => {
    const index = order.indexOf(/^[A-Za-z_$][\w$]*/.exec(issue.path)?.[0] ?? '');
    return index === -1 ? order.length : index;
  };
  return issues.map((issue, i) => ({ issue, i, rank: rank(issue) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map(({ issue }) => issue);
}

/** Each top-level section that passes its own schema, parsed. */
function validSections(value: Record<string, unknown>): Partial<ParsedScenario> {
  const sections: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(scenarioSchema.shape) as Array<[string, z.ZodType]>) {
    const result = schema.safeParse(value[key]);
    if (result.success) sections[key] = result.data;
  }
  return sections as Partial<ParsedScenario>;
}

/** A valid scenario with every default of its schema filled in (throws on an invalid one: validate first). */
export function parseScenario(scenario: ScenarioInput): ParsedScenario {
  return scenarioSchema.parse(scenario, PARSE_OPTIONS);
}
