import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/thresholds/metric-vocabulary.js';

const docs = readFileSync(new URL('../../docs/report-format.md', import.meta.url), 'utf8');

describe('docs/report-format.md', () => {
  it('lists every metric name of the vocabulary (error kinds as errors.<kind>)', () => {
    const perKind = METRIC_NAMES.filter((name) => name.startsWith('errors.') && name !== 'errors.total');
    expect(perKind.length).toBeGreaterThan(5);
    expect(docs).toContain('`errors.<kind>`');
    const missing = METRIC_NAMES.filter((name) => !perKind.includes(name) && !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
