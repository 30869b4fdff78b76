import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, MAX_STEPS, nextAction, recordStep, startSearch, type SearchAnswer, type SearchSettings, type SearchState } from '../../src/findmax/search.js';

const STEP_MS = 10_000;

/** Runs the search against `passes` with `budgetSteps` steps of budget; returns the answer and the steps. */
function drive(settings: Partial<SearchSettings>, passes: (rate: number, index: number) => boolean, budgetSteps = 1_000): { answer: SearchAnswer; state: SearchState } {
  let state = startSearch({ ...DEFAULT_SEARCH, startRate: 100, maxRate: null, ...settings });
  for (let used = 0; ; used++) {
    const action = nextAction(state, { remainingMs: (budgetSteps - used) * STEP_MS, stepMs: STEP_MS });
    if (action.kind === 'done') return { answer: action.answer, state };
    state = recordStep(state, { rate: action.rate, purpose: action.purpose, passed: passes(action.rate, used) });
  }
}

/** A deterministic pseudo-random sequence (no Math.random: tests must repeat). */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1_664_525 + 1_013_904_223) >>> 0;
    return x / 2 ** 32;
  };
}

describe('find-max search', () => {
  it('brackets by doubling, bisects to 10 %, confirms twice and refutes at 1.3×', () => {
    const { answer, state } = drive({}, (rate) => rate <= 1234);
    expect(answer.outcome).toBe('confirmed');
    expect(answer.rate).toBeLessThanOrEqual(1234);
    expect(answer.rate).toBeGreaterThan(1234 / 1.1);
    expect(answer.failedRate! - answer.rate!).toBeLessThanOrEqual(0.1 * answer.rate!);
    const purposes = state.steps.map((step) => step.purpose);
    expect(state.steps.slice(0, 5).map((step) => step.rate)).toEqual([100, 200, 400, 800, 1600]);
    expect(purposes.filter((purpose) => purpose === 'confirm')).toHaveLength(2);
    expect(purposes[purposes.length - 1]).toBe('refute');
    const refute = state.steps[state.steps.length - 1]!;
    expect(refute.rate).toBe(Math.round(answer.rate! * 1.3));
    expect(refute.passed).toBe(false);
    expect(state.steps.filter((step) => step.rate === answer.rate).every((step) => step.passed)).toBe(true);
  });

  it('goes down by halving when the start rate fails', () => {
    const { answer, state } = drive({ startRate: 1000 }, (rate) => rate <= 180);
    expect(state.steps.slice(0, 4).map((step) => [step.rate, step.passed])).toEqual([
      [1000, false],
      [500, false],
      [250, false],
      [125, true],
    ]);
    expect(answer.outcome).toBe('confirmed');
    expect(answer.rate).toBeGreaterThan(180 / 1.1);
  });

  it('answers none when even the minimum rate fails', () => {
    const { answer, state } = drive({ startRate: 64, minRate: 4 }, () => false);
    expect(answer.outcome).toBe('none');
    expect(answer.rate).toBeNull();
    expect(state.steps.map((step) => step.rate)).toEqual([64, 32, 16, 8, 4]);
  });

  it('stops at the maximum rate when it passes every time, without trying above it', () => {
    const { answer, state } = drive({ startRate: 100, maxRate: 700 }, () => true);
    expect(answer.outcome).toBe('at-max-rate');
    expect(answer.rate).toBe(700);
    expect(Math.max(...state.steps.map((step) => step.rate))).toBe(700);
    expect(state.steps.filter((step) => step.rate === 700)).toHaveLength(3);
  });

  it('refutes at the maximum rate when 1.3× the answer is above it', () => {
    const { answer, state } = drive({ startRate: 100, maxRate: 1000 }, (rate) => rate <= 900);
    expect(answer.outcome).toBe('confirmed');
    expect(state.steps.every((step) => step.rate <= 1000)).toBe(true);
    expect(state.steps[state.steps.length - 1]).toMatchObject({ purpose: 'refute', rate: 1000, passed: false });
  });

  it('steps down when a confirmation fails', () => {
    // 1,500 passes the first time only: a lucky run.
    let seen1500 = 0;
    const { answer, state } = drive({ startRate: 1500 }, (rate) => {
      if (rate === 1500) return seen1500++ === 0;
      return rate <= 1200;
    });
    expect(answer.outcome).toBe('confirmed');
    expect(answer.rate).toBeLessThanOrEqual(1200);
    expect(state.steps.some((step) => step.rate === 1500 && step.purpose === 'confirm' && !step.passed)).toBe(true);
    expect(state.steps.filter((step) => step.rate === answer.rate).every((step) => step.passed)).toBe(true);
  });

  it('continues upward when the refutation passes (an earlier failure was noise)', () => {
    // The first step at 800 fails by bad luck; the real limit is 2,000.
    const { answer, state } = drive({ startRate: 100 }, (rate, index) => (index === 3 ? false : rate <= 2000));
    expect(state.steps[3]).toMatchObject({ rate: 800, passed: false });
    expect(state.steps.some((step) => step.purpose === 'refute' && step.passed)).toBe(true);
    expect(answer.outcome).toBe('confirmed');
    expect(answer.rate).toBeGreaterThan(2000 / 1.1);
    expect(answer.rate).toBeLessThanOrEqual(2000);
  });

  it('says plainly that the answer is not confirmed when the budget runs out', () => {
    const { answer, state } = drive({}, (rate) => rate <= 1234, 7);
    expect(state.steps.length).toBeLessThanOrEqual(7);
    expect(['not-confirmed', 'confirmed']).toContain(answer.outcome);
    if (answer.outcome === 'not-confirmed') expect(answer.reason).toMatch(/NOT confirmed/);
  });

  it('keeps room for the confirmation when the budget is near its end', () => {
    // 8 steps: bracket 100…1600 (5), then only the confirmation and refutation fit.
    const { answer, state } = drive({}, (rate) => rate <= 1000, 8);
    expect(state.steps.map((step) => step.purpose)).toEqual(['bracket', 'bracket', 'bracket', 'bracket', 'bracket', 'confirm', 'confirm', 'refute']);
    expect(answer.outcome).toBe('confirmed');
    expect(answer.rate).toBe(800);
    expect(answer.failedRate).toBe(1040);
  });

  it('answers none when the budget ends before anything passed', () => {
    const { answer } = drive({ startRate: 10_000 }, () => false, 2);
    expect(answer.outcome).toBe('none');
    expect(answer.rate).toBeNull();
  });

  it('with no budget at all, runs nothing', () => {
    const { answer, state } = drive({}, () => true, 0);
    expect(state.steps).toHaveLength(0);
    expect(answer.outcome).toBe('none');
  });

  it('ends a noisy search within the step limit, and a confirmed answer rests on passes only', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seeded(seed);
      const limit = 500 + Math.floor(random() * 5000);
      // Near the limit the outcome is a coin toss; far below it always passes, far above always fails.
      const passes = (rate: number): boolean => {
        const margin = (limit - rate) / limit;
        if (margin > 0.15) return true;
        if (margin < -0.15) return false;
        return random() < 0.5 + margin * 3;
      };
      const { answer, state } = drive({ startRate: 100 }, passes);
      expect(state.steps.length).toBeLessThanOrEqual(MAX_STEPS);
      if (answer.outcome === 'confirmed') {
        // The run that made it the candidate and its two confirmations passed (an earlier failure at that rate may have been overruled).
        const runs = state.steps.filter((step) => step.rate === answer.rate);
        expect(runs.length).toBeGreaterThanOrEqual(3);
        expect(runs.slice(-3).every((step) => step.passed)).toBe(true);
        const last = state.steps[state.steps.length - 1]!;
        expect(last).toMatchObject({ purpose: 'refute', passed: false });
        expect(answer.rate!).toBeGreaterThan(limit * 0.6);
        expect(answer.rate!).toBeLessThan(limit * 1.2);
      } else {
        expect(answer.outcome).toBe('not-confirmed');
      }
    }
  });

  it('with no confirmations asked for, goes straight to the refutation', () => {
    const { answer, state } = drive({ confirmations: 0 }, (rate) => rate <= 1234);
    expect(state.steps.some((step) => step.purpose === 'confirm')).toBe(false);
    expect(answer.outcome).toBe('confirmed');
  });

  it('rejects a start rate under 1 msg/s', () => {
    expect(() => startSearch({ ...DEFAULT_SEARCH, startRate: 0, maxRate: null })).toThrow(RangeError);
  });
});
