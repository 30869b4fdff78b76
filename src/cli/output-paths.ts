/**
 * Every file a command writes is checked before it does any work: a path that is a folder, one of
 * the command's own input files, a name longer than the file system takes, or a place that is
 * not writable fails at once (exit 2), not at the end of a run whose results would be lost.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KbenchError } from '../errors.js';

/** Longest file name (bytes) common file systems take (ext4, xfs, btrfs, APFS). */
export const MAX_FILE_NAME_BYTES = 255;

/** What is wrong with writing `path`, or undefined when it can be written; `inputs`: files the command reads. */
export function outputPathProblem(path: string, inputs: readonly string[] = []): string | undefined {
  const target = resolve(path);
  const name = basename(target);
  if (name === '' || path.endsWith('/')) return 'is a folder, not a file name';
  if (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES) return `its file name is ${Buffer.byteLength(name, 'utf8')} bytes long, more than the ${MAX_FILE_NAME_BYTES} file systems take`;
  const real = realOrSelf(target);
  if (inputs.some((input) => realOrSelf(resolve(input)) === real)) return 'is one of this command\'s input files: writing it would overwrite the input';
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) return 'is a folder';
    if (!canWrite(target)) return 'exists and is not writable';
  }
  // The nearest folder that exists must be a writable folder (missing ones are created); files are
  // written atomically, through a temporary file beside the target, so its folder is what counts.
  let folder = dirname(target);
  while (!existsSync(folder)) {
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  if (!statSync(folder).isDirectory()) return `cannot be created: ${folder} is a file, not a folder`;
  const refused = createFileProblem(folder);
  if (refused !== undefined) return `cannot be created: the folder ${folder} is not writable (${refused})`;
  return undefined;
}

/** Throws a usage error naming `what` (e.g. `--report`) when `path` cannot be written. */
export function assertWritableOutput(what: string, path: string, inputs: readonly string[] = []): void {
  const problem = outputPathProblem(path, inputs);
  if (problem !== undefined) throw new KbenchError('usage', `${what} ${path} ${problem}`, { hint: 'give another path' });
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Creates and removes an empty file in `folder`: the error code when that fails. Permission bits
 * say nothing for root, nor for /proc, /sys or a read-only mount (and creating folders under
 * /proc never returns in Node), so the folder is tried for real.
 */
function createFileProblem(folder: string): string | undefined {
  const probe = join(folder, `.kbench-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  try {
    unlinkSync(probe);
  } catch {
    // Created but not removable: still writable; nothing more to do.
  }
  return undefined;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
