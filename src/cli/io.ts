import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../core/messages';

/** Where CLI commands write; tests capture it. */
export interface CliIO {
  stdout(text: string): void;
  /**
   * Resolves once what `stdout` was given has been handed on (a pipe's reader took it), so that a
   * large report written in pieces is never queued whole in memory. Absent: nothing waits.
   */
  drained?: () => Promise<void>;
  stderr(text: string): void;
  readFile?: (path: string) => string;
}

/** A usage, input or I/O problem: exit status 2 with a one-line message, never a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** A CLI subcommand. `run` returns the process exit status. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number> | number;
}

export function readText(path: string, io: CliIO): string {
  if (io.readFile) return io.readFile(path);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path}: ${code ?? 'I/O error'}`);
  }
}

/** Answer files a folder argument checks: Markdown and Jupyter notebooks. */
export const ANSWER_FILE = /\.(md|markdown|ipynb)$/i;

/** Something a check could not read: a FIFO, a device, a symlink loop, a vanished file. */
export interface SkippedPath {
  file: string;
  reason: string;
}

/**
 * Expands folder arguments into the answer files below them (`.md`, `.markdown`, `.ipynb`), sorted,
 * skipping node_modules and dot folders. Only regular files are returned: a FIFO would block the
 * read forever, so it and anything else that is not a regular file is skipped, and so is a symlink
 * that loops (to itself, or to a folder already being walked); each is reported in `skipped`.
 * A path given on the command line that does not exist is a usage error.
 */
export function expandAnswerFiles(paths: string[]): { files: string[]; skipped: SkippedPath[] } {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const walking = new Set<string>();
  const kindOf = (st: import('node:fs').Stats) => (st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file');
  const walk = (dir: string, st: import('node:fs').Stats) => {
    const id = `${st.dev}:${st.ino}`;
    if (walking.has(id)) {
      skipped.push({ file: dir, reason: 'a symlink loop (a folder that contains itself)' });
      return;
    }
    walking.add(id);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      skipped.push({ file: dir, reason: `cannot list the folder (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})` });
      walking.delete(id);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(dir, name);
      let s;
      try {
        s = statSync(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // a dangling link or a loop: only worth a word when it looks like an answer file or a folder
        if (code === 'ELOOP') skipped.push({ file: p, reason: 'a symlink loop' });
        else if (ANSWER_FILE.test(name)) skipped.push({ file: p, reason: code === 'ENOENT' ? 'a broken symlink' : `cannot read it (${code ?? 'I/O error'})` });
        continue;
      }
      if (s.isDirectory()) walk(p, s);
      else if (!ANSWER_FILE.test(name)) continue;
      else if (s.isFile()) files.push(p);
      else skipped.push({ file: p, reason: kindOf(s) });
    }
    walking.delete(id);
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
        skipped.push({ file: p, reason: 'a symlink loop' });
        continue;
      }
      throw new CliError(`cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p, st);
    else if (st.isFile()) files.push(p);
    else skipped.push({ file: p, reason: kindOf(st) });
  }
  return { files, skipped };
}

/** `--lang en|fa`: the language of finding and error messages (English when absent). */
export function parseLang(value: string | undefined): Lang {
  if (value === undefined || value === 'en') return 'en';
  if (value === 'fa') return 'fa';
  throw new CliError(`--lang must be en or fa, not '${value}'`);
}

/**
 * Separates options from an expression that may itself start with `-` (`dlmath eval '-\log(0.25)'`):
 * only the command's known `--flags` (and `-h`) are options, a value-taking flag takes the next
 * argument, and everything after `--` is an argument. An unknown `--word` is still refused, so a
 * mistyped flag is not evaluated as math.
 */
export function splitOptions(args: string[], known: Record<string, 'boolean' | 'string'>): { options: string[]; positionals: string[] } {
  const options: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const m = /^--([a-z][a-z-]*)(=.*)?$/s.exec(a);
    if (m && known[m[1]] !== undefined) {
      options.push(a);
      if (known[m[1]] === 'string' && m[2] === undefined && i + 1 < args.length) options.push(args[++i]);
    } else if (m) throw new CliError(`unknown option '${a}' (an expression that starts with -- goes after --: dlmath eval -- '${a}')`);
    else positionals.push(a);
  }
  return { options, positionals };
}

export function writeJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
