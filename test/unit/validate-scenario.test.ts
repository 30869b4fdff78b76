import { describe, expect, it } from 'vitest';
import { levenshtein, validateScenario, type ValidationIssue } from '../../src/scenario/validate-scenario.js';

/** Loosely typed so each mutation can reach into any field. */
type Json = Record<string, any>;

/** A valid scenario touching most fields; each case below breaks one thing in a fresh copy. */
function base(): Json {
  return {
    name: 'base-scenario',
    description: 'a valid scenario',
    client: 'confluent',
    cluster: { nodes: 3, brokerConfig: { 'num.io.threads': 8 } },
    topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2, configs: { 'retention.ms': '600000' }, recreate: true },
    duration: '30s',
    warmup: '5s',
    drain: '10s',
    clusterWarmup: { mode: 'auto', maxDuration: '90s' },
    workers: 2,
    producers: [
      {
        name: 'steady',
        count: 2,
        load: { type: 'constant', ratePerSec: 1000 },
        acks: 'all',
        idempotent: true,
        compression: 'lz4',
        lingerMs: 5,
        batchSizeBytes: 16384,
        keys: { strategy: 'hot', count: 100, hotKeys: 10, hotShare: 0.9 },
        message: { sizeBytes: 512, seed: 7 },
        clientConfig: { 'queue.buffering.max.messages': 100000 },
      },
      { load: { type: 'ramping', startRatePerSec: 0, stages: [{ duration: '10s', targetRatePerSec: 500 }] }, keys: { strategy: 'zipf', count: 50 } },
    ],
    consumers: [{ groupId: 'g1', members: 2, startFrom: 'earliest', processingTimeMs: 0 }, { members: 1 }],
    thresholds: { 'e2e.p99': '< 50ms', 'counts.failed': '== 0', 'throughput.mean': '> 1500/s', 'produce.p999': '<= 0.2s' },
  };
}

interface Case {
  name: string;
  mutate: (s: Json) => void;
  /** Validate this instead of the mutated base. */
  input?: unknown;
  path: string;
  message: string;
}

const cases: Case[] = [
  // Top level
  { name: 'scenario is not an object', mutate: () => undefined, input: 42, path: '', message: 'expected a scenario object, got 42' },
  { name: 'missing name', mutate: (s) => delete s.name, path: 'name', message: 'required' },
  { name: 'empty name', mutate: (s) => (s.name = ''), path: 'name', message: 'expected a non-empty scenario name, got ""' },
  { name: 'name with a space', mutate: (s) => (s.name = 'my scenario'), path: 'name', message: 'letters, digits' },
  { name: 'name of the wrong type', mutate: (s) => (s.name = 42), path: 'name', message: 'got 42' },
  { name: 'description not a string', mutate: (s) => (s.description = ['a']), path: 'description', message: 'expected a string, got ["a"]' },
  { name: 'unknown client', mutate: (s) => (s.client = 'rdkafka'), path: 'client', message: 'expected "confluent", "kafkajs" or "platformatic", got "rdkafka"' },
  { name: 'client typo', mutate: (s) => (s.client = 'kafkjs'), path: 'client', message: '(did you mean "kafkajs"?)' },
  { name: 'unknown top-level key with a suggestion', mutate: (s) => (s.duraton = '1m'), path: 'duraton', message: 'unknown key "duraton" (did you mean "duration"?)' },
  { name: 'unknown top-level key without a suggestion', mutate: (s) => (s.plugins = {}), path: 'plugins', message: 'unknown key "plugins" (accepted keys: name, description' },
  // Thresholds
  { name: 'thresholds not an object', mutate: (s) => (s.thresholds = ['e2e.p99 < 50ms']), path: 'thresholds', message: 'expected an object of metric → condition' },
  { name: 'threshold on an unknown metric', mutate: (s) => (s.thresholds['e2e.p99x'] = '< 50ms'), path: 'thresholds["e2e.p99x"]', message: 'unknown metric "e2e.p99x" (did you mean "e2e.p99"?)' },
  { name: 'threshold on a far-off metric', mutate: (s) => (s.thresholds.latency = '< 50ms'), path: 'thresholds.latency', message: 'metrics: produce.*, produceResponse.*, e2e.*' },
  { name: 'threshold without operator', mutate: (s) => (s.thresholds['e2e.p99'] = '50ms'), path: 'thresholds["e2e.p99"]', message: 'no operator in "50ms": expected a condition such as "< 50ms"' },
  { name: 'threshold with a bad operator', mutate: (s) => (s.thresholds['e2e.p99'] = '=< 50ms'), path: 'thresholds["e2e.p99"]', message: 'unknown operator in "=< 50ms"' },
  { name: 'latency threshold without unit', mutate: (s) => (s.thresholds['e2e.p99'] = '< 50'), path: 'thresholds["e2e.p99"]', message: 'needs a duration with its unit, e.g. 50ms' },
  { name: 'rate threshold in MB/s', mutate: (s) => (s.thresholds['throughput.mean'] = '> 5MB/s'), path: 'thresholds["throughput.mean"]', message: 'unit "MB/s" does not fit throughput.mean' },
  { name: 'relative threshold in a scenario', mutate: (s) => (s.thresholds['e2e.p99'] = '< +10%'), path: 'thresholds["e2e.p99"]', message: 'needs a baseline report' },
  { name: 'threshold given as a number', mutate: (s) => (s.thresholds['counts.failed'] = 0), path: 'thresholds["counts.failed"]', message: 'expected a condition such as "== 0": one of < <= > >= == != then a plain number, e.g. 0 or 100, got 0' },
  { name: 'missing duration', mutate: (s) => delete s.duration, path: 'duration', message: 'required' },
  { name: 'duration in words', mutate: (s) => (s.duration = '10 seconds'), path: 'duration', message: 'expected a duration such as "30s" or "2m", got "10 seconds"' },
  { name: 'empty duration', mutate: (s) => (s.duration = ''), path: 'duration', message: 'expected a duration such as "30s" or "2m", got ""' },
  { name: 'duration as a number', mutate: (s) => (s.duration = 5), path: 'duration', message: 'expected a duration such as "30s" or "2m", got 5' },
  { name: 'zero duration', mutate: (s) => (s.duration = '0s'), path: 'duration', message: 'expected a duration longer than 0, got "0s"' },
  { name: 'negative warm-up', mutate: (s) => (s.warmup = '-5s'), path: 'warmup', message: 'got "-5s"' },
  { name: 'drain without unit', mutate: (s) => (s.drain = '30'), path: 'drain', message: 'expected a duration' },
  { name: 'cluster warm-up mode unknown', mutate: (s) => (s.clusterWarmup.mode = 'never'), path: 'clusterWarmup.mode', message: 'expected "auto", "always" or "off", got "never"' },
  { name: 'cluster warm-up bound too short', mutate: (s) => (s.clusterWarmup.maxDuration = '5s'), path: 'clusterWarmup.maxDuration', message: 'from 10s to 30m' },
  { name: 'cluster warm-up bound not a duration', mutate: (s) => (s.clusterWarmup.maxDuration = 90), path: 'clusterWarmup.maxDuration', message: 'expected a duration' },
  { name: 'cluster warm-up misspelt key', mutate: (s) => (s.clusterWarmup = { mod: 'off' }), path: 'clusterWarmup.mod', message: 'mode' },
  { name: 'cluster warm-up as a string', mutate: (s) => (s.clusterWarmup = 'off'), path: 'clusterWarmup', message: 'an object' },
  { name: 'zero workers', mutate: (s) => (s.workers = 0), path: 'workers', message: 'expected an integer from 1 to 64, got 0' },
  { name: 'too many workers', mutate: (s) => (s.workers = 65), path: 'workers', message: 'expected an integer from 1 to 64, got 65' },
  // Cluster
  { name: 'cluster with nodes and brokers', mutate: (s) => (s.cluster.brokers = ['127.0.0.1:9092']), path: 'cluster', message: 'not both' },
  { name: 'two nodes', mutate: (s) => (s.cluster.nodes = 2), path: 'cluster.nodes', message: 'expected 1 or 3, got 2' },
  { name: 'cluster as a string', mutate: (s) => (s.cluster = 'localhost:9092'), path: 'cluster', message: 'got "localhost:9092"' },
  { name: 'unknown cluster key', mutate: (s) => (s.cluster.node = 3), path: 'cluster.node', message: 'unknown key "node" (did you mean "nodes"?)' },
  { name: 'broker without port', mutate: (s) => (s.cluster = { brokers: ['127.0.0.1:9092', 'localhost'] }), path: 'cluster.brokers[1]', message: 'expected "host:port", got "localhost"' },
  { name: 'empty broker list', mutate: (s) => (s.cluster = { brokers: [] }), path: 'cluster.brokers', message: 'non-empty array' },
  { name: 'bad broker string', mutate: (s) => (s.cluster = { brokers: 'a:1,b' }), path: 'cluster.brokers', message: 'got "a:1,b"' },
  { name: 'broker config value an object', mutate: (s) => (s.cluster.brokerConfig['log.retention.ms'] = { a: 1 }), path: 'cluster.brokerConfig["log.retention.ms"]', message: 'expected a string, a number or a boolean, got {"a":1}' },
  // Containers (provider 'testcontainers')
  { name: 'unknown cluster provider', mutate: (s) => (s.cluster.provider = 'docker'), path: 'cluster.provider', message: 'expected "embedded" or "testcontainers", got "docker"' },
  { name: 'cluster provider typo', mutate: (s) => (s.cluster.provider = 'testcontainer'), path: 'cluster.provider', message: '(did you mean "testcontainers"?)' },
  { name: 'provider with brokers', mutate: (s) => (s.cluster = { provider: 'testcontainers', brokers: ['127.0.0.1:9092'] }), path: 'cluster.provider', message: 'brokers name an existing one: keep one of them' },
  { name: 'image on the embedded cluster', mutate: (s) => (s.cluster.image = 'apache/kafka:4.2.0'), path: 'cluster.image', message: "add provider: 'testcontainers'" },
  { name: 'image with external brokers', mutate: (s) => (s.cluster = { brokers: 'h:9092', image: 'apache/kafka:4.2.0' }), path: 'cluster.image', message: 'brokers name an existing one: remove it' },
  { name: 'container image with a space', mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', image: 'apache/kafka 4.2.0' }), path: 'cluster.image', message: 'expected an image reference such as "apache/kafka:4.2.0", got "apache/kafka 4.2.0"' },
  { name: 'container image not a string', mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', image: 42 }), path: 'cluster.image', message: 'expected an image reference' },
  { name: 'two container nodes', mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', nodes: 2 }), path: 'cluster.nodes', message: 'expected 1 or 3, got 2' },
  {
    name: 'container broker setting in upper case',
    mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', brokerConfig: { 'Num.IO.Threads': 8 } }),
    path: 'cluster.brokerConfig["Num.IO.Threads"]',
    message: 'only lower-case letters, digits',
  },
  {
    name: 'container broker setting the image reads back otherwise',
    mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', brokerConfig: { 'a.b.c': 1 } }),
    path: 'cluster.brokerConfig["a.b.c"]',
    message: 'would read it back as "a.b_c" from KAFKA_A_B_C',
  },
  {
    name: 'container broker setting holding "="',
    mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', brokerConfig: { 'ssl.principal.mapping.rules': 'RULE:^CN=(.*)$/$1/' } }),
    path: 'cluster.brokerConfig["ssl.principal.mapping.rules"]',
    message: 'drops environment values that contain "="',
  },
  {
    name: 'container broker config overriding kbench listeners',
    mutate: (s) => Object.assign(s.cluster, { provider: 'testcontainers', brokerConfig: { 'advertised.listeners': 'PLAINTEXT://0.0.0.0:9092' } }),
    path: 'cluster.brokerConfig["advertised.listeners"]',
    message: 'advertised.listeners is set by kbench',
  },
  {
    name: 'replication factor 3 on a 1-node container cluster',
    mutate: (s) => (Object.assign(s.cluster, { provider: 'testcontainers', nodes: 1 }), delete s.topic.minInsyncReplicas),
    path: 'topic.replicationFactor',
    message: 'needs 3 nodes',
  },
  {
    name: 'faults on a container cluster',
    mutate: (s) => Object.assign(s, { cluster: { provider: 'testcontainers' }, faults: [{ at: '5s', action: 'kill', node: 1 }] }),
    path: 'faults',
    message: "faults need the embedded cluster (kbench signals its broker JVMs); this scenario runs Kafka in containers (provider 'testcontainers')",
  },
  { name: 'broker config overriding kbench listeners', mutate: (s) => (s.cluster.brokerConfig.listeners = 'PLAINTEXT://0.0.0.0:9092'), path: 'cluster.brokerConfig.listeners', message: 'listeners is set by kbench for its embedded nodes' },
  // Topic
  { name: 'zero partitions', mutate: (s) => (s.topic.partitions = 0), path: 'topic.partitions', message: 'expected an integer from 1 to 2147483647, got 0' },
  { name: 'fractional partitions', mutate: (s) => (s.topic.partitions = 1.5), path: 'topic.partitions', message: 'got 1.5' },
  { name: 'partitions as a string', mutate: (s) => (s.topic.partitions = '6'), path: 'topic.partitions', message: 'got "6"' },
  {
    name: 'replication factor 3 on a 1-node cluster',
    mutate: (s) => ((s.cluster.nodes = 1), delete s.topic.minInsyncReplicas),
    path: 'topic.replicationFactor',
    message: 'the embedded cluster has 1',
  },
  { name: 'min ISR above replication factor', mutate: (s) => (s.topic.minInsyncReplicas = 4), path: 'topic.minInsyncReplicas', message: 'expected at most the replication factor (3), got 4' },
  {
    name: 'min ISR above the default replication factor of one node',
    mutate: (s) => ((s.cluster.nodes = 1), delete s.topic.replicationFactor),
    path: 'topic.minInsyncReplicas',
    message: 'replication factor (1), got 2',
  },
  { name: 'bad topic name', mutate: (s) => (s.topic.name = 'a topic'), path: 'topic.name', message: 'got "a topic"' },
  { name: 'min ISR in topic configs above replication factor', mutate: (s) => (delete s.topic.minInsyncReplicas, (s.topic.configs['min.insync.replicas'] = '4')), path: 'topic.configs["min.insync.replicas"]', message: 'expected at most the replication factor (3), got 4' },
  { name: 'more partitions than the embedded nodes hold', mutate: (s) => (s.topic.partitions = 4_001), path: 'topic.partitions', message: 'expected at most 4000 partitions with replication factor 3 on 3 embedded node(s)' },
  { name: 'min ISR set twice', mutate: (s) => (s.topic.configs['min.insync.replicas'] = '2'), path: 'topic.configs["min.insync.replicas"]', message: 'already set' },
  { name: 'topic config boolean', mutate: (s) => (s.topic.configs['cleanup.policy'] = true), path: 'topic.configs["cleanup.policy"]', message: 'expected a string or a number, got true' },
  { name: 'recreate not boolean', mutate: (s) => (s.topic.recreate = 'yes'), path: 'topic.recreate', message: 'expected true or false, got "yes"' },
  { name: 'keep not boolean', mutate: (s) => (s.topic.keep = 1), path: 'topic.keep', message: 'expected true or false, got 1' },
  { name: 'unknown nested key', mutate: (s) => (s.topic.partitons = 3), path: 'topic.partitons', message: 'unknown key "partitons" (did you mean "partitions"?)' },
  // Producers
  { name: 'missing producers', mutate: (s) => delete s.producers, path: 'producers', message: 'required' },
  { name: 'empty producers', mutate: (s) => (s.producers = []), path: 'producers', message: 'expected at least one producer group, got []' },
  { name: 'producers as an object', mutate: (s) => (s.producers = { load: {} }), path: 'producers', message: 'expected an array of producer groups' },
  { name: 'producer group a string', mutate: (s) => (s.producers[1] = 'fast'), path: 'producers[1]', message: 'got "fast"' },
  { name: 'acks 2', mutate: (s) => (s.producers[0].acks = 2), path: 'producers[0].acks', message: 'expected 0, 1 or "all", got 2' },
  { name: 'acks "1"', mutate: (s) => (s.producers[0].acks = '1'), path: 'producers[0].acks', message: 'got "1"' },
  { name: 'acks 0 with idempotence', mutate: (s) => (s.producers[0].acks = 0), path: 'producers[0].idempotent', message: 'idempotence needs acks "all"' },
  { name: 'misspelt acks', mutate: (s) => (s.producers[0].acsk = 1), path: 'producers[0].acsk', message: 'unknown key "acsk" (did you mean "acks"?)' },
  { name: 'zero count', mutate: (s) => (s.producers[0].count = 0), path: 'producers[0].count', message: 'expected an integer from 1 to 64, got 0' },
  { name: 'duplicate group names', mutate: (s) => (s.producers[1].name = 'steady'), path: 'producers[1].name', message: 'already used by producers[0]' },
  { name: 'missing load', mutate: (s) => delete s.producers[0].load, path: 'producers[0].load', message: 'required' },
  { name: 'load without type', mutate: (s) => (s.producers[0].load = { ratePerSec: 5 }), path: 'producers[0].load.type', message: 'required' },
  {
    name: 'unknown load type',
    mutate: (s) => (s.producers[0].load = { type: 'burst', ratePerSec: 5 }),
    path: 'producers[0].load.type',
    message: 'expected "constant", "ramping" or "unthrottled", got "burst"',
  },
  { name: 'negative rate', mutate: (s) => (s.producers[0].load.ratePerSec = -5), path: 'producers[0].load.ratePerSec', message: 'expected a positive number of messages per second, got -5' },
  { name: 'zero rate', mutate: (s) => (s.producers[0].load.ratePerSec = 0), path: 'producers[0].load.ratePerSec', message: 'expected a positive number of messages per second, got 0' },
  { name: 'infinite rate', mutate: (s) => (s.producers[0].load.ratePerSec = Infinity), path: 'producers[0].load.ratePerSec', message: 'got Infinity' },
  { name: 'missing rate', mutate: (s) => delete s.producers[0].load.ratePerSec, path: 'producers[0].load.ratePerSec', message: 'required' },
  {
    name: 'key of another load type',
    mutate: (s) => (s.producers[0].load.stages = []),
    path: 'producers[0].load.stages',
    message: 'unknown key "stages" (accepted keys: type, ratePerSec)',
  },
  { name: 'empty stages', mutate: (s) => (s.producers[1].load.stages = []), path: 'producers[1].load.stages', message: 'expected a non-empty array of stages' },
  { name: 'stage without duration', mutate: (s) => delete s.producers[1].load.stages[0].duration, path: 'producers[1].load.stages[0].duration', message: 'required' },
  { name: 'stage with negative target', mutate: (s) => (s.producers[1].load.stages[0].targetRatePerSec = -1), path: 'producers[1].load.stages[0].targetRatePerSec', message: 'expected 0 or more messages per second, got -1' },
  { name: 'ramp that never sends', mutate: (s) => (s.producers[1].load.stages[0].targetRatePerSec = 0), path: 'producers[1].load.stages', message: 'every rate of this ramp is 0' },
  { name: 'unthrottled in-flight 0', mutate: (s) => (s.producers[0].load = { type: 'unthrottled', maxInFlight: 0 }), path: 'producers[0].load.maxInFlight', message: 'got 0' },
  { name: 'unknown compression', mutate: (s) => (s.producers[0].compression = 'brotli'), path: 'producers[0].compression', message: 'expected "none", "gzip", "snappy", "lz4" or "zstd", got "brotli"' },
  { name: 'kafkajs with lz4', mutate: (s) => (s.client = 'kafkajs'), path: 'producers[0].compression', message: 'client "kafkajs" supports compression "none" and "gzip" only, got "lz4"' },
  { name: 'negative linger', mutate: (s) => (s.producers[0].lingerMs = -1), path: 'producers[0].lingerMs', message: 'expected 0 or more milliseconds, got -1' },
  { name: 'fractional batch size', mutate: (s) => (s.producers[0].batchSizeBytes = 10.5), path: 'producers[0].batchSizeBytes', message: 'expected an integer from 1 to 2147483647 bytes, got 10.5' },
  { name: 'unknown key strategy', mutate: (s) => (s.producers[0].keys = { strategy: 'sticky' }), path: 'producers[0].keys.strategy', message: 'expected "none", "round-robin", "random", "hot", "zipf" or "field", got "sticky"' },
  { name: 'hot share 1.5', mutate: (s) => (s.producers[0].keys.hotShare = 1.5), path: 'producers[0].keys.hotShare', message: 'expected a share between 0 and 1 such as 0.9, got 1.5' },
  { name: 'as many hot keys as keys', mutate: (s) => (s.producers[0].keys.hotKeys = 100), path: 'producers[0].keys.hotKeys', message: 'expected fewer hot keys than keys (count is 100), got 100' },
  { name: 'zipf exponent 0', mutate: (s) => (s.producers[1].keys.exponent = 0), path: 'producers[1].keys.exponent', message: 'expected a positive exponent, got 0' },
  { name: 'zipf without count', mutate: (s) => delete s.producers[1].keys.count, path: 'producers[1].keys.count', message: 'required' },
  { name: 'unknown key field', mutate: (s) => (s.producers[0].keys = { strategy: 'field', field: 'custmer' }), path: 'producers[0].keys.field', message: '(did you mean "customer"?)' },
  { name: 'message too small', mutate: (s) => (s.producers[0].message.sizeBytes = 10), path: 'producers[0].message.sizeBytes', message: 'expected an integer from 64 to 10485760 bytes, got 10' },
  { name: 'fractional seed', mutate: (s) => (s.producers[0].message.seed = 1.5), path: 'producers[0].message.seed', message: 'expected an integer, got 1.5' },
  { name: 'nested client config', mutate: (s) => (s.producers[0].clientConfig.linger = { ms: 5 }), path: 'producers[0].clientConfig.linger', message: 'got {"ms":5}' },
  { name: 'more keys than a producer can keep', mutate: (s) => (s.producers[1].keys = { strategy: 'random', count: 1e15 }), path: 'producers[1].keys.count', message: 'expected an integer from 1 to 1000000, got 1000000000000000' },
  { name: 'a secret in client settings', mutate: (s) => (s.consumers[0].clientConfig = { 'ssl.keystore.password': 'hunter2-secret' }), path: 'consumers[0].clientConfig["ssl.keystore.password"]', message: 'TLS and SASL come from cluster.tls and cluster.sasl' },
  { name: 'an API key in broker settings', mutate: (s) => (s.cluster.brokerConfig['api.key'] = 'hunter2-secret'), path: 'cluster.brokerConfig["api.key"]', message: 'holds a secret, which cannot be written in a scenario file' },
  { name: 'a literal SASL password', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'hunter2-secret' } }, topic: {} }), path: 'cluster.sasl.password', message: 'a secret cannot be written in a scenario file' },
  { name: 'a literal key password', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', tls: { certFile: 'c.pem', keyFile: 'k.pem', keyPassword: 'hunter2-secret' } }, topic: {} }), path: 'cluster.tls.keyPassword', message: 'a secret cannot be written in a scenario file' },
  { name: 'a secret where an environment variable is named', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', sasl: { mechanism: 'plain', username: 'u', password: { env: 'hunter2 secret!' } } }, topic: {} }), path: 'cluster.sasl.password.env', message: 'was the secret itself written here?' },
  { name: 'TLS on the embedded cluster', mutate: (s) => (s.cluster.tls = true), path: 'cluster.tls', message: 'TLS settings are for an existing cluster' },
  { name: 'unknown TLS setting', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', tls: { caFlie: 'ca.pem' } }, topic: {} }), path: 'cluster.tls.caFlie', message: 'unknown setting' },
  { name: 'unknown SASL mechanism', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', sasl: { mechanism: 'kerberos', username: 'u', password: { env: 'P' } } }, topic: {} }), path: 'cluster.sasl.mechanism', message: 'expected one of plain, scram-sha-256, scram-sha-512, oauthbearer' },
  { name: 'a token for SCRAM', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', sasl: { mechanism: 'scram-sha-256', username: 'u', password: { env: 'P' }, token: { file: 't' } } }, topic: {} }), path: 'cluster.sasl.token', message: 'a token is for the oauthbearer mechanism' },
  { name: 'a key password without a key', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9093', tls: { keyPassword: { env: 'P' } } }, topic: {} }), path: 'cluster.tls.keyPassword', message: 'a key password needs keyFile' },
  { name: 'SASL settings in client settings', mutate: (s) => (s.producers[1].clientConfig = { 'sasl.mechanisms': 'PLAIN' }), path: 'producers[1].clientConfig["sasl.mechanisms"]', message: 'TLS and SASL come from cluster.tls and cluster.sasl' },
  { name: 'client settings given as a string, not shown', mutate: (s) => (s.producers[0].clientConfig = 'sasl.password=hunter2'), path: 'producers[0].clientConfig', message: 'got a string' },
  { name: 'client setting contradicting a field', mutate: (s) => (s.producers[0].clientConfig.acks = 0), path: 'producers[0].clientConfig.acks', message: 'acks is set by producers[0].acks: use that field instead' },
  { name: 'bootstrap servers in client settings', mutate: (s) => (s.producers[1].clientConfig = { 'bootstrap.servers': '127.0.0.1:9092' }), path: 'producers[1].clientConfig["bootstrap.servers"]', message: 'comes from cluster (or --brokers)' },
  { name: 'messages larger than the confluent client sends', mutate: (s) => (s.producers[0].message.sizeBytes = 1_000_000), path: 'producers[0].message.sizeBytes', message: "expected at most 999744 bytes (the confluent client's message.max.bytes, 1000000" },
  {
    name: 'messages larger than the brokers take',
    mutate: (s) => ((s.client = 'kafkajs'), (s.producers[0].compression = 'none'), (s.producers[0].message.sizeBytes = 2_000_000)),
    path: 'producers[0].message.sizeBytes',
    message: "expected at most 1048332 bytes (the brokers' message.max.bytes, 1048588",
  },
  // Consumers
  { name: 'consumers not an array', mutate: (s) => (s.consumers = { members: 2 }), path: 'consumers', message: 'expected an array of consumer groups' },
  { name: 'too many members', mutate: (s) => (s.consumers[0].members = 65), path: 'consumers[0].members', message: 'expected an integer from 0 to 64, got 65' },
  { name: 'bad group protocol', mutate: (s) => (s.consumers[0].groupProtocol = 'kip848'), path: 'consumers[0].groupProtocol', message: 'expected "classic" or "consumer", got "kip848"' },
  { name: 'assignor misspelt', mutate: (s) => (s.consumers[0].assignmentStrategy = 'cooperative_sticky'), path: 'consumers[0].assignmentStrategy', message: '(did you mean "cooperative-sticky"?)' },
  { name: 'assignor with KIP-848', mutate: (s) => Object.assign(s.consumers[0], { groupProtocol: 'consumer', assignmentStrategy: 'range' }), path: 'consumers[0].assignmentStrategy', message: 'assigns on the broker' },
  { name: 'session timeout with KIP-848', mutate: (s) => Object.assign(s.consumers[0], { groupProtocol: 'consumer', sessionTimeout: '10s' }), path: 'consumers[0].sessionTimeout', message: 'group.consumer.session.timeout.ms' },
  { name: 'bad session timeout', mutate: (s) => (s.consumers[0].sessionTimeout = 10000), path: 'consumers[0].sessionTimeout', message: 'expected a duration such as "30s"' },
  { name: 'kafkajs with cooperative-sticky', mutate: (s) => Object.assign(s, { client: 'kafkajs', producers: [{ load: { type: 'unthrottled' } }], consumers: [{ assignmentStrategy: 'cooperative-sticky' }] }), path: 'consumers[0].assignmentStrategy', message: 'client "kafkajs" has only the "roundrobin" assignor' },
  { name: 'kafkajs with KIP-848', mutate: (s) => Object.assign(s, { client: 'kafkajs', producers: [{ load: { type: 'unthrottled' } }], consumers: [{ groupProtocol: 'consumer' }] }), path: 'consumers[0].groupProtocol', message: 'client "kafkajs" has only the "classic" group protocol' },
  { name: 'schedule not an array', mutate: (s) => (s.consumers[0].schedule = { at: '1s' }), path: 'consumers[0].schedule', message: 'expected an array of steps' },
  { name: 'step past the end of the run', mutate: (s) => (s.consumers[0].schedule = [{ at: '10m', action: 'join' }]), path: 'consumers[0].schedule[0].at', message: 'expected a time before the end of warm-up plus duration' },
  { name: 'steps out of order', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'join' }, { at: '2s', action: 'join' }]), path: 'consumers[0].schedule[1].at', message: 'steps must be in time order' },
  { name: 'unknown step action', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'kill' }]), path: 'consumers[0].schedule[0].action', message: 'expected "scale", "join", "leave", "crash" or "slow", got "kill"' },
  { name: 'scale without members', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'scale' }]), path: 'consumers[0].schedule[0].members', message: 'required' },
  { name: 'step key misspelt', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'join', cuont: 2 }]), path: 'consumers[0].schedule[0].cuont', message: '(did you mean "count"?)' },
  { name: 'crash more members than there are', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'crash', count: 9 }]), path: 'consumers[0].schedule[0].count', message: 'cannot crash 9' },
  { name: 'slow without a processing time', mutate: (s) => (s.consumers[0].schedule = [{ at: '5s', action: 'slow' }]), path: 'consumers[0].schedule[0].processingTimeMs', message: 'required' },
  // Backlog (a deliberate outage of one group)
  { name: 'backlog not an object', mutate: (s) => (s.consumers[0].backlog = '10s'), path: 'consumers[0].backlog', message: "expected an object such as { after: '20s', size: '50000 messages' }" },
  { name: 'backlog without after', mutate: (s) => (s.consumers[0].backlog = { size: '1000 messages' }), path: 'consumers[0].backlog.after', message: 'required' },
  { name: 'backlog without size', mutate: (s) => (s.consumers[0].backlog = { after: '10s' }), path: 'consumers[0].backlog.size', message: 'required' },
  { name: 'backlog key misspelt', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: '1000 messages', sise: 1 }), path: 'consumers[0].backlog.sise', message: '(did you mean "size"?)' },
  { name: 'backlog during the warm-up', mutate: (s) => (s.consumers[0].backlog = { after: '5s', size: '1000 messages' }), path: 'consumers[0].backlog.after', message: 'at least 1 s after the warm-up (it ends at 5 s)' },
  { name: 'backlog after the producers stop', mutate: (s) => (s.consumers[0].backlog = { after: '40s', size: '1000 messages' }), path: 'consumers[0].backlog.after', message: 'before the producers stop (warm-up plus duration: 35 s)' },
  { name: 'backlog size without a unit', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: '1000' }), path: 'consumers[0].backlog.size', message: 'expected a size above 0 such as "200000 messages", "100MB", "64MiB" or "60s", got "1000"' },
  { name: 'backlog size as a number', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: 1000 }), path: 'consumers[0].backlog.size', message: 'got 1000' },
  { name: 'backlog size of 0 messages', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: '0 messages' }), path: 'consumers[0].backlog.size', message: 'expected a size above 0' },
  { name: 'backlog size in an unknown unit', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: '10 TB' }), path: 'consumers[0].backlog.size', message: 'got "10 TB"' },
  { name: 'backlog time past the producers', mutate: (s) => (s.consumers[0].backlog = { after: '10s', size: '30s' }), path: 'consumers[0].backlog.size', message: 'the group would resume at 40 s, after the producers stop (35 s)' },
  { name: 'backlog with a schedule', mutate: (s) => ((s.consumers[0].backlog = { after: '10s', size: '1000 messages' }), (s.consumers[0].schedule = [{ at: '20s', action: 'join' }])), path: 'consumers[0].backlog', message: 'a group with a backlog has no schedule' },
  { name: 'backlog in two groups', mutate: (s) => ((s.consumers[0].backlog = { after: '10s', size: '1000 messages' }), (s.consumers[1].backlog = { after: '10s', size: '5MB' })), path: 'consumers[1].backlog', message: 'only one consumer group may have a backlog; consumers[0] has one' },
  { name: 'backlog without producers', mutate: (s) => ((s.producers = []), (s.topic.recreate = false), (s.consumers[0].backlog = { after: '10s', size: '1000 messages' })), path: 'consumers[0].backlog', message: 'a backlog needs producers' },
  { name: 'faults not an array', mutate: (s) => (s.faults = { at: '5s' }), path: 'faults', message: 'expected an array of faults' },
  { name: 'fault on a node that does not exist', mutate: (s) => (s.faults = [{ at: '5s', action: 'kill', node: 4 }]), path: 'faults[0].node', message: 'expected a node id from 1 to 3 or "leader", got 4' },
  { name: 'pause without a duration', mutate: (s) => (s.faults = [{ at: '5s', action: 'pause', node: 1 }]), path: 'faults[0].duration', message: 'required for a pause' },
  { name: 'fault past the end of the run', mutate: (s) => (s.faults = [{ at: '2m', action: 'kill', node: 1 }]), path: 'faults[0].at', message: 'expected a time before the end of warm-up plus duration' },
  { name: 'unknown fault action', mutate: (s) => (s.faults = [{ at: '5s', action: 'pasue', node: 1, duration: '1s' }]), path: 'faults[0].action', message: '(did you mean "pause"?)' },
  { name: 'restart the leader', mutate: (s) => (s.faults = [{ at: '5s', action: 'restart', node: 'leader' }]), path: 'faults[0].node', message: 'leads nothing' },
  { name: 'faults on external brokers', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9092' }, topic: {}, faults: [{ at: '5s', action: 'kill', node: 1 }] }), path: 'faults', message: 'faults need an embedded cluster' },
  { name: 'a group that never has a member', mutate: (s) => (s.consumers[0].members = 0), path: 'consumers[0].members', message: 'never has a member' },
  { name: 'duplicate group ids', mutate: (s) => (s.consumers[1].groupId = 'g1'), path: 'consumers[1].groupId', message: 'group id "g1" is already used by consumers[0]' },
  { name: 'empty group id', mutate: (s) => (s.consumers[1].groupId = ''), path: 'consumers[1].groupId', message: 'expected a non-empty string, got ""' },
  { name: 'bad startFrom', mutate: (s) => (s.consumers[0].startFrom = 'beginning'), path: 'consumers[0].startFrom', message: 'expected "earliest" or "latest", got "beginning"' },
  { name: 'negative processing time', mutate: (s) => (s.consumers[0].processingTimeMs = -3), path: 'consumers[0].processingTimeMs', message: 'expected 0 or more milliseconds, got -3' },
  // Values that would validate but could not run: bounds from what the code and the clients can do.
  { name: 'linger beyond librdkafka', mutate: (s) => (s.producers[0].lingerMs = 1e12), path: 'producers[0].lingerMs', message: 'expected at most 900000 milliseconds' },
  { name: 'duration beyond a Node.js timer', mutate: (s) => (s.duration = '1000h'), path: 'duration', message: '(the longest time a Node.js timer can wait)' },
  { name: 'warm-up, duration and drain beyond a timer together', mutate: (s) => Object.assign(s, { warmup: '400h', duration: '400h' }), path: 'duration', message: 'more than the 596 h a Node.js timer can wait' },
  { name: 'rate no producer instance can send', mutate: (s) => (s.producers[0].load.ratePerSec = 1e15), path: 'producers[0].load.ratePerSec', message: 'expected at most 2000000 messages per second (1000000 per producer instance, 2 instance(s)' },
  { name: 'ramp target no producer can send', mutate: (s) => (s.producers[1].load.stages[0].targetRatePerSec = 5e6), path: 'producers[1].load.stages[0].targetRatePerSec', message: 'expected at most 1000000 messages per second' },
  { name: 'in-flight bound beyond memory', mutate: (s) => (s.producers[1].load = { type: 'unthrottled', maxInFlight: 1e12 }), path: 'producers[1].load.maxInFlight', message: 'expected an integer from 1 to 1000000' },
  { name: 'replication factor beyond the protocol', mutate: (s) => Object.assign(s, { cluster: { brokers: 'h:9092' }, topic: { replicationFactor: 40000 } }), path: 'topic.replicationFactor', message: 'expected an integer from 1 to 32767' },
  { name: 'session timeout below the brokers\' minimum', mutate: (s) => (s.consumers[0].sessionTimeout = '1s'), path: 'consumers[0].sessionTimeout', message: "expected 6s to 30m (the brokers' group.min.session.timeout.ms" },
  { name: 'processing time beyond a timer', mutate: (s) => (s.consumers[0].processingTimeMs = 1e12), path: 'consumers[0].processingTimeMs', message: 'expected at most 2147483647 milliseconds' },
  { name: 'unknown consumer key', mutate: (s) => (s.consumers[0].member = 2), path: 'consumers[0].member', message: '(did you mean "members"?)' },
  // Pipeline stages
  { name: 'a group reading a topic nobody writes', mutate: (s) => (s.consumers[1].topic = 'enriched'), path: 'consumers[1].topic', message: 'no producer, stage or ksqlDB query writes topic "enriched"' },
  {
    name: 'stages reading each other\'s output (a cycle)',
    mutate: (s) => {
      s.consumers[0] = { groupId: 'a', topic: 'y', stage: { transform: { type: 'enrich' }, output: { name: 'x' } } };
      s.consumers[1] = { groupId: 'b', topic: 'x', stage: { transform: { type: 'enrich' }, output: { name: 'y' } } };
    },
    path: 'consumers[0].topic',
    message: 'the pipeline has a cycle',
  },
  {
    name: 'two stages writing one topic',
    mutate: (s) => {
      s.consumers[0].stage = { transform: { type: 'enrich' }, output: { name: 'out' } };
      s.consumers[1].stage = { transform: { type: 'filter', categories: ['libros'] }, output: { name: 'out' } };
    },
    path: 'consumers[1].stage.output.name',
    message: 'topic "out" is already written by the stage of consumers[0]',
  },
  { name: 'a stage writing the producers\' topic', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' }, output: { name: 'compras' } }), path: 'consumers[0].stage.output.name', message: '"compras" is the producers\' topic' },
  { name: 'a stage without an output topic', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' } }), path: 'consumers[0].stage.output', message: 'required' },
  { name: 'an unknown transform', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrichh' }, output: { name: 'out' } }), path: 'consumers[0].stage.transform.type', message: 'enrich' },
  { name: 'an unknown delivery semantics', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' }, semantics: 'exactly-twice', output: { name: 'out' } }), path: 'consumers[0].stage.semantics', message: 'exactly-once' },
  { name: 'a commit interval on an exactly-once stage', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' }, semantics: 'exactly-once', commitInterval: '5s', output: { name: 'out' } }), path: 'consumers[0].stage.commitInterval', message: 'only an at-least-once stage commits at an interval' },
  { name: 'a negative processing cost', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' }, processingCostUs: -1, output: { name: 'out' } }), path: 'consumers[0].stage.processingCostUs', message: 'expected 0 or more microseconds' },
  { name: 'a stage with a backlog', mutate: (s) => ((s.consumers[0].stage = { transform: { type: 'enrich' }, output: { name: 'out' } }), (s.consumers[0].backlog = { after: '6s', size: '1000 messages' })), path: 'consumers[0].backlog', message: 'a stage has no backlog' },
  { name: 'an output topic with more replicas than nodes', mutate: (s) => (s.consumers[0].stage = { transform: { type: 'enrich' }, output: { name: 'out', replicationFactor: 4 } }), path: 'consumers[0].stage.output.replicationFactor', message: 'replication factor 4 needs 4 nodes' },
  // ksqlDB as an external stage
  { name: 'a group reading the ksqlDB output without a ksql section', mutate: (s) => (s.consumers[1].topic = 'compras-por-tienda-ksql'), path: 'consumers[1].topic', message: 'no producer, stage or ksqlDB query writes topic "compras-por-tienda-ksql"' },
  {
    name: 'a stage writing the ksqlDB output',
    mutate: (s) => {
      s.ksql = { query: 'sales-per-store', output: { name: 'compras-por-tienda-ksql' } };
      s.consumers[1].stage = { transform: { type: 'enrich' }, output: { name: 'compras-por-tienda-ksql' } };
    },
    path: 'consumers[1].stage.output.name',
    message: "is the ksqlDB query's output (ksql.output.name)",
  },
  {
    name: 'a stage reading the ksqlDB output',
    mutate: (s) => {
      s.ksql = { output: { name: 'compras-por-tienda-ksql' } };
      s.consumers[1] = { groupId: 'g2', topic: 'compras-por-tienda-ksql', stage: { transform: { type: 'enrich' }, output: { name: 'enriched' } } };
    },
    path: 'consumers[1].topic',
    message: 'windows, not compras events',
  },
  { name: 'ksqlDB output named like the producers\' topic', mutate: (s) => (s.ksql = { output: { name: 'compras' } }), path: 'ksql.output.name', message: "the ksqlDB query writes a topic of its own" },
  { name: 'unknown ksqlDB query', mutate: (s) => (s.ksql = { query: 'sales-per-stores', output: { name: 'x' } }), path: 'ksql.query', message: '(did you mean "sales-per-store"?)' },
  {
    name: 'more than 256 clients in the run',
    mutate: (s) => (s.consumers = [1, 2, 3, 4].map((i) => ({ groupId: `g${i}`, members: 64 }))),
    path: 'consumers',
    message: '3 producer instances and 256 consumer members make 259 clients, more than the 256',
  },
];

describe('validateScenario', () => {
  it('accepts the base scenario and a minimal one', () => {
    expect(validateScenario(base())).toEqual([]);
    expect(validateScenario({ name: 'x', duration: '1s', producers: [{ load: { type: 'unthrottled' } }] })).toEqual([]);
    expect(validateScenario({ name: 'x', duration: '1s', producers: [{ load: { type: 'constant', ratePerSec: 1 } }], consumers: [] })).toEqual([]);
    expect(validateScenario({ name: 'x', duration: '1s', cluster: { brokers: 'a:1, b:2' }, producers: [{ load: { type: 'constant', ratePerSec: 1 } }] })).toEqual([]);
  });

  it('accepts a container cluster, with or without its options, and the embedded provider spelt out', () => {
    const load = [{ load: { type: 'constant', ratePerSec: 1 } }];
    expect(validateScenario({ name: 'x', duration: '1s', cluster: { provider: 'testcontainers' }, producers: load })).toEqual([]);
    expect(validateScenario({ ...base(), cluster: { provider: 'testcontainers', nodes: 3, image: 'apache/kafka:4.2.0', brokerConfig: { 'num.io.threads': 8, 'log.retention.ms': '600000' } } })).toEqual([]);
    expect(validateScenario({ name: 'x', duration: '1s', cluster: { provider: 'testcontainers', image: 'registry.example:5000/team/kafka@sha256:abc123' }, producers: load })).toEqual([]);
    expect(validateScenario({ ...base(), cluster: { provider: 'embedded', nodes: 3 } })).toEqual([]);
    // Faults with the provider spelt out as the embedded one are fine.
    expect(validateScenario({ ...base(), cluster: { provider: 'embedded' }, faults: [{ at: '5s', action: 'kill', node: 1 }] })).toEqual([]);
  });

  it('accepts a backlog sized by messages, bytes or time', () => {
    for (const size of ['20000 messages', '1 message', '100MB', '64MiB', '1.5GB', '500 KB', '20s', '28s']) {
      const scenario = base();
      scenario.consumers[0].backlog = { after: '6s', size };
      expect(validateScenario(scenario), size).toEqual([]);
    }
  });

  it('has a catalogue of distinct mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name → $path', ({ mutate, input, path, message }) => {
    const scenario = base();
    mutate(scenario);
    const issues = validateScenario(input ?? scenario);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
  });

  it('accepts a group reading the ksqlDB output when the scenario has a ksql section', () => {
    const scenario = base();
    scenario.ksql = { output: { name: 'compras-por-tienda-ksql' } };
    scenario.consumers[1].topic = 'compras-por-tienda-ksql';
    expect(validateScenario(scenario)).toEqual([]);
  });

  it('collects every mistake at once', () => {
    const scenario = base();
    scenario.name = 'has space';
    scenario.topic.partitons = 3;
    scenario.producers[0].acks = 2;
    scenario.consumers[0].members = -1;
    const issues = validateScenario(scenario);
    expect(issues.map((issue: ValidationIssue) => issue.path)).toEqual(['name', 'topic.partitons', 'producers[0].acks', 'consumers[0].members']);
  });

  it('shortens long values', () => {
    const issues = validateScenario({ ...base(), client: 'x'.repeat(200) });
    expect(issues[0]?.message).toMatch(/got "x{30,}…$/);
    expect(issues[0]?.message.length).toBeLessThan(100);
  });
});

describe('levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('acks', 'acks')).toBe(0);
    expect(levenshtein('acsk', 'acks')).toBe(2);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
  });
});
