/**
 * Runs a scenario file's code away from kbench: a worker thread imports the bundled file,
 * validates its default export and sends back the issues, and, for a valid scenario, the
 * scenario as plain data (a structured clone: getters read once, no functions, no proxies). The
 * file's code can end only this thread (`process.exit`), not kbench; `loadScenario` bounds how long
 * it may run and terminates the thread afterwards, so timers it started never fire.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { validateScenario } from './validate-scenario.js';

/** What the loader thread answers. */
export type LoaderAnswer =
  /** `exported`: `object`, `none` (no default export) or what else it is (`a function`, `an array`…). */
  | { kind: 'loaded'; issues: Array<{ path: string; message: string }>; scenario?: unknown; exported: string }
  | { kind: 'threw'; message: string; code?: string }
  /** The file has run and exported: what is left is validating it (bounded apart: a huge scenario takes a while). */
  | { kind: 'imported' }
  | { kind: 'not-data'; message: string };

function post(answer: LoaderAnswer): void {
  parentPort?.postMessage(answer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a default export is, when it is not an object: `none`, `a function`, `an array`… */
function kindOf(value: unknown): string {
  if (value === undefined) return 'none';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'object' : `a ${typeof value}`;
}

async function main(): Promise<void> {
  const { bundled } = workerData as { bundled: string };
  // Alive until the loader terminates it: a top-level await that never settles then meets the
  // loader's bound instead of ending the thread as if the file had called process.exit.
  setInterval(() => undefined, 1 << 30);
  // The whole process is not the scenario's to end.
  const refuse = (what: string) => () => {
    throw new Error(`a scenario file may not call ${what}`);
  };
  process.kill = refuse('process.kill()') as typeof process.kill;
  process.abort = refuse('process.abort()') as typeof process.abort;
  let exported: unknown;
  try {
    const module = (await import(pathToFileURL(bundled).href)) as { default?: unknown };
    exported = module.default;
    // A promise of a scenario: wait for it (the loader's bound covers this wait too).
    if (exported !== null && typeof exported === 'object' && typeof (exported as { then?: unknown }).then === 'function') exported = await (exported as Promise<unknown>);
  } catch (error) {
    post({ kind: 'threw', message: messageOf(error), ...(typeof (error as { code?: unknown })?.code === 'string' ? { code: (error as { code: string }).code } : {}) });
    return;
  }
  post({ kind: 'imported' });
  const kind = kindOf(exported);
  if (kind !== 'object') {
    post({ kind: 'loaded', issues: [], exported: kind });
    return;
  }
  let issues: Array<{ path: string; message: string }>;
  try {
    issues = validateScenario(exported);
  } catch (error) {
    post({ kind: 'threw', message: `reading its default export failed: ${messageOf(error)}` });
    return;
  }
  if (issues.length > 0) {
    post({ kind: 'loaded', issues, exported: 'object' });
    return;
  }
  let scenario: unknown;
  try {
    scenario = structuredClone(exported);
  } catch (error) {
    post({ kind: 'not-data', message: messageOf(error) });
    return;
  }
  post({ kind: 'loaded', issues: [], scenario, exported: 'object' });
}

void main();
