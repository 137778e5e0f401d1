import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { analyzeDocument, formulaAt, FormulaCache } from '../core/document/analysis';
import { lineStarts, offsetToPosition } from '../core/markdown/spans';
import { cellOffsetOf, notebookMarkdown, parseNotebook } from '../core/markdown/notebook';
import type { Finding } from '../core/types';
import { CliCommand, CliError, CliIO, expandAnswerFiles, parseLang, SkippedPath } from './io';
import type { CheckReport, CheckedFile, JsonFinding } from './report/model';
import { renderText } from './report/text';
import { renderCsv } from './report/csv';
import { renderSarif } from './report/sarif';
import { renderHtml } from './report/html';
import { jsonReportChunks } from './report/json';

export type { JsonFinding } from './report/model';

/** 1-based line and column (UTF-16) of an offset, and for a notebook the cell the offset is in. */
export type Locate = (offset: number) => { line: number; column: number; cell?: number };

/** A Markdown text's positions: 1-based lines and 1-based UTF-16 columns. */
export function textLocator(text: string): Locate {
  const starts = lineStarts(text);
  return (offset) => {
    const p = offsetToPosition(starts, offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

/** The one place a finding becomes JSON; every format is made from this. Positions as the contract says. */
export function toJsonFinding(f: Finding, at: Locate | number[]): JsonFinding {
  const locate = Array.isArray(at) ? arrayLocator(at) : at;
  const a = locate(f.range.start);
  const b = locate(f.range.end);
  const out: JsonFinding = { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, severity: f.severity, code: f.code, message: f.message };
  if (a.cell !== undefined) out.cell = a.cell;
  if (f.claimed !== undefined) out.claimed = f.claimed;
  if (f.actual !== undefined) out.actual = f.actual;
  if (f.actualValue !== undefined) out.actualValue = f.actualValue;
  if (f.steps?.length) out.steps = f.steps;
  if (f.counterexample) out.counterexample = f.counterexample;
  if (f.fix) out.fix = { newText: f.fix.newText, title: f.fix.title };
  const fixes = f.fixes ?? (f.fix ? [f.fix] : []);
  if (fixes.length) {
    out.fixes = fixes.map((x) => {
      const s = locate(x.range.start);
      const e = locate(x.range.end);
      return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, newText: x.newText, title: x.title };
    });
  }
  return out;
}

function arrayLocator(starts: number[]): Locate {
  return (offset) => {
    const p = offsetToPosition(starts, offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

/** A notebook's joined Markdown text: positions are inside the cell an offset falls in. */
function notebookLocator(nb: ReturnType<typeof notebookMarkdown>, sources: readonly string[]): Locate {
  const starts = new Map<number, number[]>();
  return (offset) => {
    const c = cellOffsetOf(nb, offset);
    if (!c) return { line: 1, column: 1 };
    let s = starts.get(c.cell);
    if (!s) starts.set(c.cell, (s = lineStarts(sources[c.cell])));
    const p = offsetToPosition(s, c.offset);
    return { cell: c.cell, line: p.line + 1, column: p.character + 1 };
  };
}

export const FORMATS = ['text', 'json', 'csv', 'html', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  indexBase: 0 | 1;
  language: 'en' | 'fa';
  /** Keep the statement each finding is about (only the HTML report prints them). */
  statements?: boolean;
}

/**
 * Checks answer files one after another, keeping only what a report needs (counts, findings as
 * JSON, for the HTML report the statements they are about): a large folder is never held in memory as analyses.
 * A file that cannot be read or is not a notebook is skipped and reported.
 */
export function checkFiles(files: readonly string[], options: CheckOptions, io: CliIO, skipped: SkippedPath[] = []): CheckReport {
  return assemble(checkEach(files, options, io), skipped);
}

/** Each file's result, in order, on this thread. */
function checkEach(files: readonly string[], options: CheckOptions, io: CliIO): FileResult[] {
  // formulas written in several files are parsed once; evaluations are not kept (no file is
  // analysed twice), so each analysis can be collected as soon as its findings are taken
  const cache = new FormulaCache(20_000, { evaluations: false });
  return files.map((file) => checkOne(file, options, io, cache));
}

/** One file's result: what a report keeps of it, or why it could not be checked. */
type FileResult = { checked: CheckedFile } | { unreadable: SkippedPath };

function assemble(results: readonly FileResult[], skipped: SkippedPath[]): CheckReport {
  const out: CheckedFile[] = [];
  const unreadable: SkippedPath[] = [];
  for (const r of results) {
    if ('checked' in r) out.push(r.checked);
    else unreadable.push(r.unreadable);
  }
  return { files: out, skipped, unreadable };
}

function checkOne(file: string, options: CheckOptions, io: CliIO, cache: FormulaCache): FileResult {
  let raw: string;
  try {
    raw = io.readFile ? io.readFile(file) : readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { unreadable: { file, reason: code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'I/O error'})` } };
  }
  let text = raw;
  let locate: Locate;
  let notebook = false;
  if (/\.ipynb$/i.test(file)) {
    const parsed = parseNotebook(raw);
    if (!parsed.ok) return { unreadable: { file, reason: parsed.message } };
    const nb = notebookMarkdown(parsed.cells);
    text = nb.text;
    locate = notebookLocator(nb, parsed.cells.map((c) => c.source));
    notebook = true;
  } else locate = textLocator(text);
  const analysis = analyzeDocument(text, { indexBase: options.indexBase, language: options.language }, cache);
  const checked: CheckedFile = { file, notebook, claims: analysis.claims, findings: analysis.findings.map((f) => toJsonFinding(f, locate)) };
  if (options.statements) checked.statements = analysis.findings.map((f) => statementOf(analysis, f, text));
  return { checked };
}

// ---- a class's submissions on every core ------------------------------------------------------------
// A grader checks hundreds of files: they are shared among worker threads (this module's own file,
// started with WORKER_JOB data), each with its own engine, and the results put back in the files' order.

/** Files each worker should have at least: starting one (loading the engine) costs about a tenth of a second. */
const FILES_PER_WORKER = 16;
/** Workers at most, whatever the machine. */
const MAX_WORKERS = 8;
const WORKER_JOB = 'dlmath-check-files';

interface WorkerJob {
  kind: typeof WORKER_JOB;
  files: string[];
  options: CheckOptions;
}

/** How many worker threads a check of `files` files uses with `jobs` allowed (1: the main thread alone). */
export function workersFor(files: number, jobs: number): number {
  return Math.max(1, Math.min(jobs, MAX_WORKERS, Math.floor(files / FILES_PER_WORKER)));
}

/**
 * The default `--jobs`: the cores this process may use but one. A thread checking files keeps a second
 * core busy too (V8's garbage collector and compiler run beside it), and each worker loads its own engine
 * and parses alone what students wrote alike: on 2 cores one thread checked 1,000 submissions in 2.7 s,
 * two in 3.5 s.
 */
export function defaultJobs(): number {
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, cores - 1);
}

/**
 * `checkFiles` on `jobs` threads: the same report, in the same order. Files read through `io.readFile`
 * (the tests' in-memory files) stay on this thread; a worker that fails has its files checked here.
 */
export async function checkFilesParallel(files: readonly string[], options: CheckOptions, io: CliIO, skipped: SkippedPath[], jobs: number): Promise<CheckReport> {
  const n = io.readFile ? 1 : workersFor(files.length, jobs);
  if (n === 1) return checkFiles(files, options, io, skipped);
  // dealt like cards, so that a run of large files is shared too
  const parts = Array.from({ length: n }, (_, w) => files.filter((_, i) => i % n === w));
  const done = await Promise.all(parts.map((part) => inWorker(part, options).catch(() => checkEach(part, options, io))));
  return assemble(files.map((_, i) => done[i % n][Math.floor(i / n)]), skipped);
}

/** Worker threads that returned their files' results, since the process started (for the tests). */
export const workerRuns = { count: 0 };

function inWorker(files: string[], options: CheckOptions): Promise<FileResult[]> {
  return new Promise((resolve, reject) => {
    const job: WorkerJob = { kind: WORKER_JOB, files, options };
    const w = new Worker(__filename, { workerData: job });
    let result: FileResult[] | undefined;
    w.once('message', (m: FileResult[]) => (result = m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (!result || result.length !== files.length) return reject(new Error(`a check worker stopped (${code})`));
      workerRuns.count++;
      resolve(result);
    });
  });
}

// In a worker started by `checkFilesParallel`: check the files given and hand the results back.
if (!isMainThread && (workerData as WorkerJob | null)?.kind === WORKER_JOB) {
  const job = workerData as WorkerJob;
  const quiet: CliIO = { stdout: () => undefined, stderr: () => undefined };
  parentPort?.postMessage(checkEach(job.files, job.options, quiet));
}

/** The written statement a finding is about (`4 \times 768 \times 768 = 2357296`), for the HTML report. */
function statementOf(analysis: ReturnType<typeof analyzeDocument>, f: Finding, text: string): string | undefined {
  const formula = formulaAt(analysis, f.range.start);
  if (!formula) return undefined;
  const chain = formula.chains.find((c) => c.range.start <= f.range.start && f.range.end <= c.range.end);
  const src = chain ? text.slice(chain.range.start, chain.range.end) : formula.span.content;
  return src.trim() || undefined;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check every written = in Markdown answers and Jupyter notebooks; text, JSON, CSV, HTML or SARIF reports',
  usage: `Usage: dlmath check FILE|FOLDER... [--format text|json|csv|html|sarif] [--out FILE]
                    [--json] [--index-base 0|1] [--lang en|fa] [--jobs N]

Checks every "=" written in the math of each Markdown file and of each Jupyter notebook's Markdown
cells (a folder: every .md and .ipynb below it; what is not a regular file, such as a FIFO or a
symlink loop, is skipped and named on stderr).
  --format  text (default): one line per finding, path:line:column (notebooks: path:cell N:line:column)
            json: one JSON document ({ "files": [...] }; --json is the same)
            csv: one row per file: file,claims,errors,warnings,notes
            html: one self-contained offline page (summary table, each finding typeset with KaTeX)
            sarif: SARIF 2.1.0 for code-scanning tools
  --out     write the report to FILE instead of stdout
  --lang    fa writes the findings' messages and fix titles in Persian (default en); values,
            expressions and the JSON fields stay as they are.
  --jobs    threads a large folder is checked on (default: the machine's cores but one, at most 8;
            a thread takes 16 files or more); the report is the same whatever N is.
Exit status 0 when no claim is wrong, 1 when some is, 2 on a usage or I/O error (also when a
file could not be read or is not a notebook; the others are still checked and reported).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' }, 'index-base': { type: 'string' }, lang: { type: 'string' }, jobs: { type: 'string' } },
    });
    if (positionals.length === 0) throw new CliError('no file given (usage: dlmath check FILE... [--format text|json|csv|html|sarif])');
    const indexBase = values['index-base'] === undefined ? 0 : Number(values['index-base']);
    if (indexBase !== 0 && indexBase !== 1) throw new CliError('--index-base must be 0 or 1');
    const language = parseLang(values.lang);
    if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'`);
    if (values.json && values.format !== undefined && values.format !== 'json') throw new CliError(`--json and --format ${values.format} disagree (--json is --format json)`);
    const format: Format = values.json ? 'json' : ((values.format as Format | undefined) ?? 'text');
    if (values.out === '') throw new CliError('--out needs a file name');

    const { files, skipped } = expandAnswerFiles(positionals);
    for (const s of skipped) io.stderr(`dlmath check: skipped ${s.file}: ${s.reason}\n`);
    const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new CliError(`--jobs must be a whole number of at least 1, not '${values.jobs}'`);
    const report = await checkFilesParallel(files, { indexBase, language, statements: format === 'html' }, io, skipped, jobs);
    for (const s of report.unreadable) io.stderr(`dlmath check: could not check ${s.file}: ${s.reason}\n`);

    // the JSON report is written in pieces as it is made (a large answer's is tens of MB)
    let body: Iterable<string>;
    if (format === 'json') body = jsonReportChunks(report);
    else if (format === 'csv') body = [renderCsv(report)];
    else if (format === 'sarif') body = [renderSarif(report, { cwd: process.cwd() })];
    else if (format === 'html') body = [renderHtml(report, { language })];
    else body = [renderText(report)];
    if (values.out !== undefined) {
      let fd: number | undefined;
      try {
        fd = openSync(values.out, 'w');
        for (const chunk of body) writeSync(fd, chunk, null, 'utf8');
      } catch (e) {
        throw new CliError(`cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}`);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    } else {
      for (const chunk of body) {
        io.stdout(chunk);
        // a pipe takes the report as fast as its reader reads: the pieces wait here, not in a queue
        await io.drained?.();
      }
    }

    if (report.unreadable.length > 0) return 2;
    const errors = report.files.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
    return errors > 0 ? 1 : 0;
  },
};

