import { CheckReport, totalsOf, whereText } from './model';

/**
 * The human-readable report: `path:line:column: severity [code] message`, the working indented
 * below, and a summary line. The `dlmath` problem matcher (package.json) reads these lines; a
 * notebook's lines say `path:cell N:line:column`, which it leaves alone (a line of a cell is not a
 * line of the .ipynb file).
 */
export function renderText(report: CheckReport): string {
  let out = '';
  for (const r of report.files) {
    for (const f of r.findings) {
      out += `${whereText(r.file, f)}: ${f.severity} [${f.code}] ${f.message}\n`;
      for (const s of f.steps ?? []) out += `    ${s}\n`;
    }
  }
  const n = report.files.length;
  const t = totalsOf(report.files);
  out += `${n} file${n === 1 ? '' : 's'}: ${t.claims} claim${t.claims === 1 ? '' : 's'} checked, ${t.errors} wrong, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}\n`;
  return out;
}
