/**
 * What a scenario file can say: the types, for editors (completion and hover docs), are those of
 * the schema (`schema/`), which also validates the file when kbench loads it and fills in its
 * defaults; `resolve-scenario.ts` turns a valid scenario into a plan with every unit explicit.
 *
 * Durations are strings with a unit: `'500ms'`, `'30s'`, `'5m'`, `'1h'`, or combinations like `'1m30s'`.
 */
import type { z } from 'zod';
import type { ClientName } from '../clients/client-registry.js';
import type { containerClusterSchema, embeddedClusterSchema, externalClusterSchema } from './schema/cluster-schema.js';
import type { consumerGroupSchema, consumerStepSchema } from './schema/consumer-schema.js';
import type { faultSchema } from './schema/fault-schema.js';
import type { keysSchema } from './schema/keys-schema.js';
import type { loadSchema } from '../workload/loads/load-shapes.js';
import type { ACKS, COMPRESSIONS, producerGroupSchema } from './schema/producer-schema.js';
import type { ScenarioInput } from './schema/scenario-schema.js';
import type { topicSchema } from './schema/topic-schema.js';

export type { ScenarioInput, ParsedScenario } from './schema/scenario-schema.js';
export type { OauthSaslInput, PasswordSaslInput, SaslInput, SecretSourceInput, TlsInput } from './security-input.js';

/** A duration with its unit: `'500ms'`, `'30s'`, `'2m'`, `'1m30s'`. */
export type DurationText = string;
export type ClientChoice = ClientName;
export type AcksChoice = (typeof ACKS)[number];
export type CompressionChoice = (typeof COMPRESSIONS)[number];

export type EmbeddedClusterInput = z.input<typeof embeddedClusterSchema>;
export type ContainerClusterInput = z.input<typeof containerClusterSchema>;
export type ExternalClusterInput = z.input<typeof externalClusterSchema>;
export type TopicInput = z.input<typeof topicSchema>;
export type LoadInput = z.input<typeof loadSchema>;
export type ConstantLoadInput = Extract<LoadInput, { type: 'constant' }>;
export type RampingLoadInput = Extract<LoadInput, { type: 'ramping' }>;
export type UnthrottledLoadInput = Extract<LoadInput, { type: 'unthrottled' }>;
export type KeysInput = z.input<typeof keysSchema>;
export type ProducerGroupInput = z.input<typeof producerGroupSchema>;
export type ConsumerStepInput = z.input<typeof consumerStepSchema>;
export type ConsumerGroupInput = z.input<typeof consumerGroupSchema>;
export type FaultInput = z.input<typeof faultSchema>;

/**
 * Declares a scenario. Returns its argument unchanged: it exists so editors type-check the file
 * and show each field's documentation. Validation happens when kbench loads the file.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
