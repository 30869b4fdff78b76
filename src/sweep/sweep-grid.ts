/**
 * The variants of a sweep: the cartesian product of its axes (the first axis varies slowest),
 * each one the scenario with the axes' fields set, validated like a scenario file before anything
 * runs. Pure.
 */
import { KbenchError } from '../errors.js';
import type { ScenarioInput } from '../scenario/scenario-types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import { closestName } from '../util/edit-distance.js';
import { formatPath, formatValue, type PathSegment, type SweepAxis, type SweepValue } from './sweep-axis.js';

export interface SweepVariant {
  /** 0-based, in grid order. */
  index: number;
  /** Per axis, the index of its value in `axis.values`. */
  coordinates: number[];
  /** Per axis, its value. */
  values: SweepValue[];
  /** e.g. `acks=all lingerMs=5`. */
  label: string;
}

/** Most variants one sweep may have. */
export const MAX_VARIANTS = 64;

/** Every combination of the axes' values, the first axis varying slowest. */
export function sweepGrid(axes: readonly SweepAxis[]): SweepVariant[] {
  const names = axisNames(axes);
  let combinations: number[][] = [[]];
  for (const axis of axes) combinations = combinations.flatMap((prefix) => axis.values.map((_, index) => [...prefix, index]));
  return combinations.map((coordinates, index) => {
    const values = coordinates.map((valueIndex, axisIndex) => axes[axisIndex]?.values[valueIndex] as SweepValue);
    return { index, coordinates, values, label: values.map((value, axisIndex) => `${names[axisIndex]}=${formatValue(value)}`).join(' ') };
  });
}

/**
 * Short names of the axes for labels: the last field name (`lingerMs`, `linger.ms`), or the whole
 * path when two axes end in the same name.
 */
export function axisNames(axes: readonly SweepAxis[]): string[] {
  const short = axes.map((axis) => {
    const last = [...axis.segments].reverse().find((segment): segment is { key: string } => 'key' in segment);
    return last?.key ?? axis.path;
  });
  return short.map((name, index) => (short.filter((other) => other === name).length > 1 ? (axes[index]?.path ?? name) : name));
}

/**
 * The scenario with `value` at `segments` (a copy; the input is left alone). A missing object on
 * the way is created (`clientConfig`), a missing array element is not: that is an error naming the
 * path, with a did-you-mean for a misspelt field when one is close.
 */
export function setAtPath(scenario: ScenarioInput, segments: readonly PathSegment[], value: SweepValue): ScenarioInput {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  // A scenario without `consumers` has one default group: `consumers[0].members` addresses it.
  if (copy.consumers === undefined && segments[0] !== undefined && 'key' in segments[0] && segments[0].key === 'consumers') copy.consumers = [{}];
  let container: unknown = copy;
  segments.forEach((segment, position) => {
    const last = position === segments.length - 1;
    const here = formatPath(segments.slice(0, position + 1));
    const parent = formatPath(segments.slice(0, position)) || 'the scenario';
    if ('index' in segment) {
      if (!Array.isArray(container)) throw pathError(segments, `${parent} is not a list, so ${here} does not exist`);
      if (segment.index >= container.length) {
        throw pathError(segments, `${here} does not exist: ${parent} has ${container.length} ${container.length === 1 ? 'entry' : 'entries'} (indices from 0)`);
      }
      if (last) container[segment.index] = value;
      else container = container[segment.index];
      return;
    }
    if (typeof container !== 'object' || container === null || Array.isArray(container)) {
      throw pathError(segments, `${parent} is ${Array.isArray(container) ? 'a list (use [<index>])' : `not an object`}, so ${here} does not exist`);
    }
    const object = container as Record<string, unknown>;
    if (last) {
      object[segment.key] = value;
      return;
    }
    const next = segments[position + 1];
    if (object[segment.key] === undefined) {
      if (next !== undefined && 'index' in next) {
        const suggestion = closestName(segment.key, Object.keys(object).filter((key) => Array.isArray(object[key])));
        throw pathError(segments, `${here} is not in the scenario${suggestion ? ` (did you mean ${formatPath([...segments.slice(0, position), { key: suggestion }])}?)` : ''}`);
      }
      object[segment.key] = {};
    }
    container = object[segment.key];
  });
  return copy as unknown as ScenarioInput;
}

function pathError(segments: readonly PathSegment[], message: string): KbenchError {
  return new KbenchError('usage', `--vary ${formatPath(segments)}: ${message}`);
}

export interface VariantScenario {
  variant: SweepVariant;
  scenario: ScenarioInput;
}

/**
 * Every variant's scenario, each validated with `validateScenario`. Throws one usage error listing
 * every problem (each naming its variant and field) when a path or a value does not fit.
 */
export function variantScenarios(scenario: ScenarioInput, axes: readonly SweepAxis[]): VariantScenario[] {
  for (const axis of axes) {
    const first = axis.segments[0];
    if (first !== undefined && 'key' in first && first.key === 'cluster') {
      throw new KbenchError('usage', `--vary ${axis.path}: a sweep runs every variant on one cluster, acquired once, so the cluster section cannot vary`, {
        hint: 'sweep broker settings by running a sweep per cluster setting, or vary topic and client fields',
      });
    }
  }
  const variants = sweepGrid(axes);
  if (variants.length > MAX_VARIANTS) {
    throw new KbenchError('usage', `the --vary grid has ${variants.length} variants, more than ${MAX_VARIANTS}`, { hint: 'vary fewer fields or fewer values per sweep' });
  }
  const details: string[] = [];
  const badVariants = new Set<number>();
  const results = variants.map((variant) => {
    let varied = scenario;
    axes.forEach((axis, axisIndex) => {
      varied = setAtPath(varied, axis.segments, variant.values[axisIndex] as SweepValue);
    });
    for (const issue of validateScenario(varied)) {
      details.push(`variant ${variant.index + 1} (${variant.label}): ${issue.path || 'scenario'}: ${issue.message}`);
      badVariants.add(variant.index);
    }
    return { variant, scenario: varied };
  });
  if (details.length > 0) {
    throw new KbenchError('usage', `${badVariants.size} of ${variants.length} sweep variants are not valid scenarios`, {
      details,
      hint: 'fix the --vary values (or paths) named above; `kbench validate` shows what each field accepts',
    });
  }
  return results;
}
