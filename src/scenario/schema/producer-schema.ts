/** `producers[]`: a group of producer instances sharing a load, acks, keys and messages. */
import { keysSchema } from './keys-schema.js';
import { MAX_BATCH_SIZE_BYTES, MAX_INSTANCES_PER_GROUP, MAX_LINGER_MS, MAX_MESSAGE_SIZE_BYTES, MIN_MESSAGE_SIZE_BYTES } from './limits.js';
import { loadSchema } from '../../workload/loads/load-shapes.js';
import { booleanCheck, checked, integer, nameCheck, nonNegative, oneOf, section, settings, show } from '../../util/schema-kit.js';

export const ACKS = [0, 1, 'all'] as const;
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

const messageSchema = section(
  {
    /**
     * Pad each `compras` event to this size in bytes, 64 to 10485760 (JSON with a padding field), and within what the
     * client (confluent: `message.max.bytes`, 1000000) and the brokers (`max.message.bytes`, 1048588) take. Unset: the event's natural size (~250 B).
     */
    sizeBytes: integer(MIN_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES, 'bytes').optional(),
    /** Seed of the event generator (an integer): the same seed gives the same stream. Producer instance i of the run uses seed + i. @default 1 */
    seed: checked<number>((x) => (Number.isSafeInteger(x) ? undefined : `expected an integer, got ${show(x)}`)).default(1),
  },
  'an object such as { sizeBytes: 512 }',
);

export const producerGroupSchema = section(
  {
    /** Name in reports, unique among the groups: letters, digits, `-`, `_`, `.`. @default 'producers' (or 'producers-N' for later groups) */
    name: checked<string>(nameCheck('group name')).optional(),
    /** Number of producer instances, 1 to 64; the group's rate is split evenly among them. @default 1 */
    count: integer(1, MAX_INSTANCES_PER_GROUP).default(1),
    load: loadSchema,
    /** @default 'all' */
    acks: oneOf(ACKS).default('all'),
    /** Idempotent producer: no duplicates from retries (needs acks 'all'). @default false */
    idempotent: checked<boolean>(booleanCheck).default(false),
    /** Compressions the client supports (kafkajs: `'none'` and `'gzip'`). @default 'none' */
    compression: oneOf(COMPRESSIONS).default('none'),
    /** How long the client waits to fill a batch, in milliseconds, 0 to 900000. @default the client's (5 ms for confluent, 0 for kafkajs) */
    lingerMs: nonNegative('milliseconds', MAX_LINGER_MS).optional(),
    /** Largest batch per partition, in bytes. @default the client's */
    batchSizeBytes: integer(1, MAX_BATCH_SIZE_BYTES, 'bytes').optional(),
    /** @default `{ strategy: 'none' }` */
    keys: keysSchema.prefault({ strategy: 'none' }),
    message: messageSchema.prefault({}),
    /**
     * Client-native settings passed through verbatim (librdkafka properties for confluent); recorded in the report, secrets
     * (passwords, SASL, keys, tokens) as `***`. Settings a field above covers (acks, linger.ms, compression…) are refused.
     */
    clientConfig: settings(['string', 'number', 'boolean']).default({}),
  },
  'a producer group such as { load: { type: "constant", ratePerSec: 1000 } }',
).superRefine((group, ctx) => {
  if (group.idempotent && group.acks !== 'all') {
    ctx.addIssue({ code: 'custom', path: ['idempotent'], message: `idempotence needs acks "all", this group has acks ${show(group.acks)}` });
  }
});

/** The name of producer group `index` when the scenario gives none: `producers`, `producers-2`, … */
export function defaultProducerGroupName(index: number): string {
  return index === 0 ? 'producers' : `producers-${index + 1}`;
}
