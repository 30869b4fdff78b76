/**
 * Paths of kbench's compiled entry scripts (workers, watchdog). They run as separate threads or
 * processes, so they must be JavaScript: from dist/ when kbench runs compiled, and still from
 * dist/ when the calling code runs from src/ under the test runner.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KbenchError } from './errors.js';

const srcOrDistRoot = dirname(fileURLToPath(import.meta.url));

/** Project root (the folder holding package.json). */
export const PROJECT_ROOT = join(srcOrDistRoot, '..');

/** Absolute path of a compiled script given relative to `src/`, e.g. `workers/worker-main.js`. */
export function compiledScriptPath(relativeToSrc: string): string {
  const built = join(PROJECT_ROOT, 'dist', relativeToSrc);
  if (existsSync(built)) return built;
  throw new KbenchError('usage', `the compiled script dist/${relativeToSrc} is missing`, { hint: 'run `npm run build` (or `npm run setup`) first' });
}
