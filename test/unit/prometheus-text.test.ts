import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatSampleValue, PROMETHEUS_CONTENT_TYPE, renderPrometheusText } from '../../src/report/prometheus-text.js';

describe('renderPrometheusText', () => {
  it('writes HELP and TYPE before each family, then its samples, one per line', () => {
    const text = renderPrometheusText([
      { name: 'kbench_messages_sent_total', type: 'counter', help: 'messages sent', samples: [{ labels: { run_id: 'a1', shard: '0/1' }, value: 42 }] },
      { name: 'kbench_e2e_latency_seconds', type: 'summary', help: 'e2e', samples: [{ labels: { quantile: '0.99' }, value: 0.0123 }, { labels: { quantile: '1' }, value: 0.5 }] },
      { name: 'kbench_up', type: 'gauge', help: 'no labels', samples: [{ labels: {}, value: 1 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP kbench_messages_sent_total messages sent',
        '# TYPE kbench_messages_sent_total counter',
        'kbench_messages_sent_total{run_id="a1",shard="0/1"} 42',
        '# HELP kbench_e2e_latency_seconds e2e',
        '# TYPE kbench_e2e_latency_seconds summary',
        'kbench_e2e_latency_seconds{quantile="0.99"} 0.0123',
        'kbench_e2e_latency_seconds{quantile="1"} 0.5',
        '# HELP kbench_up no labels',
        '# TYPE kbench_up gauge',
        'kbench_up 1',
        '',
      ].join('\n'),
    );
  });

  it('announces a family without samples, and renders nothing for no family', () => {
    expect(renderPrometheusText([{ name: 'kbench_threshold_passed', type: 'gauge', help: 'h', samples: [] }])).toBe('# HELP kbench_threshold_passed h\n# TYPE kbench_threshold_passed gauge\n');
    expect(renderPrometheusText([])).toBe('');
  });

  it('escapes label values (backslash, double quote, line feed) and help texts (backslash, line feed)', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('C:\\tmp "quoted"\nnext')).toBe('C:\\\\tmp "quoted"\\nnext');
    const text = renderPrometheusText([{ name: 'm', type: 'gauge', help: 'line one\nline two', samples: [{ labels: { scenario: 'say "hi"\\now\n' }, value: 1 }] }]);
    expect(text).toBe('# HELP m line one\\nline two\n# TYPE m gauge\nm{scenario="say \\"hi\\"\\\\now\\n"} 1\n');
    // Every line of the output is one line: nothing a label value holds can break it.
    expect(text.split('\n')).toHaveLength(4);
  });

  it('keeps UTF-8 as it is', () => {
    expect(renderPrometheusText([{ name: 'm', type: 'gauge', help: 'send → ack', samples: [{ labels: { group: 'compras-ñ' }, value: 1 }] }])).toContain('m{group="compras-ñ"} 1');
  });

  it('writes values as Prometheus reads them', () => {
    expect(formatSampleValue(0)).toBe('0');
    expect(formatSampleValue(-0)).toBe('0');
    expect(formatSampleValue(1234567)).toBe('1234567');
    expect(formatSampleValue(0.000123)).toBe('0.000123');
    expect(formatSampleValue(1e21)).toBe('1e+21');
    expect(formatSampleValue(Number.NaN)).toBe('NaN');
    expect(formatSampleValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatSampleValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
  });

  it('refuses invalid metric and label names, reserved label names and a family listed twice', () => {
    expect(() => renderPrometheusText([{ name: 'kbench-sent', type: 'counter', help: '', samples: [] }])).toThrow(/metric name/);
    expect(() => renderPrometheusText([{ name: '1abc', type: 'counter', help: '', samples: [] }])).toThrow(/metric name/);
    expect(() => renderPrometheusText([{ name: 'm', type: 'gauge', help: '', samples: [{ labels: { 'run-id': 'x' }, value: 1 }] }])).toThrow(/label name/);
    expect(() => renderPrometheusText([{ name: 'm', type: 'gauge', help: '', samples: [{ labels: { __name__: 'x' }, value: 1 }] }])).toThrow(/label name/);
    const family = { name: 'm', type: 'gauge' as const, help: '', samples: [] };
    expect(() => renderPrometheusText([family, family])).toThrow(/twice/);
  });

  it('says which format it is', () => {
    expect(PROMETHEUS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
