import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWritableOutput, outputPathProblem } from '../../src/cli/output-paths.js';

describe('output paths are checked before any work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbench-out-'));
  const input = join(dir, 'report.json');
  writeFileSync(input, '{}');
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'a-file'), 'x');

  it('accepts new files, in new folders too, and existing writable files', () => {
    expect(outputPathProblem(join(dir, 'new.html'))).toBeUndefined();
    expect(outputPathProblem(join(dir, 'deep', 'er', 'new.json'))).toBeUndefined();
    expect(outputPathProblem(join(dir, 'a-file'))).toBeUndefined();
    // The check leaves nothing behind.
    expect(readdirSync(dir).filter((name) => name.startsWith('.kbench-write-check'))).toEqual([]);
  });

  it('refuses an input file, also under another spelling of its path', () => {
    expect(outputPathProblem(input, [input])).toMatch(/input files: writing it would overwrite the input/);
    expect(outputPathProblem(join(dir, 'folder', '..', 'report.json'), [input])).toMatch(/input files/);
    expect(() => assertWritableOutput('the HTML page', input, [input])).toThrow(/^the HTML page .*report\.json is one of this command's input files/);
  });

  it('refuses folders, names too long, and places that cannot be written', () => {
    expect(outputPathProblem(join(dir, 'folder'))).toBe('is a folder');
    expect(outputPathProblem(`${join(dir, 'folder')}/`)).toBe('is a folder, not a file name');
    expect(outputPathProblem(join(dir, `${'x'.repeat(300)}.json`))).toMatch(/305 bytes long, more than the 255/);
    expect(outputPathProblem(join(dir, 'a-file', 'inside.json'))).toMatch(/is a file, not a folder/);
    // Permission bits do not tell (root may write anywhere they say); creating a file does.
    if (existsSync('/proc/self')) expect(outputPathProblem('/proc/kbench-no-such-folder/r.json')).toMatch(/^cannot be created: the folder \/proc is not writable \(E[A-Z]+\)$/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(outputPathProblem(join(locked, 'r.json'))).toMatch(/not writable/);
    }
  });
});
