/**
 * Keeps the secrets a scenario carries (SASL passwords, private-key passwords, OAuth client
 * secrets… in `clientConfig`, `cluster.brokerConfig` or `topic.configs`) out of everything kbench
 * shows or writes: the plan printed by `kbench validate`, the report's `scenario`, log lines and
 * error messages. The plan itself keeps the real values: the workers need them to connect.
 * Pure.
 */
import { securitySecrets } from '../clients/secret-sources.js';
import { ksqlAuthorization } from '../ksql/ksql-credentials.js';
import { REDACTED, isSecretKey, redactSecrets as redact, type FlatConfig } from '../clients/effective-config.js';
import { KbenchError, isKbenchError } from '../errors.js';
import type { Plan } from './plan-types.js';

/**
 * Secret values shorter than this are masked where they sit in a setting, but not searched for
 * inside free text (a 3-letter value would blank out unrelated words of every message).
 */
export const MIN_MASKED_TEXT_LENGTH = 4;

/** Settings whose values are secret-looking by name but are not secrets, and appear in messages. */
const NOT_SECRET_IN_TEXT = /(^|[._])(mechanisms?|username|user)$/i;

/** `password="…"`, `clientSecret=…` and the like inside a JAAS or OAuth configuration string. */
const INNER_SECRET = /(?:password|secret|token)\w*\s*=\s*(?:"([^"]*)"|([^\s,;"]+))/gi;

/** A copy of the plan with every secret setting's value replaced by `***`. */
export function redactPlan(plan: Plan): Plan {
  return {
    ...plan,
    cluster: plan.cluster.kind === 'external' ? { ...plan.cluster } : { ...plan.cluster, brokerConfig: redact(plan.cluster.brokerConfig) },
    topic: { ...plan.topic, configs: redact(plan.topic.configs) as Record<string, string> },
    producers: plan.producers.map((producer) => ({ ...producer, clientConfig: redact(producer.clientConfig) })),
    consumerGroups: plan.consumerGroups.map((group) => ({
      ...group,
      members: group.members.map((member) => ({ ...member, clientConfig: redact(member.clientConfig) })),
    })),
  };
}

/** The secret values of a plan, longest first, to search for in free text (see `maskSecrets`). */
export function planSecrets(plan: Plan): string[] {
  const configs: FlatConfig[] = [
    plan.cluster.kind === 'external' ? {} : plan.cluster.brokerConfig,
    plan.topic.configs,
    ...plan.producers.map((producer) => producer.clientConfig),
    ...plan.consumerGroups.flatMap((group) => group.members.map((member) => member.clientConfig)),
  ];
  const secrets = new Set<string>();
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      if (!isSecretKey(key) || NOT_SECRET_IN_TEXT.test(key)) continue;
      const text = String(value);
      // A JAAS or OAuth config holds its password inside: a message may quote just that.
      const inner = [...text.matchAll(INNER_SECRET)].map((match) => match[1] ?? match[2] ?? '');
      for (const candidate of [text, ...inner]) if (candidate.length >= MIN_MASKED_TEXT_LENGTH) secrets.add(candidate);
    }
  }
  // TLS and SASL secrets are read from their sources: their values are masked wherever they appear.
  if (plan.cluster.kind === 'external') for (const value of securitySecrets(plan.cluster.security)) if (value.length >= MIN_MASKED_TEXT_LENGTH) secrets.add(value);
  // The ksqlDB server's basic authentication (password, user:password, its base64), read likewise.
  if (plan.ksql?.auth) {
    try {
      for (const value of ksqlAuthorization(plan.ksql.auth).secrets) if (value.length >= MIN_MASKED_TEXT_LENGTH) secrets.add(value);
    } catch {
      // Unreadable: nothing of it can appear anywhere.
    }
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of every secret replaced by `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(REDACTED);
  return masked;
}

/**
 * A copy of a JSON-like value (a report) with secrets masked in every string, except under the
 * keys in `opaqueKeys` (encoded histograms: masking inside base64 would corrupt them).
 */
export function maskSecretsDeep<T>(value: T, secrets: readonly string[], opaqueKeys: readonly string[] = ['hdr']): T {
  if (secrets.length === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return maskSecrets(node, secrets);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, entry]) => [key, opaqueKeys.includes(key) ? entry : walk(entry)]));
  };
  return walk(value) as T;
}

/**
 * The error with secrets masked in what `cli/main.ts` prints of it (message, details, hint,
 * stack); the same error when there is nothing to mask.
 */
export function maskSecretsInError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || !(error instanceof Error)) return error;
  const mask = (text: string): string => maskSecrets(text, secrets);
  if (isKbenchError(error)) {
    const masked = new KbenchError(error.kind, mask(error.message), {
      details: error.details.map(mask),
      ...(error.hint === undefined ? {} : { hint: mask(error.hint) }),
    });
    masked.stack = error.stack === undefined ? undefined : mask(error.stack);
    return masked;
  }
  const masked = new Error(mask(error.message));
  masked.name = error.name;
  masked.stack = error.stack === undefined ? undefined : mask(error.stack);
  return masked;
}
