import { describe, expect, it } from 'vitest';
import { bootstrapServers, defaultClusterSettings, quorumVoters, renderServerProperties, secureBootstrapServers, secureListenerSettings } from '../../src/cluster/broker-config.js';

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

describe('the SASL_SSL listener of a secured cluster', () => {
  const securePorts = ports.map((p, i) => ({ ...p, securePort: 9201 + i }));
  const secure = { keystoreFile: '/k/broker.p12', keystoreType: 'PKCS12', keystorePassword: 'store-pw', username: 'kbench', password: 'user-pw' };

  it('adds SECURE on the node own secure port, advertised as 127.0.0.1, and keeps PLAINTEXT for inter-broker traffic', () => {
    const props = parseProperties(renderServerProperties({ nodeId: 2, ports: securePorts, logDir: '/d', secure }));
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102,SECURE://127.0.0.1:9202');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9002,SECURE://127.0.0.1:9202');
    expect(props.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL');
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(secureBootstrapServers(securePorts)).toBe('127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203');
  });

  it('reads TLS from the keystore and enables SCRAM-SHA-256, SCRAM-SHA-512, PLAIN and OAUTHBEARER with a JAAS config each', () => {
    const props = parseProperties(renderServerProperties({ nodeId: 1, ports: securePorts, logDir: '/d', secure }));
    expect(props.get('listener.name.secure.ssl.keystore.location')).toBe('/k/broker.p12');
    expect(props.get('listener.name.secure.ssl.keystore.type')).toBe('PKCS12');
    expect(props.get('listener.name.secure.ssl.keystore.password')).toBe('store-pw');
    expect(props.get('listener.name.secure.ssl.key.password')).toBe('store-pw');
    expect(props.get('listener.name.secure.ssl.client.auth')).toBe('none');
    expect(props.get('listener.name.secure.sasl.enabled.mechanisms')).toBe('SCRAM-SHA-256,SCRAM-SHA-512,PLAIN,OAUTHBEARER');
    expect(props.get('listener.name.secure.scram-sha-256.sasl.jaas.config')).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(props.get('listener.name.secure.scram-sha-512.sasl.jaas.config')).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(props.get('listener.name.secure.plain.sasl.jaas.config')).toBe('org.apache.kafka.common.security.plain.PlainLoginModule required user_kbench="user-pw";');
    expect(props.get('listener.name.secure.oauthbearer.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="kbench";',
    );
    expect(secureListenerSettings(secure)).toHaveProperty(['listener.name.secure.sasl.enabled.mechanisms']);
  });

  it('adds nothing secure without the secure input', () => {
    const text = renderServerProperties({ nodeId: 1, ports: securePorts, logDir: '/d' });
    expect(text).not.toMatch(/SECURE|SASL|ssl\./);
  });

  it('rejects a node without a secure port, and values that would break the JAAS syntax', () => {
    expect(() => renderServerProperties({ nodeId: 1, ports, logDir: '/d', secure })).toThrow(/node 1 has no secure port/);
    expect(() => secureListenerSettings({ ...secure, password: 'a"b' })).toThrow(/JAAS/);
    expect(() => secureListenerSettings({ ...secure, username: 'a b' })).toThrow(/user name/);
    expect(() => secureBootstrapServers(ports)).toThrow(/no secure port/);
  });
});
