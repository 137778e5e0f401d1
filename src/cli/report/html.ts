import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import katex from 'katex';
import { stripIsolates, type Lang } from '../../core/messages';
import { CliError } from '../io';
import { CheckReport, CheckedFile, countsOf, totalsOf } from './model';

/** Every document-derived string goes through this before it reaches the page. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const PERSIAN_RUN = /[\u0600-\u06ff\u200c]+(?:[\s\u060c\u061b:.]+[\u0600-\u06ff\u200c]+)*/g;

/**
 * A message, escaped; in a Persian one the runs between Persian words (expressions, values such as
 * `(qᵀq)/√(d_k)` or `[1, 2; 3, 4]`) are isolated left-to-right, so the bidi algorithm does not reorder
 * their brackets and operators inside the right-to-left sentence.
 */
export function bidiMessage(message: string): string {
  // the core's own isolate marks (LRI…PDI) give way to the <bdi> elements made here
  message = stripIsolates(message);
  if (!/[\u0600-\u06ff]/.test(message)) return escapeHtml(message);
  let out = '';
  let last = 0;
  const ltr = (s: string) => {
    const m = /^(\s*)(.*?)(\s*)$/s.exec(s)!;
    return m[2] ? `${m[1]}<bdi dir="ltr">${escapeHtml(m[2])}</bdi>${m[3]}` : escapeHtml(s);
  };
  for (const m of message.matchAll(PERSIAN_RUN)) {
    out += ltr(message.slice(last, m.index)) + escapeHtml(m[0]);
    last = m.index + m[0].length;
  }
  return out + ltr(message.slice(last));
}

/** The page's own words, in both languages of the findings. */
const LABELS = {
  en: {
    title: 'DL Math report',
    summary: (files: number, claims: number, errors: number, warnings: number) =>
      `${files} file${files === 1 ? '' : 's'}, ${claims} claim${claims === 1 ? '' : 's'} checked: ${errors} wrong, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    file: 'File', claims: 'Claims', errors: 'Errors', warnings: 'Warnings', notes: 'Notes',
    sort: 'Sort by this column',
    noFindings: 'No findings.',
    line: (line: number, column: number) => `line ${line}, column ${column}`,
    cell: (cell: number) => `cell ${cell}`,
    comma: ', ',
    right: 'Right value',
    working: 'Working',
    severity: { error: 'error', warning: 'warning', information: 'note', hint: 'hint' },
    skipped: 'Not checked',
  },
  fa: {
    title: 'گزارش DL Math',
    summary: (files: number, claims: number, errors: number, warnings: number) => `${files} فایل، ${claims} ادعا بررسی شد: ${errors} نادرست، ${warnings} هشدار`,
    file: 'فایل', claims: 'ادعاها', errors: 'خطاها', warnings: 'هشدارها', notes: 'یادداشت‌ها',
    sort: 'مرتب‌سازی با این ستون',
    noFindings: 'یافته‌ای نیست.',
    line: (line: number, column: number) => `سطر ${line}، ستون ${column}`,
    cell: (cell: number) => `سلول ${cell}`,
    comma: '، ',
    right: 'مقدار درست',
    working: 'محاسبه',
    severity: { error: 'خطا', warning: 'هشدار', information: 'یادداشت', hint: 'راهنما' },
    skipped: 'بررسی نشد',
  },
} as const;

const KATEX_OPTIONS = { throwOnError: false, trust: false, strict: 'ignore' as const, maxSize: 20, maxExpand: 500, output: 'htmlAndMathml' as const };

/** KaTeX markup for a formula, or its escaped source when KaTeX cannot take it. */
function tex(latex: string, display: boolean): string {
  try {
    return katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    return `<code>${escapeHtml(latex)}</code>`;
  }
}

let katexCss: string | undefined;

/**
 * KaTeX's stylesheet with its woff2 fonts inlined as data: URLs (woff and ttf fallbacks dropped), so
 * the page needs nothing from anywhere. The build copies KaTeX's CSS and fonts next to the bundled CLI
 * (dist/webview/); compiled tests read them from node_modules/katex.
 */
export function inlineKatexCss(): string {
  if (katexCss !== undefined) return katexCss;
  const candidates = [join(__dirname, 'webview')];
  try {
    candidates.push(dirname(require.resolve('katex/dist/katex.min.css')));
  } catch {
    // not installed: only the bundled copy can serve
  }
  const dir = candidates.find((d) => existsSync(join(d, 'katex.min.css')));
  if (!dir) throw new CliError("KaTeX's stylesheet is missing next to the CLI (dist/webview/katex.min.css): run npm run build");
  const css = readFileSync(join(dir, 'katex.min.css'), 'utf8')
    .replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("[a-z]+"\)/g, '')
    .replace(/url\((fonts\/[A-Za-z0-9_-]+\.woff2)\)/g, (_m, f: string) => `url(data:font/woff2;base64,${readFileSync(join(dir, f)).toString('base64')})`);
  return (katexCss = css);
}

/** Sorts the summary table by a numeric column; the page allows only this script (by its hash). */
const SCRIPT = `document.querySelectorAll('#summary th button').forEach(function (b) {
  b.addEventListener('click', function () {
    var col = Number(b.dataset.col), tbody = document.querySelector('#summary tbody');
    var desc = b.getAttribute('aria-sort') !== 'descending';
    document.querySelectorAll('#summary th button').forEach(function (x) { x.removeAttribute('aria-sort'); });
    b.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    Array.prototype.slice.call(tbody.rows).sort(function (r1, r2) {
      var d = Number(r1.cells[col].dataset.n) - Number(r2.cells[col].dataset.n);
      return (desc ? -d : d) || Number(r1.dataset.i) - Number(r2.dataset.i);
    }).forEach(function (r) { tbody.appendChild(r); });
  });
});`;

const STYLE = `
:root { color-scheme: light; --err: #b00020; --warn: #8a5a00; --note: #35566f; --line: #d0d0d0; }
body { font: 15px/1.55 system-ui, "Vazirmatn", "Noto Sans Arabic", "Segoe UI", Tahoma, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.path { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; direction: ltr; unicode-bidi: isolate; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: start; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; } th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " ⇅"; color: #888; } th button[aria-sort=descending]::after { content: " ↓"; } th button[aria-sort=ascending]::after { content: " ↑"; }
tr.has-errors td:nth-child(3) { color: var(--err); font-weight: 600; }
ol.findings { list-style: none; padding: 0; margin: 0; } li.finding { border: 1px solid var(--line); border-inline-start: 4px solid var(--note); border-radius: 4px; padding: .5rem .8rem; margin: .6rem 0; }
li.error { border-inline-start-color: var(--err); } li.warning { border-inline-start-color: var(--warn); }
.head { display: flex; gap: .6rem; flex-wrap: wrap; align-items: baseline; font-size: .9rem; color: #444; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; } .error .sev { color: var(--err); } .warning .sev { color: var(--warn); }
.claim { direction: ltr; text-align: left; overflow-x: auto; margin: .3rem 0; } .katex { direction: ltr; unicode-bidi: isolate; }
.msg { margin: .3rem 0; unicode-bidi: plaintext; } .right { margin: .2rem 0; }
pre.steps { direction: ltr; text-align: left; background: #f6f6f6; padding: .4rem .6rem; margin: .3rem 0; white-space: pre-wrap; font-size: .85rem; }
.muted { color: #666; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; } th button::after { content: ""; } a { color: inherit; text-decoration: none; }
  li.finding, tr { break-inside: avoid; } h2 { break-after: avoid; } thead { display: table-header-group; } pre.steps { background: none; border: 1px solid var(--line); }
}`;

/**
 * One self-contained page: the summary table of every file (sortable), then each file's findings with
 * the claim typeset by KaTeX, the right value, the working and the place. Offline: KaTeX's CSS and
 * fonts are inlined, and the page's Content-Security-Policy allows no fetch at all.
 */
export function renderHtml(report: CheckReport, options: { language: Lang }): string {
  const L = LABELS[options.language];
  const t = totalsOf(report.files);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const th = (label: string, col: number) => `<th class="n" scope="col"><button type="button" data-col="${col}" title="${escapeHtml(L.sort)}">${escapeHtml(label)}</button></th>`;
  const rows = report.files.map((f, i) => {
    const c = countsOf(f);
    const n = (v: number) => `<td class="n" data-n="${v}">${v}</td>`;
    return `<tr data-i="${i}"${c.errors > 0 ? ' class="has-errors"' : ''}><td><a class="path" href="#f${i}">${escapeHtml(f.file)}</a></td>${n(c.claims)}${n(c.errors)}${n(c.warnings)}${n(c.notes)}</tr>`;
  });
  const skipped = [...report.unreadable, ...report.skipped];
  return `<!doctype html>
<html lang="${options.language}" dir="${options.language === 'fa' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dlmath">
<title>${escapeHtml(L.title)}</title>
<style>${inlineKatexCss()}</style>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(L.title)}</h1><p class="muted">${escapeHtml(L.summary(report.files.length, t.claims, t.errors, t.warnings))}</p></header>
<table id="summary">
<thead><tr><th scope="col">${escapeHtml(L.file)}</th>${th(L.claims, 1)}${th(L.errors, 2)}${th(L.warnings, 3)}${th(L.notes, 4)}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${skipped.length ? `<p class="muted">${escapeHtml(L.skipped)}: ${skipped.map((s) => `<span class="path">${escapeHtml(s.file)}</span> (${escapeHtml(s.reason)})`).join(', ')}</p>` : ''}
${report.files.map((f, i) => fileSection(f, i, options.language)).join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function fileSection(f: CheckedFile, i: number, lang: Lang): string {
  const L = LABELS[lang];
  const c = countsOf(f);
  const items = f.findings.map((x, k) => {
    const statement = f.statements?.[k];
    const where = (x.cell !== undefined ? L.cell(x.cell) + L.comma : '') + L.line(x.line, x.column);
    return `<li class="finding ${x.severity === 'error' ? 'error' : x.severity === 'warning' ? 'warning' : 'note'}">
<div class="head"><span class="sev">${escapeHtml(L.severity[x.severity])}</span><code>${escapeHtml(x.code)}</code><span>${escapeHtml(where)}</span></div>
${statement ? `<div class="claim">${tex(statement, true)}</div>` : ''}
<p class="msg" dir="auto">${bidiMessage(x.message)}</p>
${x.actual !== undefined ? `<div class="right">${escapeHtml(L.right)}: <span dir="ltr">${tex(x.actual, false)}</span></div>` : ''}
${x.steps?.length ? `<pre class="steps" aria-label="${escapeHtml(L.working)}">${escapeHtml(x.steps.join('\n'))}</pre>` : ''}
</li>`;
  });
  return `<section id="f${i}">
<h2><span class="path">${escapeHtml(f.file)}</span></h2>
<p class="muted">${escapeHtml(`${L.claims}: ${c.claims} · ${L.errors}: ${c.errors} · ${L.warnings}: ${c.warnings} · ${L.notes}: ${c.notes}`)}</p>
${items.length ? `<ol class="findings">\n${items.join('\n')}\n</ol>` : `<p class="muted">${escapeHtml(L.noFindings)}</p>`}
</section>`;
}
