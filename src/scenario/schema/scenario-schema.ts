/**
 * The scenario: one declarative schema per section, from which the TypeScript types
 * (`scenario-types.ts`), the field-by-field validation with its messages and the defaults come.
 * Rules spanning sections live in `../rules/`, each a named function.
 */
import type { z } from 'zod';
import { CLIENT_NAMES, DEFAULT_CLIENT } from '../../clients/client-registry.js';
import { findMetric } from '../../thresholds/metric-vocabulary.js';
import { expectedConditionText, metricNameProblem, parseCondition } from '../../thresholds/parse-threshold.js';
import { parseDuration } from '../../util/durations.js';
import { clusterSchema } from './cluster-schema.js';
import { consumerGroupSchema } from './consumer-schema.js';
import { faultSchema } from './fault-schema.js';
import { ksqlSchema } from './ksql-schema.js';
import { CLUSTER_WARMUP_MODES, MAX_CLUSTER_WARMUP_MS, MAX_WORKERS, MIN_CLUSTER_WARMUP_MS } from './limits.js';
import { producerGroupSchema } from './producer-schema.js';
import { checked, duration, inspected, integer, isPlainObject, list, nameCheck, oneOf, section, show, stringCheck, type FieldProblem } from '../../util/schema-kit.js';
import { topicSchema } from './topic-schema.js';

/** Bound on the cluster warm-up when the scenario gives none (measured on a 2-core machine: three fresh brokers' JIT compilers stay busy for 100–150 s whatever the load). */
export const DEFAULT_CLUSTER_WARMUP_MAX = '300s';
export const DEFAULT_DRAIN = '30s';

/** See `ScenarioInput.clusterWarmup`. */
const clusterWarmupSchema = section(
  {
    /** @default 'auto' (or `--cluster-warmup`, `KBENCH_CLUSTER_WARMUP`) */
    mode: oneOf(CLUSTER_WARMUP_MODES).optional(),
    /** Bound on the warm-up load, 10s to 30m. @default '300s' */
    maxDuration: checked<string>((x) => {
      const ms = typeof x === 'string' ? parseDuration(x) : undefined;
      if (ms === undefined) return `expected a duration such as "90s" or "3m", got ${show(x)}`;
      if (ms < MIN_CLUSTER_WARMUP_MS || ms > MAX_CLUSTER_WARMUP_MS) return `expected a duration from 10s to 30m, got ${show(x)}`;
      return undefined;
    }).default(DEFAULT_CLUSTER_WARMUP_MAX),
  },
  "an object such as { mode: 'off' } or { maxDuration: '90s' }",
);

/** Known metric names (with a "did you mean"), each with a condition such as "< 50ms". */
const thresholdsSchema = inspected<Record<string, string>>((value) => {
  if (!isPlainObject(value)) return [{ path: [], message: `expected an object of metric → condition such as { "e2e.p99": "< 50ms", "counts.failed": "== 0" }, got ${show(value)}` }];
  const problems: FieldProblem[] = [];
  for (const [name, condition] of Object.entries(value)) {
    const nameProblem = metricNameProblem(name);
    const metric = findMetric(name);
    if (nameProblem !== undefined || metric === undefined) {
      problems.push({ path: [name], message: nameProblem ?? `unknown metric ${show(name)}` });
    } else if (typeof condition !== 'string') {
      problems.push({ path: [name], message: `expected ${expectedConditionText(metric, false)}, got ${show(condition)}` });
    } else {
      const parsed = parseCondition(condition, metric, false);
      if (!parsed.ok) problems.push({ path: [name], message: parsed.problem });
    }
  }
  return problems;
});

export const scenarioSchema = section(
  {
    /** Name in reports and report file names: letters, digits, `-`, `_`, `.`. */
    name: checked<string>(nameCheck('scenario name')),
    description: checked<string>(stringCheck).optional(),
    /** Kafka client library. @default 'confluent' */
    client: oneOf(CLIENT_NAMES).default(DEFAULT_CLIENT),
    /** Where Kafka is. @default an embedded cluster of 3 nodes */
    cluster: clusterSchema.prefault({}),
    topic: topicSchema.prefault({}),
    /** How long producers send, after the warm-up (longer than 0). */
    duration: duration(true),
    /** Load before measuring: statistics are reset when it ends. @default '0s' */
    warmup: duration(false).default('0s'),
    /** Bound on the time consumers get to catch up once producers stop. @default '30s' */
    drain: duration(false).default(DEFAULT_DRAIN),
    /**
     * The cluster warm-up before the run: on a cluster kbench has just started (run-scoped, or a
     * `kbench cluster start` cluster no warm-up has used yet) an unmeasured load runs on a topic of
     * its own until the brokers' figures are stable (their JIT compilers have done their work), at
     * most `maxDuration`; then the scenario's topic is created and its own `warmup` and measured
     * phase follow. `mode: 'auto'` does that; `'always'` warms any cluster, an external one or one
     * already warm included (on an external cluster it creates and deletes its own topic); `'off'` never.
     * The report's `clusterWarmup` says what ran and whether the cluster settled.
     * @default { mode: 'auto', maxDuration: '300s' } (mode from `--cluster-warmup` or `KBENCH_CLUSTER_WARMUP` when set)
     */
    clusterWarmup: clusterWarmupSchema.prefault({}),
    /**
     * Load workers (1 to 64) the producers are spread on (never more than producer instances).
     * Every consumer member gets a worker of its own besides: a producer and a consumer never
     * share one, and a member can crash alone.
     * @default the machine's cores (`availableParallelism()`), at most the producer instances
     */
    workers: integer(1, MAX_WORKERS).optional(),
    /**
     * At least one group, or `[]` for a consumer-only run that reads a topic already holding records
     * (it needs consumer groups and `topic.recreate: false`). A run has at most 256 producer
     * instances and consumer members together.
     */
    producers: list(producerGroupSchema, 'an array of producer groups'),
    /** `[]` for none. @default one group with one member */
    consumers: list(consumerGroupSchema, 'an array of consumer groups (possibly empty)').prefault([{}]),
    /**
     * Kafka SQL (ksqlDB) as an external stage: kbench submits the query's statements to the
     * ksqlDB server given with `--ksql-url` (required by `kbench run` when this is set), consumer
     * groups read its output with `topic: <ksql.output.name>`, and what kbench created there is
     * dropped at the end. Its output records are windows, not messages: their readers are measured
     * (throughput, lag, consumption) but get no per-message latency or delivery check. See `ksqlSchema`.
     * @default none
     */
    ksql: ksqlSchema.optional(),
    /** Broker faults during the run (the embedded cluster only: not external brokers, not containers), in time order. */
    faults: list(faultSchema, 'an array of faults such as { at: "20s", action: "kill", node: "leader", duration: "10s" }').default([]),
    /**
     * Pass/fail criteria checked after the run, by metric name, e.g.
     * `{ 'e2e.p99': '< 50ms', 'counts.failed': '== 0', 'throughput.mean': '> 20000/s', 'produce.p999': '<= 200ms' }`.
     * A condition is an operator (`<`, `<=`, `>`, `>=`, `==`, `!=`) and a bound in the metric's unit:
     * a duration (`800us`, `50ms`, `1.5s`) for latencies and pauses, a rate (`20000/s`) for throughput,
     * a plain number for counts. The results are in the report and listed after the summary; when
     * one fails, `kbench run` exits with code 99 (the report is still written). A metric without a
     * value (e.g. e2e latency of a run without consumers) fails. Metric names: docs/report-format.md.
     * @default no thresholds
     */
    thresholds: thresholdsSchema.default({}),
  },
  'a scenario object',
);

/** A scenario as written in its file. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario once parsed: every default of the schema filled in. */
export type ParsedScenario = z.output<typeof scenarioSchema>;
