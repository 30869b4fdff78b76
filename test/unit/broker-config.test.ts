import { describe, expect, it } from 'vitest';
import { bootstrapServers, defaultClusterSettings, quorumVoters, renderServerProperties } from '../../src/cluster/broker-config.js';

const ports = [
  { brokerPort: 9001, controllerPort: 9101 },
  { brokerPort: 9002, controllerPort: 9102 },
  { brokerPort: 9003, controllerPort: 9103 },
];

function parseProperties(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as [string, string];
      }),
  );
}

describe('renderServerProperties', () => {
  it('binds every listener to 127.0.0.1 with the node own ports', () => {
    const props = parseProperties(renderServerProperties({ nodeId: 2, ports, logDir: '/data/2' }));
    expect(props.get('node.id')).toBe('2');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9002');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103');
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('log.dirs')).toBe('/data/2');
  });

  it('gives three nodes RF 3 and min ISR 2, and one node RF 1 and min ISR 1', () => {
    const three = parseProperties(renderServerProperties({ nodeId: 1, ports, logDir: '/d' }));
    expect(three.get('default.replication.factor')).toBe('3');
    expect(three.get('min.insync.replicas')).toBe('2');
    expect(three.get('offsets.topic.replication.factor')).toBe('3');
    expect(three.get('transaction.state.log.min.isr')).toBe('2');
    expect(three.get('group.initial.rebalance.delay.ms')).toBe('0');
    const one = parseProperties(renderServerProperties({ nodeId: 1, ports: ports.slice(0, 1), logDir: '/d' }));
    expect(one.get('default.replication.factor')).toBe('1');
    expect(one.get('min.insync.replicas')).toBe('1');
    expect(one.get('offsets.topic.replication.factor')).toBe('1');
  });

  it('applies overrides last', () => {
    const props = parseProperties(renderServerProperties({ nodeId: 1, ports, logDir: '/d', overrides: { 'min.insync.replicas': 1, 'num.io.threads': 4 } }));
    expect(props.get('min.insync.replicas')).toBe('1');
    expect(props.get('num.io.threads')).toBe('4');
  });

  it('rejects a node id without ports', () => {
    expect(() => renderServerProperties({ nodeId: 4, ports, logDir: '/d' })).toThrow(/node 4 has no ports/);
  });
});

describe('cluster addresses', () => {
  it('lists bootstrap servers and voters in node order', () => {
    expect(bootstrapServers(ports)).toBe('127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003');
    expect(quorumVoters(ports.slice(0, 1))).toBe('1@127.0.0.1:9101');
    expect(defaultClusterSettings(1)['share.coordinator.state.topic.replication.factor']).toBe(1);
  });
});
