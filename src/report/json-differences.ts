/**
 * The leaves of two JSON values that differ, by path (`producers[0].acks 1 → "all"`): how
 * `compare` tells plans apart (compare/report-differences.ts) and how `kbench merge` checks that
 * shard reports ran one scenario (merge/merge-compatibility.ts). Pure.
 */

export interface DifferenceOptions {
  /** Keys left out wherever they occur (names, placement). */
  ignoredKeys?: ReadonlySet<string>;
  /** Keys whose arrays are compared by their length only. */
  countedKeys?: ReadonlySet<string>;
}

/** `path old → new` for every leaf that differs (`absent` for a missing one). */
export function jsonDifferences(baseline: unknown, other: unknown, options: DifferenceOptions = {}): string[] {
  const left = flatten(baseline, '', options);
  const right = flatten(other, '', options);
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths.filter((path) => left.get(path) !== right.get(path)).map((path) => `${path} ${left.get(path) ?? 'absent'} → ${right.get(path) ?? 'absent'}`);
}

/**
 * Leaves of a JSON value by path (`producers[0].acks` → `1`), as JSON text. Empty arrays and
 * objects have no leaves, so a field a newer kbench adds empty (`faults: []`) is no difference.
 */
function flatten(value: unknown, path: string, options: DifferenceOptions, into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, options, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (options.countedKeys?.has(key) && Array.isArray(item)) into.set(`${at}.length`, String(item.length));
      else if (!options.ignoredKeys?.has(key)) flatten(item, at, options, into);
    }
  } else if (value !== undefined) {
    into.set(path, JSON.stringify(value));
  }
  return into;
}
