import { describe, expect, it } from 'vitest';
import { parseStepOption, withSteps } from '../../src/cli/step-option.js';
import { KbenchError } from '../../src/errors.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';

const scenario: ScenarioInput = { name: 's', duration: '60s', producers: [{ load: { type: 'constant', ratePerSec: 10 } }], consumers: [{ members: 2 }] };

describe('--step', () => {
  it('parses every action', () => {
    expect(parseStepOption('10s:scale=4')).toEqual({ at: '10s', action: 'scale', members: 4 });
    expect(parseStepOption('20s:join')).toEqual({ at: '20s', action: 'join' });
    expect(parseStepOption('1m:leave=2')).toEqual({ at: '1m', action: 'leave', count: 2 });
    expect(parseStepOption('30s:crash')).toEqual({ at: '30s', action: 'crash' });
    expect(parseStepOption('40s:slow=20')).toEqual({ at: '40s', action: 'slow', processingTimeMs: 20 });
  });

  it('refuses malformed steps with a usage error', () => {
    for (const bad of ['10s', 'scale=4', '10s:explode', '10s:scale', '10s:slow', '10s:scale=-1']) {
      expect(() => parseStepOption(bad), bad).toThrow(KbenchError);
    }
  });

  it('adds the steps to the first group and validates the result', () => {
    const merged = withSteps(scenario, [parseStepOption('10s:scale=4'), parseStepOption('20s:crash')]);
    expect(merged.consumers?.[0]?.schedule).toHaveLength(2);
    expect(scenario.consumers?.[0]?.schedule).toBeUndefined();
    expect(problems(() => withSteps(scenario, [parseStepOption('90s:join')]))).toMatch(/schedule\[0\]\.at: expected a time before the end of warm-up plus duration/);
    expect(() => withSteps(scenario, [parseStepOption('5s:crash=3')])).toThrow(KbenchError);
    expect(() => withSteps({ ...scenario, consumers: [] }, [parseStepOption('5s:join')])).toThrow(/consumers: \[\]/);
  });
});

/** The error's message and detail lines. */
function problems(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof KbenchError ? [error.message, ...(error.details ?? [])].join('\n') : String(error);
  }
  return '';
}
