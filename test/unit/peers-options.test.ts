import { describe, expect, it } from 'vitest';
import { CLIENT_NAMES } from '../../src/clients/client-registry.js';
import { KbenchError } from '../../src/errors.js';
import { parsePeersArgs } from '../../src/peers/peers-options.js';
import { scheduleRuns } from '../../src/peers/round-scheduler.js';

describe('parsePeersArgs', () => {
  it('runs every measurement with every tool, 3 rounds, by default', () => {
    const settings = parsePeersArgs([], '/r');
    expect(settings?.mode).toBe('full');
    expect(settings?.rounds).toBe(3);
    expect(settings?.measurements).toEqual(['producer-acks-1', 'producer-acks-all', 'consumer', 'e2e']);
    // Every registered client, alone (count-only) and under kbench; the Apache tool first.
    expect(settings?.tools.consumer).toEqual(['apache', ...CLIENT_NAMES.map((client) => `raw-${client}`), ...CLIENT_NAMES.map((client) => `kbench-${client}`)]);
    expect(settings?.tools.e2e).toEqual(['apache', ...CLIENT_NAMES.map((client) => `kbench-${client}`)]);
    expect(settings?.reportsDir).toBe('/r');
  });

  it('--quick measures the confluent client only', () => {
    expect(parsePeersArgs(['--quick'], '/r')?.tools.consumer).toEqual(['apache', 'raw-confluent', 'kbench-confluent']);
  });

  it('--quick sends fewer records and keeps 3 rounds', () => {
    const full = parsePeersArgs([], '/r');
    const quick = parsePeersArgs(['--quick'], '/r');
    expect(quick?.rounds).toBe(3);
    expect(quick?.producerRecords).toBeLessThan(full?.producerRecords ?? 0);
    expect(quick?.e2eRecords).toBeLessThan(full?.e2eRecords ?? 0);
  });

  it('takes --rounds, --only (producer means both acks) and --reports, with or without =', () => {
    const settings = parsePeersArgs(['--rounds=5', '--only', 'e2e,producer', '--reports', '/out'], '/r');
    expect(settings?.rounds).toBe(5);
    expect(settings?.measurements).toEqual(['producer-acks-1', 'producer-acks-all', 'e2e']);
    expect(settings?.reportsDir).toBe('/out');
  });

  it('rejects bad values with a usage error', () => {
    for (const argv of [['--rounds', '0'], ['--rounds', 'x'], ['--rounds'], ['--only', 'latency'], ['--only', ''], ['--fast']]) {
      expect(() => parsePeersArgs(argv, '/r'), argv.join(' ')).toThrow(KbenchError);
    }
  });

  it('returns undefined for --help', () => {
    expect(parsePeersArgs(['--help'], '/r')).toBeUndefined();
  });
});

describe('scheduleRuns', () => {
  it('alternates the tools within each measurement, round after round', () => {
    const runs = scheduleRuns(2, ['producer-acks-1', 'e2e'], {
      'producer-acks-1': ['apache', 'kbench-confluent', 'kbench-kafkajs'],
      'producer-acks-all': [],
      consumer: [],
      e2e: ['apache', 'kbench-confluent'],
    });
    expect(runs.map((run) => `${run.round} ${run.measurement} ${run.tool}`)).toEqual([
      '1 producer-acks-1 apache',
      '1 producer-acks-1 kbench-confluent',
      '1 producer-acks-1 kbench-kafkajs',
      '1 e2e apache',
      '1 e2e kbench-confluent',
      '2 producer-acks-1 apache',
      '2 producer-acks-1 kbench-confluent',
      '2 producer-acks-1 kbench-kafkajs',
      '2 e2e apache',
      '2 e2e kbench-confluent',
    ]);
  });
});
