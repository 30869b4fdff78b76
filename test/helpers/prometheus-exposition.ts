/**
 * A strict reader of the Prometheus text format (0.0.4) for tests, written from the format's
 * description: every line must be `# HELP`, `# TYPE` or a sample of a family whose TYPE came
 * first; label values are unescaped. Throws naming the line on anything else.
 */

export interface ParsedSample {
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  help: string;
  type: string;
  samples: ParsedSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/y;

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition does not end with a line feed');
  const families = new Map<string, ParsedFamily>();
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1}: ${line}`;
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (help) {
      const [, name = '', helpText = ''] = help;
      if (families.has(name)) throw new Error(`${where}: second HELP for ${name}`);
      families.set(name, { help: helpText.replace(/\\n/g, '\n').replace(/\\\\/g, '\\'), type: '', samples: [] });
      continue;
    }
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      const family = families.get(type[1] ?? '');
      if (!family || family.type !== '') throw new Error(`${where}: TYPE without its HELP, or twice`);
      family.type = type[2] ?? '';
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`${where}: not a sample`);
    const [, name = '', labelText = '', valueText = ''] = sample;
    const family = families.get(name);
    if (!family || family.type === '') throw new Error(`${where}: sample before its family's TYPE`);
    family.samples.push({ labels: parseLabels(labelText, where), value: parseValue(valueText, where) });
  }
  return families;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`${where}: bad labels`);
    const [, name = '', raw = ''] = match;
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    labels[name] = raw.replace(/\\(\\|"|n)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string, where: string): number {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) throw new Error(`${where}: bad value`);
  return Number(text);
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = (families.get(name)?.samples ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matches.length > 1) throw new Error(`${name}${JSON.stringify(labels)} matches ${matches.length} samples`);
  return matches[0]?.value;
}
