import type { Finding } from '../../core/types';
import type { SkippedPath } from '../io';

/** One finding in the CLI's JSON (see the CLI contract): positions 1-based, columns in UTF-16 units. */
export interface JsonFinding {
  /** 0-based index of the notebook cell the finding is in (notebooks only). */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
  claimed?: string;
  actual?: string;
  actualValue?: Finding['actualValue'];
  steps?: string[];
  fix?: { newText: string; title: string };
  /** Every fix offered, in order (the first is `fix`), each with the range it replaces. */
  fixes?: { line: number; column: number; endLine: number; endColumn: number; newText: string; title: string }[];
  counterexample?: Finding['counterexample'];
}

/** One checked file as every report format sees it. */
export interface CheckedFile {
  /** The path as given on the command line or found below a folder. */
  file: string;
  /** A Jupyter notebook: findings carry `cell`, and their lines are inside that cell. */
  notebook: boolean;
  claims: number;
  findings: JsonFinding[];
  /**
   * The written statement each finding is about (same order as `findings`), for the HTML report; made
   * only for it (`CheckOptions.statements`): no other format prints them.
   */
  statements?: (string | undefined)[];
}

export interface CheckReport {
  files: CheckedFile[];
  /** Not regular files (FIFOs, devices) and symlink loops: not answers, not an error. */
  skipped: SkippedPath[];
  /** Files that could not be read or parsed: an input error (exit status 2). */
  unreadable: SkippedPath[];
}

export interface Counts {
  claims: number;
  errors: number;
  warnings: number;
  /** Information and hints. */
  notes: number;
}

export function countsOf(f: Pick<CheckedFile, 'claims' | 'findings'>): Counts {
  const c: Counts = { claims: f.claims, errors: 0, warnings: 0, notes: 0 };
  for (const x of f.findings) {
    if (x.severity === 'error') c.errors++;
    else if (x.severity === 'warning') c.warnings++;
    else c.notes++;
  }
  return c;
}

export function totalsOf(files: readonly CheckedFile[]): Counts {
  const t: Counts = { claims: 0, errors: 0, warnings: 0, notes: 0 };
  for (const f of files) {
    const c = countsOf(f);
    t.claims += c.claims;
    t.errors += c.errors;
    t.warnings += c.warnings;
    t.notes += c.notes;
  }
  return t;
}

/** `answers/q1.ipynb:cell 3:2:5` or `answers/q1.md:7:3`: where a finding is, as the text report writes it. */
export function whereText(file: string, f: Pick<JsonFinding, 'cell' | 'line' | 'column'>): string {
  return f.cell === undefined ? `${file}:${f.line}:${f.column}` : `${file}:cell ${f.cell}:${f.line}:${f.column}`;
}
