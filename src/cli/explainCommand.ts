import { parseArgs } from 'node:util';
import { analyzeDocument } from '../core/document/analysis';
import { explainAt } from '../core/views/explain';
import { lineStarts, offsetToPosition } from '../core/markdown/spans';
import { CliCommand, CliError, readText, writeJson } from './io';

const usage = `Usage: dlmath explain FILE --at LINE:COL [--json]

Prints what the editor's hover shows at that position of a Markdown answer: a wrong claim and its
right value, a value and its shape, a tensor shape's element count and memory, a declaration's
concrete shape and parameter count, the shape flow of a product or attention formula, what a
parameter or skip-gram pair count stands for. LINE and COL are 1-based; COL counts UTF-16 code
units, as VS Code's status bar does. --json prints { "kind", "markdown", ... } ({ "kind": "none" }
when there is nothing to explain there).`;

/** `12:5` → { line: 12, column: 5 } (1-based), or a usage error. */
export function parsePosition(at: string): { line: number; column: number } {
  const m = /^\s*(\d+)\s*[:,]\s*(\d+)\s*$/.exec(at);
  if (!m) throw new CliError(`--at must be LINE:COL (1-based), e.g. --at 12:5; got '${at}'`);
  const line = Number(m[1]);
  const column = Number(m[2]);
  if (line < 1 || column < 1) throw new CliError(`--at ${at}: lines and columns start at 1`);
  return { line, column };
}

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'what the hover shows at a position of an answer file',
  usage,
  run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { at: { type: 'string' }, json: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new CliError(`expected one Markdown file, got ${positionals.length} (dlmath explain FILE --at LINE:COL)`);
    if (!values.at) throw new CliError('missing --at LINE:COL (1-based line and column)');
    const { line, column } = parsePosition(values.at);
    const file = positionals[0];
    const text = readText(file, io);
    const starts = lineStarts(text);
    if (line > starts.length) throw new CliError(`${file} has ${starts.length} lines; --at ${values.at} is past the end`);
    const lineStart = starts[line - 1];
    const lineEnd = line < starts.length ? starts[line] : text.length;
    const lineLength = text.slice(lineStart, lineEnd).replace(/\r?\n$/, '').length;
    if (column > lineLength + 1) throw new CliError(`line ${line} of ${file} has ${lineLength} characters; --at ${values.at} is past its end`);
    const offset = lineStart + column - 1;

    const analysis = analyzeDocument(text);
    const e = explainAt(analysis, offset, text);
    if (values.json) {
      if (e.kind === 'none') writeJson(io, { kind: 'none' });
      else {
        const at = (o: number) => {
          const p = offsetToPosition(starts, o);
          return { line: p.line + 1, column: p.character + 1 };
        };
        const { range, finding, ...rest } = e;
        const out: Record<string, unknown> = { ...rest };
        if (range) {
          const s = at(range.start);
          const en = at(range.end);
          Object.assign(out, { line: s.line, column: s.column, endLine: en.line, endColumn: en.column });
        }
        if (finding) out.finding = { severity: finding.severity, code: finding.code, message: finding.message, ...(finding.claimed !== undefined ? { claimed: finding.claimed } : {}), ...(finding.actual !== undefined ? { actual: finding.actual } : {}), ...(finding.actualValue !== undefined ? { actualValue: finding.actualValue } : {}) };
        writeJson(io, out);
      }
    } else if (e.kind === 'none') {
      io.stdout(`nothing to explain at ${line}:${column}\n`);
    } else {
      io.stdout(e.markdown.replace(/\s+$/, '') + '\n');
    }
    return 0;
  },
};
