import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { Severity } from '../../core/types';
import { version } from '../version';
import type { CheckReport } from './model';

/** What each finding code means, for the rules of the SARIF driver (codes not listed get a generic text). */
const RULES: Record<string, { text: string; level: SarifLevel }> = {
  'wrong-result': { text: 'The written result differs from the computed value.', level: 'error' },
  orientation: { text: 'The values are right but a row is written for a column, or the reverse.', level: 'warning' },
  'shape-mismatch': { text: 'The shapes of the operands do not fit the operation.', level: 'warning' },
  'sigma-prime-slip': { text: "σ'(z)(1−σ'(z)) written where σ(z)(1−σ(z)) is meant.", level: 'note' },
  'wrong-step': { text: 'A symbolic step that fails at random values of its variables.', level: 'warning' },
  limit: { text: 'A formula too large or too deep to check.', level: 'warning' },
  syntax: { text: 'Math that cannot be read as LaTeX.', level: 'warning' },
};

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A path relative to `cwd` with forward slashes, as a URI reference (segments percent-encoded). */
export function relativeUri(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  // outside the base folder: an absolute file: URI rather than a ../ chain that might climb past the root
  if (isAbsolute(rel) || rel.split(sep).includes('..')) return pathToFileURL(isAbsolute(file) ? file : `${cwd}${sep}${file}`).href;
  return rel.split(sep).join('/').split('/').filter((s) => s !== '.').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0: one run whose driver is `dlmath`, a rule for each finding code that occurs, one result
 * per finding. Regions are 1-based, columns in UTF-16 code units (`columnKind`); artifact URIs are
 * relative to `%SRCROOT%`, the folder the check ran in. A notebook's finding has its region inside its
 * cell and says which cell in `properties.cell` (0-based).
 */
export function renderSarif(report: CheckReport, options: { cwd: string }): string {
  const codes = [...new Set(report.files.flatMap((f) => f.findings.map((x) => x.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const results = report.files.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(r.file, options.cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      ...(f.cell !== undefined ? { properties: { cell: f.cell } } : {}),
    })),
  );
  const base = pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : options.cwd + sep).href;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dlmath',
            version: version(),
            rules: codes.map((id) => ({
              id,
              shortDescription: { text: RULES[id]?.text ?? `DL Math finding '${id}'.` },
              defaultConfiguration: { level: RULES[id]?.level ?? 'warning' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
