/**
 * `--step <at>:<action>[=<n>]`: a consumer schedule step given on the command line, for a
 * scripted run without editing the scenario. Steps apply to the scenario's first consumer group
 * and are checked like the scenario's own (time order, past the run's end…).
 *   10s:scale=4   scale to 4 members        20s:join / 20s:join=2   members join
 *   30s:leave=2   the 2 newest leave         40s:crash              the newest is killed
 *   50s:slow=20   the newest takes 20 ms per record
 */
import { KbenchError } from '../errors.js';
import type { ConsumerStepInput, ScenarioInput } from '../scenario/scenario-types.js';
import { validateScenario } from '../scenario/validate-scenario.js';

const STEP_PATTERN = /^([0-9][0-9a-z.]*):(scale|join|leave|crash|slow)(?:=(\d+))?$/;

export const STEP_OPTION_HELP = 'consumer step for the first group, repeatable: <at>:scale=<members>, <at>:join[=<n>], <at>:leave[=<n>], <at>:crash[=<n>], <at>:slow=<ms per record> (e.g. 10s:scale=4)';

export function parseStepOption(text: string): ConsumerStepInput {
  const match = STEP_PATTERN.exec(text.trim());
  if (!match) throw new KbenchError('usage', `--step expects <at>:<action>[=<n>] such as 10s:scale=4 or 30s:crash, got "${text}"`, { hint: STEP_OPTION_HELP });
  const [, at = '', action, value] = match;
  const n = value === undefined ? undefined : Number(value);
  switch (action) {
    case 'scale':
      if (n === undefined) throw new KbenchError('usage', `--step ${text}: scale needs a member count, e.g. ${at}:scale=4`);
      return { at, action: 'scale', members: n };
    case 'slow':
      if (n === undefined) throw new KbenchError('usage', `--step ${text}: slow needs milliseconds per record, e.g. ${at}:slow=20`);
      return { at, action: 'slow', processingTimeMs: n };
    default:
      return { at, action: action as 'join' | 'leave' | 'crash', ...(n === undefined ? {} : { count: n }) };
  }
}

/** The scenario with the steps added to its first consumer group's schedule; throws a usage error when the result is not valid. */
export function withSteps(scenario: ScenarioInput, steps: ConsumerStepInput[]): ScenarioInput {
  if (steps.length === 0) return scenario;
  const groups = scenario.consumers ?? [{}];
  const [first, ...rest] = groups;
  if (first === undefined) throw new KbenchError('usage', '--step needs a consumer group: this scenario has `consumers: []`');
  const merged: ScenarioInput = { ...scenario, consumers: [{ ...first, schedule: [...(first.schedule ?? []), ...steps] }, ...rest] };
  const issues = validateScenario(merged);
  if (issues.length > 0) {
    throw new KbenchError('usage', `--step makes the scenario invalid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'})`, {
      details: issues.map((issue) => `${issue.path}: ${issue.message}`),
      hint: 'steps must be in time order, after the scenario\'s own, and before the end of warm-up plus duration',
    });
  }
  return merged;
}
