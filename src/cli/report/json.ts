import type { CheckReport } from './model';

/** How long the pieces of a report written out are, at least (characters). */
const CHUNK = 1 << 16;

/**
 * The JSON report (`--format json`): exactly `JSON.stringify({ files }, null, 2)` and a newline, made
 * one finding at a time and handed out in pieces of about 64 K characters, so that the report of a
 * large answer (24,000 findings, 21 MB) is never held, and copied to be written, whole.
 */
export function* jsonReportChunks(report: Pick<CheckReport, 'files'>): Generator<string, void, void> {
  const files = report.files;
  if (files.length === 0) {
    yield '{\n  "files": []\n}\n';
    return;
  }
  let out = '{\n  "files": [\n';
  for (let i = 0; i < files.length; i++) {
    const { file, claims, findings } = files[i];
    const end = i === files.length - 1 ? '\n' : ',\n';
    if (findings.length === 0) {
      out += '    ' + indent(JSON.stringify({ file, claims, findings }, null, 2), '    ') + end;
      continue;
    }
    out += `    {\n      "file": ${JSON.stringify(file)},\n      "claims": ${JSON.stringify(claims)},\n      "findings": [\n`;
    for (let j = 0; j < findings.length; j++) {
      out += '        ' + indent(JSON.stringify(findings[j], null, 2), '        ') + (j === findings.length - 1 ? '\n' : ',\n');
      if (out.length >= CHUNK) {
        yield out;
        out = '';
      }
    }
    out += '      ]\n    }' + end;
  }
  yield out + '  ]\n}\n';
}

/** A JSON text's lines after the first, moved right (its strings hold no raw line break). */
function indent(json: string, by: string): string {
  return json.replace(/\n/g, '\n' + by);
}
