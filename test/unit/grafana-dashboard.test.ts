/**
 * docs/grafana-dashboard.json against the exporter: valid JSON, a Prometheus datasource variable
 * every panel and query uses, and only metric names and label names `--prometheus` serves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldSecond, LIVE_METRIC_NAMES, liveMetricFamilies, startingFigures, UNSHARDED } from '../../src/report/live-metrics.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: { type?: string; uid?: string };
}
interface Dashboard {
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).filter((panel) => panel.targets !== undefined);
const variableQueries = dashboard.templating.list.flatMap((variable) => (variable.type === 'query' ? [typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '')] : []));
const queries = [...panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')), ...variableQueries];

/** Every label name a run's series carry (the figures of a run with a consumer group, rebalances and thresholds). */
function servedLabelNames(): Set<string> {
  const report = sampleRebalanceReport();
  let figures = startingFigures({ runId: 'r', scenario: 's', shard: UNSHARDED });
  for (const entry of report.timeline) figures = foldSecond(figures, entry, { elapsedSeconds: entry.second + 1, totalSeconds: 70, rebalances: report.rebalances, rebalancing: [] });
  figures = { ...figures, thresholds: report.thresholds ?? [] };
  return new Set(liveMetricFamilies(figures).flatMap((family) => family.samples.flatMap((sample) => Object.keys(sample.labels))));
}

describe('docs/grafana-dashboard.json', () => {
  it('has a Prometheus datasource variable that every panel and query uses', () => {
    const datasource = dashboard.templating.list.find((variable) => variable.type === 'datasource');
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus' });
    expect(panels.length).toBeGreaterThanOrEqual(8);
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const target of panel.targets ?? []) expect(target.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) expect(variable.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  it('queries only metric names the exporter serves', () => {
    const used = new Set(queries.flatMap((query) => query.match(/\bkbench_[a-z0-9_]+\b/g) ?? []));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !LIVE_METRIC_NAMES.includes(name))).toEqual([]);
  });

  it('shows rates, latencies, lag, members, rebalances, errors, the phase and the thresholds', () => {
    const text = queries.join('\n');
    for (const name of [
      'kbench_messages_acked_total',
      'kbench_messages_consumed_per_second',
      'kbench_produce_latency_seconds',
      'kbench_e2e_latency_seconds',
      'kbench_consumer_lag_messages',
      'kbench_consumer_group_members',
      'kbench_rebalances_total',
      'kbench_errors_total',
      'kbench_run_phase',
      'kbench_threshold_passed',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('selects and groups by label names the series carry', () => {
    const served = servedLabelNames();
    const used = new Set<string>();
    for (const query of queries) {
      for (const [, selector = ''] of query.matchAll(/\{([^{}]*)\}/g)) for (const [, label = ''] of selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) used.add(label);
      for (const [, list = ''] of query.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) for (const label of list.split(',')) used.add(label.trim());
      for (const [, label = ''] of query.matchAll(/label_values\([^,]*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)/g)) used.add(label);
    }
    expect(used).toContain('run_id');
    expect([...used].filter((label) => !served.has(label))).toEqual([]);
  });
});
