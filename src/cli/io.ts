import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../core/messages';

/** Where CLI commands write; tests capture it. */
export interface CliIO {
  stdout(text: string): void;
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

/** Expands folder arguments into the `.md` files below them, sorted, skipping node_modules and dot folders. */
export function expandMarkdownFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(md|markdown)$/i.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/** `--lang en|fa`: the language of finding and error messages (English when absent). */
export function parseLang(value: string | undefined): Lang {
  if (value === undefined || value === 'en') return 'en';
  if (value === 'fa') return 'fa';
  throw new CliError(`--lang must be en or fa, not '${value}'`);
}

export function writeJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
