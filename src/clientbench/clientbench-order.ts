/**
 * Which runs `kbench clients` makes, in which order: every scenario × client pair (scenario-major:
 * the clients of one scenario next to each other, so they see the same state of the machine),
 * repeated in rounds that alternate direction exactly as a sweep's variants do
 * (`sweep-order.ts`: s1·A s1·B s2·A s2·B · s2·B s2·A s1·B s1·A). Pure.
 */
import { sweepRunOrder } from '../sweep/sweep-order.js';

/** Default number of rounds of `kbench clients`. */
export const DEFAULT_CLIENTS_REPEAT = 3;

/** One scenario × client pair. */
export interface ClientBenchItem {
  /** 0-based, scenario-major. */
  index: number;
  scenario: number;
  client: string;
}

export interface ClientBenchScheduledRun {
  sequence: number;
  round: number;
  /** Index into the items. */
  item: number;
  scenario: number;
  client: string;
}

/** Every pair, the clients of scenario 0 first (in the order given), then scenario 1's… */
export function clientBenchItems(scenarioCount: number, clients: readonly string[]): ClientBenchItem[] {
  if (clients.length === 0) throw new RangeError('clientBenchItems needs at least one client');
  const items: ClientBenchItem[] = [];
  for (let scenario = 0; scenario < scenarioCount; scenario++) {
    for (const client of clients) items.push({ index: items.length, scenario, client });
  }
  return items;
}

/** `repeat` rounds over the items, forward then reversed then forward… */
export function clientBenchOrder(items: readonly ClientBenchItem[], repeat: number): ClientBenchScheduledRun[] {
  return sweepRunOrder(items.length, repeat).map(({ sequence, round, variant }) => {
    const item = items[variant] as ClientBenchItem;
    return { sequence, round, item: variant, scenario: item.scenario, client: item.client };
  });
}
