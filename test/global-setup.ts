/**
 * Runs once before all tests: gives the test run its own kbench state folder, so tests never
 * see (or stop) a cluster the user started with `kbench cluster start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const stateDir = mkdtempSync(join(tmpdir(), 'kbench-test-state-'));
  process.env.KBENCH_STATE_DIR = stateDir;
  return () => rmSync(stateDir, { recursive: true, force: true });
}
