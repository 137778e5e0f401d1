import { analyzeDocument, FormulaCache } from '../core/analysis';
import { lineStarts, offsetToPosition } from '../core/markdown/spans';
import type { Finding } from '../core/types';
import { CliCommand, CliError, expandMarkdownFiles, parseLang, readText, writeJson } from './io';
import { parseArgs } from 'node:util';

interface JsonFinding {
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
}

/** Positions are 1-based lines and 1-based UTF-16 columns, as the contract says. */
export function toJsonFinding(f: Finding, starts: number[]): JsonFinding {
  const a = offsetToPosition(starts, f.range.start);
  const b = offsetToPosition(starts, f.range.end);
  const out: JsonFinding = { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, severity: f.severity, code: f.code, message: f.message };
  if (f.claimed !== undefined) out.claimed = f.claimed;
  if (f.actual !== undefined) out.actual = f.actual;
  if (f.actualValue !== undefined) out.actualValue = f.actualValue;
  if (f.steps?.length) out.steps = f.steps;
  if (f.fix) out.fix = { newText: f.fix.newText, title: f.fix.title };
  return out;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check every written = in Markdown answer files',
  usage: `Usage: dlmath check FILE|FOLDER... [--json] [--index-base 0|1] [--lang en|fa]

Checks every "=" written in the math of each Markdown file (a folder: every .md below it).
--lang fa writes the findings' messages and fix titles in Persian (default en); values,
expressions and the JSON fields stay as they are.
Exit status 0 when no claim is wrong, 1 when some is, 2 on a usage or I/O error.`,
  run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'index-base': { type: 'string' }, lang: { type: 'string' } } });
    if (positionals.length === 0) throw new CliError('no file given (usage: dlmath check FILE... [--json])');
    const indexBase = values['index-base'] === undefined ? 0 : Number(values['index-base']);
    if (indexBase !== 0 && indexBase !== 1) throw new CliError('--index-base must be 0 or 1');
    const language = parseLang(values.lang);
    const files = expandMarkdownFiles(positionals);
    const cache = new FormulaCache();
    const results = files.map((file) => {
      const text = readText(file, io);
      const analysis = analyzeDocument(text, { indexBase, language }, cache);
      const starts = lineStarts(text);
      return { file, claims: analysis.claims, findings: analysis.findings.map((f) => toJsonFinding(f, starts)) };
    });
    const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
    if (values.json) writeJson(io, { files: results });
    else {
      for (const r of results) {
        for (const f of r.findings) {
          io.stdout(`${r.file}:${f.line}:${f.column}: ${f.severity} [${f.code}] ${f.message}\n`);
          for (const s of f.steps ?? []) io.stdout(`    ${s}\n`);
        }
      }
      const claims = results.reduce((n, r) => n + r.claims, 0);
      const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
      io.stdout(`${files.length} file${files.length === 1 ? '' : 's'}: ${claims} claim${claims === 1 ? '' : 's'} checked, ${errors} wrong, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};
