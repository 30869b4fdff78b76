/**
 * The search of `kbench find-max` as a pure state machine: given the settings and the steps so
 * far (their rates and pass/fail), the next rate to try and why, or the answer. No I/O, no clock:
 * the caller passes the time left in the budget and how long a step takes.
 *
 * 1. bracket: from the start rate, ×2 after each pass until a step fails (÷2 after each fail
 *    while nothing has passed), capped at the maximum rate;
 * 2. bisect between the highest pass and the lowest fail until they are within `precision`
 *    (or the budget leaves room only for the confirmation);
 * 3. confirm: the highest pass again, `confirmations` more times; all must pass, else that rate
 *    counts as failed and the search steps down and continues;
 * 4. refute: `refuteFactor` × the answer must fail; when it passes, the lower failure was noise
 *    and the search continues upward from it.
 */

export type StepPurpose = 'bracket' | 'bisect' | 'confirm' | 'refute';

export interface SearchSettings {
  /** First rate tried, messages per second. */
  startRate: number;
  /** No rate above this is tried; null: no cap. */
  maxRate: number | null;
  /** Below this, a failing rate ends the search with no answer. */
  minRate: number;
  /** The bracket is narrow enough when (lowest fail − highest pass) ÷ highest pass is at most this (0.1 = 10 %). */
  precision: number;
  /** Further runs of the answer that must all pass. */
  confirmations: number;
  /** The rate that must fail above the answer, as a multiple of it. */
  refuteFactor: number;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'startRate' | 'maxRate'> = { minRate: 1, precision: 0.1, confirmations: 2, refuteFactor: 1.3 };

/** One step's outcome as the search sees it. */
export interface SearchStep {
  rate: number;
  purpose: StepPurpose;
  passed: boolean;
}

/** What the caller knows of time: left in the budget, and how long one step takes (its estimate). */
export interface SearchBudget {
  remainingMs: number;
  stepMs: number;
}

/**
 * How the search ended. `confirmed`: the answer passed its confirmations and the rate above it
 * failed; `not-confirmed`: the budget (or the step limit) ran out first, the answer is the best so
 * far; `at-max-rate`: the maximum rate passed every time (the true maximum may be higher);
 * `none`: no rate down to the minimum met the SLO.
 */
export type SearchOutcome = 'confirmed' | 'not-confirmed' | 'at-max-rate' | 'none';

export interface SearchAnswer {
  outcome: SearchOutcome;
  /**
   * The highest rate that met the SLO in the run that made it the candidate and in each of its
   * confirmation runs (an earlier failure at the same rate may have been overruled by a passing
   * refutation above it: `reason` says so); null when none did.
   */
  rate: number | null;
  /** The lowest rate above it that failed; null when none did. */
  failedRate: number | null;
  /** One sentence: why the search ended here. */
  reason: string;
}

export type SearchAction = { kind: 'run'; rate: number; purpose: StepPurpose } | { kind: 'done'; answer: SearchAnswer };

type Phase = 'bracket' | 'bisect' | 'confirm' | 'refute';

/** The search's memory: what it derived from the steps so far. Plain data; change it only through `recordStep`. */
export interface SearchState {
  settings: SearchSettings;
  phase: Phase;
  /** Highest rate that passed every time it ran (below `failed`). */
  passed: number | null;
  /** Lowest rate that failed (above `passed`). */
  failed: number | null;
  /** Confirmation runs still due for `passed`. */
  confirmationsLeft: number;
  steps: SearchStep[];
  /** Set when the search has ended for a reason a step gave (no rate at the minimum, refutation failed, max rate confirmed). */
  answer: SearchAnswer | null;
}

/** Upper bound on steps whatever the budget says (a guard against a noisy system that never settles the question). */
export const MAX_STEPS = 60;

export function startSearch(settings: SearchSettings): SearchState {
  if (!(settings.startRate >= 1)) throw new RangeError(`start rate must be at least 1 msg/s, got ${settings.startRate}`);
  if (settings.maxRate !== null && settings.maxRate < settings.minRate) throw new RangeError('max rate below the min rate');
  return { settings, phase: 'bracket', passed: null, failed: null, confirmationsLeft: 0, steps: [], answer: null };
}

/** The next step to run, or the answer. */
export function nextAction(state: SearchState, budget: SearchBudget): SearchAction {
  if (state.answer !== null) return { kind: 'done', answer: state.answer };
  const { settings } = state;
  const stepsLeft = budget.stepMs > 0 ? Math.floor(budget.remainingMs / budget.stepMs) : Number.POSITIVE_INFINITY;
  if (stepsLeft < 1 || state.steps.length >= MAX_STEPS) return { kind: 'done', answer: outOfTime(state) };
  switch (state.phase) {
    case 'bracket':
    case 'bisect': {
      // Keep room for the confirmations and the refutation once there is something to confirm.
      const reserve = settings.confirmations + 1;
      if (state.passed !== null && (narrowEnough(state) || stepsLeft <= reserve)) return confirmAction(state);
      if (state.passed === null) {
        const rate = state.failed === null ? capped(settings.startRate, settings) : Math.floor(state.failed / 2);
        return { kind: 'run', rate, purpose: 'bracket' };
      }
      if (state.failed === null) return { kind: 'run', rate: capped(state.passed * 2, settings), purpose: 'bracket' };
      return { kind: 'run', rate: Math.round((state.passed + state.failed) / 2), purpose: 'bisect' };
    }
    case 'confirm':
      return confirmAction(state);
    case 'refute': {
      const passed = state.passed as number;
      return { kind: 'run', rate: refuteRate(passed, settings), purpose: 'refute' };
    }
  }
}

function confirmAction(state: SearchState): SearchAction {
  const passed = state.passed as number;
  if (state.phase !== 'confirm' && state.phase !== 'refute') {
    // Entering the confirmation: the caller records the next step, which moves the phase.
    return state.settings.confirmations > 0
      ? { kind: 'run', rate: passed, purpose: 'confirm' }
      : { kind: 'run', rate: refuteRate(passed, state.settings), purpose: 'refute' };
  }
  return { kind: 'run', rate: passed, purpose: 'confirm' };
}

/** The search after the step the last `nextAction` asked for ran with outcome `passed`. */
export function recordStep(state: SearchState, step: SearchStep): SearchState {
  const { settings } = state;
  const steps = [...state.steps, step];
  const next: SearchState = { ...state, steps };
  switch (step.purpose) {
    case 'bracket':
    case 'bisect': {
      if (step.passed) {
        next.passed = Math.max(state.passed ?? 0, step.rate);
        if (next.failed !== null && next.failed <= next.passed) next.failed = null;
        next.phase = next.failed === null ? 'bracket' : 'bisect';
        if (settings.maxRate !== null && step.rate >= settings.maxRate && next.failed === null) {
          // The cap passed: confirm it; nothing above it may be tried.
          next.phase = settings.confirmations > 0 ? 'confirm' : 'bracket';
          next.confirmationsLeft = settings.confirmations;
          if (settings.confirmations === 0) next.answer = atMaxRate(step.rate);
        }
      } else {
        next.failed = Math.min(state.failed ?? Number.POSITIVE_INFINITY, step.rate);
        if (next.passed !== null && next.passed >= next.failed) next.passed = highestCleanPass(steps, next.failed);
        next.phase = next.passed === null ? 'bracket' : 'bisect';
        // Nothing passed and the next rate down (half) would be under the minimum: no answer.
        if (next.passed === null && Math.floor(step.rate / 2) < settings.minRate) next.answer = noRate(step.rate, settings);
      }
      return next;
    }
    case 'confirm': {
      const left = state.phase === 'confirm' ? state.confirmationsLeft : settings.confirmations;
      if (!step.passed) return stepDown(next, step.rate);
      next.confirmationsLeft = left - 1;
      if (next.confirmationsLeft > 0) {
        next.phase = 'confirm';
        return next;
      }
      if (settings.maxRate !== null && step.rate >= settings.maxRate) {
        next.answer = atMaxRate(step.rate);
        return next;
      }
      next.phase = 'refute';
      return next;
    }
    case 'refute': {
      const answerRate = state.passed as number;
      if (!step.passed) {
        next.failed = Math.min(state.failed ?? Number.POSITIVE_INFINITY, step.rate);
        next.answer = {
          outcome: 'confirmed',
          rate: answerRate,
          failedRate: next.failed,
          reason: `${fmt(answerRate)} msg/s met the SLO ${passesText(steps, answerRate)} and ${fmt(step.rate)} msg/s (×${settings.refuteFactor}) did not`,
        };
        return next;
      }
      // The rate above passed: the failure below it was noise (or the system warmed up). Continue upward.
      next.passed = step.rate;
      next.failed = state.failed !== null && state.failed > step.rate ? state.failed : null;
      next.phase = next.failed === null ? 'bracket' : 'bisect';
      if (settings.maxRate !== null && step.rate >= settings.maxRate) {
        next.phase = 'confirm';
        next.confirmationsLeft = settings.confirmations;
        if (settings.confirmations === 0) next.answer = atMaxRate(step.rate);
      }
      return next;
    }
  }
}

/** A confirmation of `rate` failed: it counts as failed; the best rate below that passed every time becomes the candidate. */
function stepDown(state: SearchState, rate: number): SearchState {
  const next: SearchState = { ...state, failed: Math.min(state.failed ?? Number.POSITIVE_INFINITY, rate), confirmationsLeft: 0 };
  next.passed = highestCleanPass(state.steps, next.failed as number);
  next.phase = next.passed === null ? 'bracket' : 'bisect';
  if (next.passed === null && Math.floor(rate / 2) < state.settings.minRate) next.answer = noRate(rate, state.settings);
  return next;
}

/** The highest rate below `below` whose every run passed; null when there is none. */
function highestCleanPass(steps: readonly SearchStep[], below: number): number | null {
  const failedRates = new Set(steps.filter((step) => !step.passed).map((step) => step.rate));
  const candidates = steps.filter((step) => step.passed && step.rate < below && !failedRates.has(step.rate)).map((step) => step.rate);
  return candidates.length === 0 ? null : Math.max(...candidates);
}

function narrowEnough(state: SearchState): boolean {
  if (state.passed === null || state.failed === null) return false;
  return state.failed - state.passed <= Math.max(1, state.settings.precision * state.passed);
}

function capped(rate: number, settings: SearchSettings): number {
  const whole = Math.max(settings.minRate, Math.round(rate));
  return settings.maxRate === null ? whole : Math.min(whole, settings.maxRate);
}

function refuteRate(passed: number, settings: SearchSettings): number {
  const rate = Math.max(passed + 1, Math.round(passed * settings.refuteFactor));
  return settings.maxRate === null ? rate : Math.min(rate, settings.maxRate);
}

/** `in all of its 3 runs`, or `in its last 3 runs (4 of 5 in all)` when an earlier run at that rate failed (before a refutation showed that failure was noise). */
function passesText(steps: readonly SearchStep[], rate: number): string {
  const runs = steps.filter((step) => step.rate === rate);
  const passes = runs.filter((step) => step.passed).length;
  if (passes === runs.length) return `in all of its ${runs.length} runs`;
  let lastPasses = 0;
  for (let index = runs.length - 1; index >= 0 && runs[index]?.passed === true; index--) lastPasses++;
  return `in its last ${lastPasses} runs (${passes} of ${runs.length} in all)`;
}

function atMaxRate(rate: number): SearchAnswer {
  return { outcome: 'at-max-rate', rate, failedRate: null, reason: `the maximum rate ${fmt(rate)} msg/s met the SLO every time; the system may take more (raise --max-rate)` };
}

function noRate(rate: number, settings: SearchSettings): SearchAnswer {
  return { outcome: 'none', rate: null, failedRate: rate, reason: `no rate met the SLO: ${fmt(rate)} msg/s failed and the next one down would be under the minimum of ${fmt(settings.minRate)} msg/s` };
}

function outOfTime(state: SearchState): SearchAnswer {
  const limit = state.steps.length >= MAX_STEPS ? `the limit of ${MAX_STEPS} steps` : 'the time budget';
  if (state.passed === null) {
    return { outcome: 'none', rate: null, failedRate: state.failed, reason: `${limit} ran out before any rate met the SLO` };
  }
  return {
    outcome: 'not-confirmed',
    rate: state.passed,
    failedRate: state.failed,
    reason: `${limit} ran out: ${fmt(state.passed)} msg/s is the best rate so far, NOT confirmed (${state.phase === 'refute' ? 'the rate above it was not tried' : state.phase === 'confirm' ? 'its confirmation runs did not all run' : 'the search had not narrowed the bracket'})`,
  };
}

function fmt(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}
