// `dlmath check --format text|json|csv|html|sarif [--out FILE]` on a folder of submissions written for
// these tests (test/fixtures/submissions: Markdown and notebooks, Persian and English). The HTML
// report is also opened in headless Chromium (/usr/bin/chromium through playwright-core) with every
// request intercepted: the test asserts that none is made. It skips, saying so, when Chromium is absent.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { csvField } from '../../../src/cli/report/csv';
import { bidiMessage, escapeHtml } from '../../../src/cli/report/html';
import { REPO_ROOT } from '../engineHelpers';

const ROOT = REPO_ROOT;
const SUBMISSIONS = 'test/fixtures/submissions';
const CHROMIUM = '/usr/bin/chromium';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(ROOT); // relative paths in the reports, as a grader would run it
  try {
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

interface JsonFinding { cell?: number; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; claimed?: string; actual?: string; steps?: string[] }
interface CheckJson { files: { file: string; claims: number; findings: JsonFinding[] }[] }

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dlmath-report-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The submissions' JSON report, the reference the other formats are compared with. */
async function jsonReport(): Promise<CheckJson> {
  const r = await cli(['check', SUBMISSIONS, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  return JSON.parse(r.stdout) as CheckJson;
}

describe('check --format json on the submissions folder', () => {
  test('Markdown and notebooks, sorted; notebook findings carry their cell and in-cell positions', async () => {
    const json = await jsonReport();
    assert.deepEqual(json.files.map((f) => path.basename(f.file)), ['alice-fa.md', 'bob-en.md', 'carol-en.ipynb', 'dariush-fa.ipynb']);
    const [alice, bob, carol, dariush] = json.files;
    assert.deepEqual(alice.findings.map((f) => [f.code, f.line, f.cell]), [['wrong-result', 9, undefined], ['orientation', 15, undefined]]);
    assert.equal(bob.findings.length, 0);
    assert.equal(bob.claims, 2);
    // carol: q (cell 0) is known in cell 2; the code cell's "2 + 2 = 5" and the raw cell are not read
    const nb = JSON.parse(readFileSync(path.join(ROOT, SUBMISSIONS, 'carol-en.ipynb'), 'utf8')) as { cells: { source: string | string[] }[] };
    assert.deepEqual(carol.findings.map((f) => [f.cell, f.claimed, f.actual]), [[2, '2.6', '2.5'], [4, '1000', '1024']]);
    for (const f of carol.findings) {
      const src = nb.cells[f.cell!].source;
      const cellText = Array.isArray(src) ? src.join('') : src;
      const lineText = cellText.split('\n')[f.line - 1];
      assert.equal(lineText.slice(f.column - 1, f.endColumn - 1), f.claimed, `cell ${f.cell} ${f.line}:${f.column}`);
    }
    // dariush: a "$$" left open at the end of cell 0 does not swallow cell 1's claim
    assert.deepEqual(dariush.findings.map((f) => [f.cell, f.line, f.claimed]), [[1, 1, '8'], [3, 1, '140']]);
  });

  test('--json is --format json; --json with another format is a usage error', async () => {
    const a = await cli(['check', SUBMISSIONS, '--json']);
    const b = await cli(['check', SUBMISSIONS, '--format', 'json']);
    assert.equal(a.stdout, b.stdout);
    const c = await cli(['check', SUBMISSIONS, '--json', '--format', 'csv']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /--json and --format csv disagree/);
    const d = await cli(['check', SUBMISSIONS, '--format', 'xml']);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /--format must be one of text, json, csv, html, sarif/);
  });
});

describe('check --format text', () => {
  test('path:line:column for Markdown, path:cell N:line:column for notebooks, and the summary', async () => {
    const json = await jsonReport();
    const r = await cli(['check', SUBMISSIONS]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    for (const file of json.files) {
      for (const f of file.findings) {
        const where = f.cell === undefined ? `${file.file}:${f.line}:${f.column}` : `${file.file}:cell ${f.cell}:${f.line}:${f.column}`;
        assert.ok(lines.includes(`${where}: ${f.severity} [${f.code}] ${f.message}`), where);
      }
    }
    assert.equal(lines.at(-1), '4 files: 13 claims checked, 5 wrong, 1 warning');
  });
});

describe('check --format csv', () => {
  test('one row per file under the exact header, counts equal to the JSON report', async () => {
    const json = await jsonReport();
    const r = await cli(['check', SUBMISSIONS, '--format', 'csv']);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.endsWith('\r\n'));
    const rows = r.stdout.slice(0, -2).split('\r\n');
    assert.equal(rows[0], 'file,claims,errors,warnings,notes');
    assert.equal(rows.length, json.files.length + 1);
    json.files.forEach((f, i) => {
      const count = (s: string[]) => f.findings.filter((x) => s.includes(x.severity)).length;
      assert.equal(rows[i + 1], [f.file, f.claims, count(['error']), count(['warning']), count(['information', 'hint'])].join(','));
    });
  });

  test('fields with commas, quotes and line breaks are quoted (RFC 4180); plain ones are not', async () => {
    assert.equal(csvField('a.md'), 'a.md');
    assert.equal(csvField('a,b.md'), '"a,b.md"');
    assert.equal(csvField('say "hi".md'), '"say ""hi"".md"');
    assert.equal(csvField('two\nlines.md'), '"two\nlines.md"');
    const file = path.join(dir, 'x, "y".md');
    writeFileSync(file, '$2 + 2 = 5$\n');
    const r = await cli(['check', file, '--format', 'csv']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\r\n')[1], `"${file.replace(/"/g, '""')}",1,1,0,0`);
  });
});

describe('check --format sarif', () => {
  interface Sarif {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string }[] } };
      columnKind: string;
      originalUriBaseIds: Record<string, { uri: string }>;
      results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; properties?: { cell: number }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[];
    }[];
  }

  test('SARIF 2.1.0: one run, driver dlmath with a rule per code, one result per finding, 1-based regions, relative URIs', async () => {
    const json = await jsonReport();
    const r = await cli(['check', SUBMISSIONS, '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout) as Sarif;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'dlmath');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, new URL(`file://${ROOT}/`).href);
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ['orientation', 'wrong-result']);
    const expected = json.files.flatMap((f) => f.findings.map((x) => ({ file: f.file, x })));
    assert.equal(run.results.length, expected.length);
    run.results.forEach((res, i) => {
      const { file, x } = expected[i];
      assert.equal(res.ruleId, x.code);
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, x.code);
      assert.equal(res.level, x.severity === 'error' ? 'error' : 'warning');
      assert.equal(res.message.text, x.message);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, file);
      assert.ok(!path.isAbsolute(loc.artifactLocation.uri));
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn });
      assert.equal(res.properties?.cell, x.cell);
    });
  });
});

describe('check --format html', () => {
  test('one page: summary row per file, every finding with KaTeX markup, the right value, the working and the place', async () => {
    const json = await jsonReport();
    const out = path.join(dir, 'report.html');
    const r = await cli(['check', SUBMISSIONS, '--format', 'html', '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'with --out nothing goes to stdout');
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.equal((html.match(/<tr data-i=/g) ?? []).length, json.files.length);
    assert.equal((html.match(/<li class="finding /g) ?? []).length, json.files.reduce((n, f) => n + f.findings.length, 0));
    // the claim typeset server-side (KaTeX markup, not LaTeX source)
    assert.match(html, /<span class="katex-display">/);
    assert.match(html, /line 9, column 29/);
    assert.match(html, /cell 2, line 3, column 65/);
    assert.match(html, /1·1 \+ 2·2 = 5/);
    // offline: no http(s) URL is loaded by anything, KaTeX's fonts are inline, and the CSP forbids fetching
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
    assert.doesNotMatch(html, /url\((?!data:)/);
    assert.match(html, /url\(data:font\/woff2;base64,/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  test('Persian: the page is right-to-left, the math left-to-right, labels in Persian', async () => {
    const r = await cli(['check', SUBMISSIONS, '--format', 'html', '--lang', 'fa']);
    assert.match(r.stdout, /<html lang="fa" dir="rtl">/);
    assert.match(r.stdout, /\.katex \{ direction: ltr;/);
    assert.match(r.stdout, /سلول 2، سطر 3، ستون 65/);
    // the expressions and values inside the Persian sentence are isolated left-to-right
    assert.match(r.stdout, /حاصل <bdi dir="ltr">4 × 512 × 512<\/bdi> برابر <bdi dir="ltr">1048576<\/bdi> است، نه <bdi dir="ltr">1048567<\/bdi>/);
    assert.match(r.stdout, /حاصل <bdi dir="ltr">\(qᵀq\)\/√\(d_k\)<\/bdi> برابر/);
  });

  test('bidiMessage: English messages are only escaped; in Persian ones the runs between Persian words are isolated', () => {
    assert.equal(bidiMessage('2 + 2 = 4, not <5>'), '2 + 2 = 4, not &lt;5&gt;');
    assert.equal(bidiMessage('حاصل a<b برابر 2 است'), 'حاصل <bdi dir="ltr">a&lt;b</bdi> برابر <bdi dir="ltr">2</bdi> است');
  });

  test('document text is escaped everywhere: file names, messages, claims that KaTeX cannot read', async () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    const sub = mkdtempSync(path.join(dir, 'esc-'));
    const file = path.join(sub, '<img src=x onerror=alert(1)>.md');
    writeFileSync(file, '<script>alert(1)</script>\n\n$\\text{<b>bold</b>} 2 + 2 = 5$\n\n$$\\href{javascript:alert(1)}{x} = 1 + 1 = 3$$\n');
    const r = await cli(['check', sub, '--format', 'html']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, /<img src=x/);
    assert.doesNotMatch(r.stdout, /<b>bold/);
    // KaTeX with trust: false draws \href as text (its source stays in an escaped annotation), never a link
    assert.doesNotMatch(r.stdout, /href\s*=\s*["']?javascript:/i);
    assert.match(r.stdout, /&lt;img src=x onerror=alert\(1\)&gt;\.md/);
    assert.equal((r.stdout.match(/<script>/g) ?? []).length, 1, 'the page has its own sorting script only');
  });

  test('in headless Chromium: no network request at all, the KaTeX fonts load, sorting by errors works', { timeout: 60_000 }, async (t) => {
    if (!existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} is absent: the offline check needs a Chromium`);
      return;
    }
    const out = path.join(dir, 'report-chromium.html');
    const r = await cli(['check', SUBMISSIONS, '--format', 'html', '--out', out]);
    assert.equal(r.code, 1);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const context = await browser.newContext();
      const requests: string[] = [];
      // every request the page makes, of any scheme but its own file and inline data, is recorded and refused
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url === new URL(`file://${out}`).href || url.startsWith('data:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      context.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith('data:') && url !== new URL(`file://${out}`).href) requests.push(url);
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(new URL(`file://${out}`).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, [], 'no CSP violation or script error');
      assert.equal(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), true, 'the inline KaTeX font loaded');
      // sort by errors (descending): carol and dariush (2 each) first, bob (0) last
      await page.click('#summary th button[data-col="2"]');
      const order = await page.$$eval('#summary tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
      assert.deepEqual(order.map((f) => path.basename(f)), ['carol-en.ipynb', 'dariush-fa.ipynb', 'alice-fa.md', 'bob-en.md']);
      if (process.env.DLMATH_REPORT_SCREENSHOT) {
        await page.click('#summary th button[data-col="2"]');
        await page.click('#summary th button[data-col="2"]');
        await page.setViewportSize({ width: 1100, height: 900 });
        await page.screenshot({ path: process.env.DLMATH_REPORT_SCREENSHOT, fullPage: false });
      }
    } finally {
      await browser.close();
    }
  });
});
