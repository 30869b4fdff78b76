/**
 * What the cross-section rules see: each top-level section that passed its own schema, parsed
 * (defaults filled in), and the run's times when they are known. A rule reads only sections that
 * are valid, so each mistake is reported once. Pure.
 */
import { parseDuration } from '../../util/durations.js';
import type { ParsedScenario } from '../schema/scenario-schema.js';
import type { ValidationIssue } from '../../util/schema-kit.js';

export interface RuleContext {
  /** The sections that passed their schema. */
  sections: Partial<ParsedScenario>;
  /** The scenario as written (for rules about what the file says, not what the defaults make it). */
  raw: Record<string, unknown>;
  /** Warm-up plus duration, when both are valid. */
  runMs: number | undefined;
  warmupMs: number | undefined;
  /** The embedded or container cluster's node count; undefined for an external or invalid cluster. */
  nodes: number | undefined;
  clusterKind: 'embedded' | 'testcontainers' | 'external' | undefined;
}

export type Rule = (context: RuleContext) => ValidationIssue[];

export function ruleContext(sections: Partial<ParsedScenario>, raw: Record<string, unknown>): RuleContext {
  const warmupMs = sections.warmup === undefined ? undefined : parseDuration(sections.warmup);
  const durationMs = sections.duration === undefined ? undefined : parseDuration(sections.duration);
  const cluster = sections.cluster;
  const clusterKind = cluster === undefined ? undefined : 'brokers' in cluster ? 'external' : cluster.provider === 'testcontainers' ? 'testcontainers' : 'embedded';
  return {
    sections,
    raw,
    warmupMs,
    runMs: warmupMs === undefined || durationMs === undefined ? undefined : warmupMs + durationMs,
    nodes: cluster !== undefined && 'nodes' in cluster ? cluster.nodes : undefined,
    clusterKind,
  };
}

/** `base.key`, `base[3]` or `base["linger.ms"]`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/**
 * One issue for each entry of `section` whose name was already used by an earlier entry: `names[i]`
 * is entry i's name (given or default; undefined when it cannot be known), reported at `<section>[i].<field>`.
 */
export function duplicateNameIssues(section: string, field: string, what: string, names: ReadonlyArray<string | undefined>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === undefined) return;
    const first = seen.get(name);
    if (first !== undefined) issues.push({ path: at(at(section, i), field), message: `${what} "${name}" is already used by ${section}[${first}]` });
    else seen.set(name, i);
  });
  return issues;
}
