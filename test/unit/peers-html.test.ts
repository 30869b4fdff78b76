import { describe, expect, it } from 'vitest';
import { parsePeersArgs } from '../../src/peers/peers-options.js';
import { PEERS_RESULT_KIND, methodNotes, type PeersResult } from '../../src/peers/peers-result.js';
import { summarizeSamples } from '../../src/peers/peers-summary.js';
import type { PeerSample } from '../../src/peers/peer-types.js';
import { escapeHtml, renderPeersHtml } from '../../src/peers/render-peers-html.js';
import { renderPeersJson } from '../../src/peers/render-peers-json.js';

const settings = parsePeersArgs(['--quick', '--only', 'producer'], '/tmp/reports');
if (!settings) throw new Error('settings expected');
const samples: PeerSample[] = [
  { round: 1, measurement: 'producer-acks-1', tool: 'apache', values: { 'producer-acks-1': 20_000 }, records: 60_000, errors: 0, wallMs: 4_000, note: '60000 records in 3.00 s' },
  { round: 1, measurement: 'producer-acks-1', tool: 'kbench-confluent', values: {}, records: 0, errors: 0, wallMs: 0, failure: 'worker <crashed> & "gone"' },
];
const result: PeersResult = {
  kind: PEERS_RESULT_KIND,
  schemaVersion: 1,
  status: 'completed',
  startedAt: '2026-11-21T10:00:00.000Z',
  endedAt: '2026-11-21T10:02:00.000Z',
  settings,
  environment: {
    cpuModel: 'AMD EPYC',
    cpuCores: 2,
    totalMemoryBytes: 24 * 2 ** 30,
    platform: 'linux',
    osRelease: '6.1',
    nodeVersion: 'v20.20.2',
    javaVersion: 'openjdk version "17.0.15"',
    kafkaVersion: '4.2.0',
    clientVersions: { librdkafka: '2.12.0' },
  },
  lines: summarizeSamples(samples, { 'producer-acks-1': ['apache', 'kbench-confluent', 'kbench-kafkajs'] }),
  samples,
  notes: methodNotes(settings),
};

describe('renderPeersHtml', () => {
  const html = renderPeersHtml(result);

  it('is one self-contained page: no script, no stylesheet link, no remote resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
  });

  it('holds the table of medians and every run', () => {
    expect(html).toContain('<td>producer, acks=1 (ProducerPerformance)</td>');
    expect(html).toContain('<td class="n">20,000</td>');
    expect(html).toContain('60000 records in 3.00 s');
  });

  it('escapes text from the runs', () => {
    expect(html).toContain('failed: worker &lt;crashed&gt; &amp; &quot;gone&quot;');
    expect(html).not.toContain('<crashed>');
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it('names the machine and the versions', () => {
    expect(html).toContain('AMD EPYC, 2 cores, 24 GiB');
    expect(html).toContain('librdkafka 2.12.0');
  });
});

describe('renderPeersJson', () => {
  it('round-trips the result', () => {
    const json = renderPeersJson(result);
    expect(json.endsWith('\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(result);
  });
});
