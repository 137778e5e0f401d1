import { CheckReport, countsOf } from './model';

/** A field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per checked file under `file,claims,errors,warnings,notes`; CRLF line ends (RFC 4180). */
export function renderCsv(report: CheckReport): string {
  const rows = [['file', 'claims', 'errors', 'warnings', 'notes'].join(',')];
  for (const r of report.files) {
    const c = countsOf(r);
    rows.push([r.file, c.claims, c.errors, c.warnings, c.notes].map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
