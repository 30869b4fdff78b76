/** The checks of a report's `scenario` section (`ReportScenario`), field by field. Pure. */
import { CLIENT_NAMES } from '../clients/client-adapter.js';
import { array, bool, count, either, int, nonNegative, num, object, oneOf, optional, primitive, record, str, variant, type Check } from './json-checks.js';
import type {
  ReportCluster,
  ReportConfig,
  ReportConsumer,
  ReportConsumerGroup,
  ReportStage,
  ReportConsumerStep,
  ReportFault,
  ReportKeys,
  ReportLoad,
  ReportProducer,
  ReportScenario,
  ReportSecretSource,
  ReportSecurity,
  ReportTopic,
  ReportWorker,
} from './report-scenario-types.js';

/** A setting's value: a string, a number or a boolean. */
export const configValue: Check<string | number | boolean> = primitive('a string, a number or a boolean', (value) => typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)));
export const config: Check<ReportConfig> = record<ReportConfig>(configValue);

const load: Check<ReportLoad> = variant<ReportLoad>('type', {
  constant: object<Extract<ReportLoad, { type: 'constant' }>>({ type: oneOf(['constant']), ratePerSec: num }),
  ramping: object<Extract<ReportLoad, { type: 'ramping' }>>({
    type: oneOf(['ramping']),
    startRatePerSec: num,
    stages: array(object<{ durationMs: number; targetRatePerSec: number }>({ durationMs: nonNegative, targetRatePerSec: nonNegative })),
  }),
  unthrottled: object<Extract<ReportLoad, { type: 'unthrottled' }>>({ type: oneOf(['unthrottled']), maxInFlight: count }),
});

const keyCount = { count };
const keys: Check<ReportKeys> = variant<ReportKeys>('strategy', {
  none: object<Extract<ReportKeys, { strategy: 'none' }>>({ strategy: oneOf(['none']) }),
  'round-robin': object<Extract<ReportKeys, { strategy: 'round-robin' }>>({ strategy: oneOf(['round-robin']), ...keyCount }),
  random: object<Extract<ReportKeys, { strategy: 'random' }>>({ strategy: oneOf(['random']), ...keyCount }),
  hot: object<Extract<ReportKeys, { strategy: 'hot' }>>({ strategy: oneOf(['hot']), ...keyCount, hotKeys: count, hotShare: num }),
  zipf: object<Extract<ReportKeys, { strategy: 'zipf' }>>({ strategy: oneOf(['zipf']), ...keyCount, exponent: num }),
  field: object<Extract<ReportKeys, { strategy: 'field' }>>({ strategy: oneOf(['field']), field: oneOf(['customer', 'product', 'category', 'store', 'paymentMethod']) }),
});

const producer: Check<ReportProducer> = object<ReportProducer>({
  id: str,
  index: count,
  group: str,
  workerId: count,
  load,
  maxInFlight: count,
  acks: oneOf([0, 1, 'all']),
  idempotent: bool,
  compression: oneOf(['none', 'gzip', 'snappy', 'lz4', 'zstd']),
  lingerMs: optional(num),
  batchSizeBytes: optional(count),
  keys,
  messageSizeBytes: optional(count),
  seed: num,
  clientConfig: config,
});

const startFrom = oneOf(['earliest', 'latest']);
const groupProtocol = oneOf(['classic', 'consumer']);
const assignmentStrategy = optional(oneOf(['range', 'roundrobin', 'cooperative-sticky']));

const consumer: Check<ReportConsumer> = object<ReportConsumer>({
  id: str,
  groupId: str,
  workerId: count,
  startFrom,
  groupProtocol,
  assignmentStrategy,
  processingTimeMs: nonNegative,
  sessionTimeoutMs: optional(num),
  origin: optional(oneOf(['initial', 'scheduled', 'live'])),
  clientConfig: config,
});

const memberStep = object<Exclude<ReportConsumerStep, { action: 'slow' }>>({ atMs: num, action: oneOf(['join', 'leave', 'crash']), consumerIds: array(str) });
const step: Check<ReportConsumerStep> = variant<ReportConsumerStep>('action', {
  join: memberStep,
  leave: memberStep,
  crash: memberStep,
  slow: object<Extract<ReportConsumerStep, { action: 'slow' }>>({ atMs: num, action: oneOf(['slow']), consumerIds: array(str), processingTimeMs: nonNegative }),
});

const backlogSize = variant<NonNullable<ReportConsumerGroup['backlog']>['size']>('kind', {
  messages: object<{ kind: 'messages'; messages: number }>({ kind: oneOf(['messages']), messages: count }),
  bytes: object<{ kind: 'bytes'; bytes: number }>({ kind: oneOf(['bytes']), bytes: count }),
  time: object<{ kind: 'time'; durationMs: number }>({ kind: oneOf(['time']), durationMs: nonNegative }),
});

const group: Check<ReportConsumerGroup> = object<ReportConsumerGroup>({
  groupId: str,
  members: array(consumer),
  startFrom,
  groupProtocol: optional(groupProtocol),
  assignmentStrategy,
  sessionTimeoutMs: optional(num),
  schedule: optional(array(step)),
  backlog: optional(object<NonNullable<ReportConsumerGroup['backlog']>>({ atMs: num, size: backlogSize })),
  topicName: optional(str),
  readCommitted: optional(bool),
  checkedByMessage: optional(bool),
  upstreamStages: optional(array(str)),
  stage: optional(
    object<ReportStage>({
      stageIndex: count,
      transform: str,
      semantics: oneOf(['at-most-once', 'at-least-once', 'exactly-once']),
      outputTopic: str,
      processingCostUs: num,
      transactionTimeoutMs: num,
      commitIntervalMs: num,
      maxInFlight: count,
      producerConfig: config,
      carriesMessages: bool,
    }),
  ),
});

const fault: Check<ReportFault> = object<ReportFault>({
  atMs: num,
  action: oneOf(['kill', 'stop', 'pause', 'restart']),
  node: either(count, oneOf(['leader']), 'a node number or "leader"'),
  durationMs: optional(num),
});

const secretSource: Check<ReportSecretSource> = either(object<{ env: string }>({ env: str }), object<{ file: string }>({ file: str }), 'an object { env } or { file }');
type Sasl = NonNullable<ReportSecurity['sasl']>;
const passwordSasl = object<Exclude<Sasl, { mechanism: 'oauthbearer' }>>({
  mechanism: oneOf(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: either(str, secretSource, 'a string or an object { env } or { file }'),
  password: secretSource,
});
const security: Check<ReportSecurity> = object<ReportSecurity>({
  tls: optional(
    object<NonNullable<ReportSecurity['tls']>>({ caFile: optional(str), certFile: optional(str), keyFile: optional(str), keyPassword: optional(secretSource), verifyHostname: bool }),
  ),
  sasl: optional(
    variant<Sasl>('mechanism', {
      plain: passwordSasl,
      'scram-sha-256': passwordSasl,
      'scram-sha-512': passwordSasl,
      oauthbearer: object<Extract<Sasl, { mechanism: 'oauthbearer' }>>({ mechanism: oneOf(['oauthbearer']), token: secretSource }),
    }),
  ),
});

const cluster: Check<ReportCluster> = variant<ReportCluster>('kind', {
  embedded: object<Extract<ReportCluster, { kind: 'embedded' }>>({ kind: oneOf(['embedded']), nodes: count, brokerConfig: config }),
  testcontainers: object<Extract<ReportCluster, { kind: 'testcontainers' }>>({ kind: oneOf(['testcontainers']), nodes: count, image: str, brokerConfig: config }),
  external: object<Extract<ReportCluster, { kind: 'external' }>>({ kind: oneOf(['external']), brokers: array(str), security: optional(security) }),
});

const topic: Check<ReportTopic> = object<ReportTopic>({
  name: str,
  partitions: count,
  replicationFactor: int,
  configs: record<Record<string, string>>(str),
  recreate: bool,
  keep: optional(bool),
  recreateExisting: optional(bool),
});

const worker: Check<ReportWorker> = object<ReportWorker>({ id: count, host: oneOf(['thread', 'process']), producerIds: array(str), consumerIds: array(str) });

export const reportScenario: Check<ReportScenario> = object<ReportScenario>({
  name: str,
  description: optional(str),
  scenarioFile: str,
  client: oneOf(CLIENT_NAMES),
  cluster,
  topic,
  outputTopics: optional(array(topic)),
  warmupMs: nonNegative,
  durationMs: nonNegative,
  drainMs: nonNegative,
  clusterWarmup: optional(object<NonNullable<ReportScenario['clusterWarmup']>>({ mode: oneOf(['auto', 'always', 'off']), maxDurationMs: nonNegative })),
  producers: array(producer),
  consumerGroups: array(group),
  workers: array(worker),
  faults: optional(array(fault)),
  expectedMessages: optional(num),
  thresholds: optional(record<Record<string, string>>(str)),
});
