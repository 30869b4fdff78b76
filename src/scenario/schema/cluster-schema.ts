/**
 * `cluster`: an embedded cluster kbench starts (JVMs of its own or containers), or an existing
 * one named by its brokers. Which one is told by the keys present; the keys of all three are
 * checked together (so a misspelt key gets its "did you mean"), then the chosen kind's rules.
 * TLS and SASL are checked by `validate-security.ts`, whose messages never show a value.
 */
import { z } from 'zod';
import { CLUSTER_PROVIDERS } from '../plan-types.js';
import { containerSettingProblem } from '../../cluster/container-cluster-config.js';
import { securityIssues } from '../validate-security.js';
import type { SaslInput, TlsInput } from '../security-input.js';
import { PARSE_OPTIONS, checked, inspected, fieldProblems, isPlainObject, oneOf, section, settings, show, type FieldProblem } from '../../util/schema-kit.js';

type BrokerSetting = string | number | boolean;

const nodes = oneOf([1, 3] as const);

/** An embedded Apache Kafka cluster that kbench starts (or the one from `kbench cluster start`). */
export const embeddedClusterSchema = section(
  {
    /** How kbench starts the nodes: JVMs of its own (the default), or containers (see `ContainerClusterInput`). @default 'embedded' */
    provider: oneOf(['embedded'] as const).optional(),
    /** Number of Kafka nodes. Three nodes give replication factor 3 with min.insync.replicas 2. @default 3 */
    nodes: nodes.default(3),
    /** Broker settings for every node (server.properties keys), applied over kbench's defaults; listeners, node ids and folders stay kbench's. Secret values show as `***`. */
    brokerConfig: settings<BrokerSetting>(['string', 'number', 'boolean']).optional(),
  },
  'an embedded cluster such as { nodes: 3 }',
);

/** A container image reference such as `apache/kafka:4.2.0` or `registry.example:5000/kafka@sha256:…`. */
const image = checked<string>((x) =>
  typeof x === 'string' && /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(x) && x.length <= 255 ? undefined : `expected an image reference such as "apache/kafka:4.2.0", got ${show(x)}`,
);

/**
 * An Apache Kafka cluster in containers (the `apache/kafka` image) that kbench starts for this
 * run through the testcontainers library and removes when the run ends: KRaft combined nodes
 * with the same settings as the embedded cluster, each reachable on 127.0.0.1 only. Needs a
 * container runtime (Docker or compatible); without one the run stops at once (exit code 3).
 * Broker faults need the embedded cluster.
 */
export const containerClusterSchema = section(
  {
    provider: oneOf(['testcontainers'] as const),
    /** Number of Kafka nodes (one container each). Three nodes give replication factor 3 with min.insync.replicas 2. @default 3 */
    nodes: nodes.default(3),
    /** The image of every node. @default 'apache/kafka:4.2.0' (the Kafka release of the embedded cluster) */
    image: image.optional(),
    /**
     * Broker settings for every node, applied over kbench's defaults; listeners, node ids and folders stay kbench's.
     * They reach the image as `KAFKA_*` environment variables, so names must survive that (lower case) and values hold no `=`.
     */
    brokerConfig: settings<BrokerSetting>(['string', 'number', 'boolean']).optional(),
  },
  "a cluster in containers such as { provider: 'testcontainers' }",
);

/** Checked by `validate-security.ts`. */
const securitySection = <T>() => z.custom<T>(() => true);

/** An existing cluster, reached at these bootstrap servers. */
export const externalClusterSchema = section(
  {
    /** Bootstrap servers, e.g. `['127.0.0.1:9092']` or `'host1:9092,host2:9092'`. */
    brokers: z.custom<string[] | string>(() => true),
    /** TLS: `true` (trust the system's authorities, check host names) or its settings. @default no TLS */
    tls: securitySection<true | TlsInput>().optional(),
    /** SASL authentication. @default none */
    sasl: securitySection<SaslInput>().optional(),
  },
  'an existing cluster such as { brokers: ["127.0.0.1:9092"] }',
);

type ClusterSchemas = typeof embeddedClusterSchema | typeof containerClusterSchema | typeof externalClusterSchema;

/** Every key any kind of cluster takes, each with its own check: for unknown keys and per-field messages. */
const anyClusterSchema = section(
  {
    ...embeddedClusterSchema.shape,
    ...containerClusterSchema.shape,
    ...externalClusterSchema.shape,
    provider: oneOf(CLUSTER_PROVIDERS).optional(),
    nodes: nodes.optional(),
    image: image.optional(),
    brokers: inspected<string[] | string>(brokersProblems).optional(),
  },
  "{ nodes } for an embedded cluster, { provider: 'testcontainers' } for containers or { brokers } for an existing one",
);

export const clusterSchema = z.unknown().transform((value, ctx) => {
  const problems = clusterProblems(value);
  for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  if (problems.length > 0) return z.NEVER;
  const chosen = isPlainObject(value) && value.brokers !== undefined ? externalClusterSchema : isPlainObject(value) && value.provider === 'testcontainers' ? containerClusterSchema : embeddedClusterSchema;
  return chosen.parse(value ?? {}) as z.output<ClusterSchemas>;
}) as unknown as z.ZodType<z.output<ClusterSchemas>, z.input<ClusterSchemas> | undefined>;

function clusterProblems(value: unknown): FieldProblem[] {
  if (value === undefined) return [];
  const parsed = anyClusterSchema.safeParse(value, PARSE_OPTIONS);
  const problems = parsed.success ? [] : fieldProblems(parsed.error.issues);
  if (!isPlainObject(value)) return problems;
  const add = (path: Array<string | number>, message: string): void => void problems.push({ path, message });
  const external = value.brokers !== undefined;
  const embedded = value.nodes !== undefined || value.brokerConfig !== undefined;
  if (external && embedded) add([], 'either brokers (an existing cluster) or nodes/brokerConfig (an embedded one), not both');
  if (external && value.provider !== undefined) add(['provider'], 'a provider says how kbench starts a cluster; brokers name an existing one: keep one of them');
  const containers = value.provider === 'testcontainers' && !external;
  if (value.image !== undefined && external) add(['image'], 'an image is for a cluster kbench starts in containers; brokers name an existing one: remove it');
  else if (value.image !== undefined && !containers) add(['image'], "an image is for a cluster in containers: add provider: 'testcontainers' (the embedded cluster runs the Kafka jars, not an image)");
  if (containers && isPlainObject(value.brokerConfig)) {
    for (const [key, setting] of Object.entries(value.brokerConfig)) {
      if (typeof setting !== 'string' && typeof setting !== 'number' && typeof setting !== 'boolean') continue;
      const problem = containerSettingProblem(key, setting);
      if (problem !== undefined) add(['brokerConfig', key], problem);
    }
  }
  for (const issue of securityIssues(value, external)) problems.push({ path: issue.path.replace(/^cluster\.?/, '').split('.').filter((part) => part !== ''), message: issue.message });
  return problems;
}

function brokersProblems(value: unknown): FieldProblem[] {
  if (typeof value === 'string') {
    const valid = value.split(',').every((entry) => isHostPort(entry.trim()));
    return valid ? [] : [{ path: [], message: `expected "host:port" (several separated by commas), got ${show(value)}` }];
  }
  if (!Array.isArray(value) || value.length === 0) {
    return [{ path: [], message: `expected "host:port", a comma-separated string of them or a non-empty array of them, got ${show(value)}` }];
  }
  return value.flatMap((entry, i) => (typeof entry === 'string' && isHostPort(entry) ? [] : [{ path: [i], message: `expected "host:port", got ${show(entry)}` }]));
}

function isHostPort(text: string): boolean {
  const match = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):(\d{1,5})$/.exec(text);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 65_535;
}
