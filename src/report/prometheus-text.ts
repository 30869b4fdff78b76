/**
 * The Prometheus text exposition format, version 0.0.4: metric families → text. Per family a
 * `# HELP` and a `# TYPE` line, then one line per sample, `name{label="value",…} value`. Help
 * texts escape backslashes and line feeds; label values also double quotes. Values are Go-style
 * floats (`NaN`, `+Inf`, `-Inf`). No timestamps: a scrape takes the figures as of its time. Pure.
 */

/** What an HTTP response carrying this text says it is. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The types kbench serves: counters only go up (their names end in `_total`), gauges go either
 * way, summaries are quantiles (label `quantile`) over a recent window — kbench's without the
 * optional `_sum` and `_count` series.
 */
export type PrometheusType = 'counter' | 'gauge' | 'summary';

export interface PrometheusSample {
  /** Label name → value, in the order they are written. */
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: PrometheusType;
  help: string;
  /** May be empty: the family is then announced (HELP, TYPE) without samples. */
  samples: readonly PrometheusSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names starting with `__` are reserved for Prometheus itself. */
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The families as one exposition; throws on an invalid metric or label name (a programming error). */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid Prometheus metric name "${family.name}"`);
    if (seen.has(family.name)) throw new Error(`Prometheus metric ${family.name} is listed twice`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${family.name}${renderLabels(sample.labels)} ${formatSampleValue(sample.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `{a="1",b="2"}`, or nothing without labels. */
function renderLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => {
    if (!LABEL_NAME.test(name)) throw new Error(`invalid Prometheus label name "${name}"`);
    return `${name}="${escapeLabelValue(value)}"`;
  });
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** A help text on one line: `\` → `\\`, line feed → `\n`. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A label value inside double quotes: `\` → `\\`, `"` → `\"`, line feed → `\n`. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus parses it: JavaScript's shortest round-trip form, `NaN`, `+Inf`, `-Inf`. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
