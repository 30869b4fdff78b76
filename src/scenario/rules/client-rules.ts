/**
 * What the scenario asks of its client, against what the client declares it can do
 * (`clients/*-capabilities.ts`). Also used when `--client` overrides the scenario's client.
 */
import { CLIENT_NAMES, capabilitiesOf, type ClientName } from '../../clients/client-registry.js';
import type { RuleContext } from './rule-context.js';
import type { ValidationIssue } from '../../util/schema-kit.js';

/** The clients that can do what `can` asks, for "client X has it" hints. */
function clientsThat(can: (client: ClientName) => boolean): string {
  const names = CLIENT_NAMES.filter(can).map((name) => `"${name}"`);
  return names.length === 0 ? 'no client' : `client ${names.join(' or ')}`;
}

/** The problem of a producer compression with this client, if any. */
export function compressionProblem(client: ClientName, compression: string): string | undefined {
  const supported = capabilitiesOf(client).compressions as readonly string[];
  if (supported.includes(compression)) return undefined;
  return `client "${client}" supports compression ${supported.map((c) => `"${c}"`).join(' and ')} only, got "${compression}" (${clientsThat((c) => (capabilitiesOf(c).compressions as readonly string[]).includes(compression))} supports it)`;
}

/** The problem with a client / group protocol / assignor combination, if any. */
export function membershipClientProblem(client: ClientName, protocol: string | undefined, strategy: string | undefined): { field: string; message: string } | undefined {
  const capabilities = capabilitiesOf(client);
  if (protocol !== undefined && !(capabilities.groupProtocols as readonly string[]).includes(protocol)) {
    return {
      field: 'groupProtocol',
      message: `client "${client}" has only the ${capabilities.groupProtocols.map((p) => `"${p}"`).join(' and ')} group protocol (the KIP-848 "${protocol}" protocol needs ${clientsThat((c) => (capabilitiesOf(c).groupProtocols as readonly string[]).includes(protocol))})`,
    };
  }
  if (strategy !== undefined && !(capabilities.assignors as readonly string[]).includes(strategy)) {
    return {
      field: 'assignmentStrategy',
      message: `client "${client}" has only the ${capabilities.assignors.map((a) => `"${a}"`).join(', ')} assignor${capabilities.assignors.length === 1 ? '' : 's'}, got "${strategy}" (${clientsThat((c) => (capabilitiesOf(c).assignors as readonly string[]).includes(strategy))} has it)`,
    };
  }
  return undefined;
}

/** Why `client` cannot run a scenario with `faultCount` broker faults; undefined when it can. */
export function brokerFaultsProblem(client: ClientName, faultCount: number): string | undefined {
  const refusal = capabilitiesOf(client).brokerFaultsRefusal;
  if (refusal === undefined || faultCount === 0) return undefined;
  return `client "${client}" cannot run broker faults: ${refusal} (${clientsThat((c) => capabilitiesOf(c).brokerFaultsRefusal === undefined)} can)`;
}

/** Every producer compression, group protocol and assignor is one the scenario's client has, and it runs broker faults if there are any. */
export function clientCapabilityRule({ sections }: RuleContext): ValidationIssue[] {
  const client = sections.client;
  if (client === undefined) return [];
  const issues: ValidationIssue[] = [];
  (sections.producers ?? []).forEach((group, i) => {
    const problem = compressionProblem(client, group.compression);
    if (problem !== undefined) issues.push({ path: `producers[${i}].compression`, message: problem });
  });
  (sections.consumers ?? []).forEach((group, i) => {
    const problem = membershipClientProblem(client, group.groupProtocol, group.assignmentStrategy);
    if (problem !== undefined) issues.push({ path: `consumers[${i}].${problem.field}`, message: problem.message });
  });
  const faults = brokerFaultsProblem(client, (sections.faults ?? []).length);
  if (faults !== undefined) issues.push({ path: 'faults', message: faults });
  return issues;
}
