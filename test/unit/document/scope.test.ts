// Where a definition holds: sections (headings, questions, breaks), names reused across sections,
// and the findings that used to come from a value or a shape given somewhere else. Every row has a
// twin: the same mistake inside one section is still caught.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { alarms, analyze, describeFindings } from '../engineHelpers';
import { findSections, sectionAt, sectionPath } from '../../../src/core/document/sections';
import { findMathSpans } from '../../../src/core/markdown/spans';

/** The alarms of a document as `line: code: message`. */
function alarmsOf(doc: string): string[] {
  return alarms(analyze(doc).findings).map((f) => `${f.line}: ${f.code}: ${f.message}`);
}

/** Rows: a document, and the alarms expected in it (empty: silent). */
function table(title: string, rows: [doc: string[], expected: string[]][]): void {
  describe(title, () => {
    for (const [lines, expected] of rows) {
      const doc = lines.join('\n');
      test(lines.join(' ⏎ ').slice(0, 140), () => {
        assert.deepEqual(alarmsOf(doc), expected, describeFindings(analyze(doc).findings));
      });
    }
  });
}

table('a value holds in its exercise or question, not in the next one', [
  [['## Exercise 1', '$x = 1$', '## Exercise 2', '$$x^5 - 3x + 1 = 0$$'], []],
  [['## Exercise 1', '$x = 1$', '', '$$x^5 - 3x + 1 = 0$$'], ['4: wrong-result: x^5 − 3x + 1 = −1, not 0']],
  [['سوال ۱: اگر $x = 1$ باشد', '', 'سوال ۲:', '$$x^5 - 3x + 1 = 0$$'], []],
  [['سوال ۱: اگر $x = 1$ باشد', '', '$$x^5 - 3x + 1 = 0$$'], ['3: wrong-result: x^5 − 3x + 1 = −1, not 0']],
  [['**Question 3.** Let $x = 2$.', '', '**Question 4.**', '', '$$x + 1 = 4$$'], []],
  [['**Question 3.** Let $x = 2$.', '', '$$x + 1 = 4$$'], ['3: wrong-result: x + 1 = 3, not 4']],
  [['Problem 1: $s = 0$', '', '---', '', '$$\\frac{50}{s(s+5)}$$'], []],
  [['Problem 1: $s = 0$', '', '$$\\frac{50}{s(s+5)}$$'], ['3: domain: Division by zero']],
  [['## Problem 1', '', 'Given $z = 0$.', '', '## Problem 2', '', '$$z^{-1} + 1$$'], []],
  [['## Problem 1', '', 'Given $z = 0$.', '', '$$z^{-1} + 1$$'], ['5: limit: 0^-1 is too large to represent (overflow)']],
  // a value of the whole document (above every problem) holds in each problem
  [['# Homework', '', 'Given $z = 0$.', '', '## Problem 2', '', '$$z^{-1} + 1$$'], ['7: limit: 0^-1 is too large to represent (overflow)']],
]);

table('parts of a question and subsections see what the question defined', [
  [['## سوال ۲', '$d_{model} = 512$ و $h = 8$', '', 'الف)', '$$d_k = \\frac{d_{model}}{h} = 62$$'], ['5: wrong-result: d_model/h = 64, not 62']],
  [['## Question 2', '$n = 4$', '', '### (a)', '', '$$\\sum_{i=1}^{n} i = 11$$'], ['6: wrong-result: Σ_{i=1}^{n} i = 10, not 11']],
  [['## Question 2', '$n = 4$', '', '### (a)', '', '$$\\sum_{i=1}^{n} i = 10$$'], []],
]);

table('a name the document reuses means, in each section, what that section says', [
  // A is an intro's example, then another example's: a third section's A is neither
  [
    ['# Matrices', '$$A = \\begin{bmatrix} 2 & 0 \\\\ 0 & 1 \\end{bmatrix}$$', '## An example', '$$A = \\begin{bmatrix} 1 & 1 \\\\ 0 & 1 \\end{bmatrix}$$', '## Powers', '$$A^2 = \\begin{bmatrix} 4 & 0 \\\\ 0 & 1 \\end{bmatrix}$$'],
    [],
  ],
  [
    ['# Matrices', '$$A = \\begin{bmatrix} 2 & 0 \\\\ 0 & 1 \\end{bmatrix}$$', '## An example', '$$A = \\begin{bmatrix} 1 & 1 \\\\ 0 & 1 \\end{bmatrix}$$', '', '$$A^2 = \\begin{bmatrix} 4 & 0 \\\\ 0 & 1 \\end{bmatrix}$$'],
    ['6: wrong-result: A^2 = [1, 2; 0, 1], not [4, 0; 0, 1]'],
  ],
  // one meaning in the whole document: the same q under a later topic heading
  [['## Right', '$$q = \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}$$', '## Wrong', '$$q \\cdot q = 3$$'], ['4: wrong-result: q·q = 2, not 3']],
  [['## Right', '$$q = \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}$$', '## Wrong', '$$q \\cdot q = 2$$'], []],
]);

table('shapes hold in their section too', [
  [['## Matrix products', '$\\mathbf{A} \\in \\mathbb{R}^{n \\times k}$ and $\\mathbf{B} \\in \\mathbb{R}^{k \\times m}$', '', '$$\\mathbf{C} = \\mathbf{A}\\mathbf{B}$$', '## Exercises', '', '1. Show that $\\mathbf{A}^\\top + \\mathbf{B}^\\top = (\\mathbf{A} + \\mathbf{B})^\\top$.'], []],
  [['## Matrix products', '$\\mathbf{A} \\in \\mathbb{R}^{n \\times k}$ and $\\mathbf{B} \\in \\mathbb{R}^{k \\times m}$', '', '$$\\mathbf{C} = \\mathbf{A}\\mathbf{A}$$'], ['4: shape-mismatch: (n×k)·(n×k): inner sizes k and n differ; did you mean Aᵀ?']],
  [['## Vectors', '$$\\mathbf{x} = \\begin{bmatrix} 1 \\\\ 7 \\\\ 0 \\\\ 1 \\end{bmatrix}$$', '## Solving', '$$\\mathbf{x} = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$', '## Transformations', '$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\mathbf{x}$$'], []],
  [['## Vectors', '$$\\mathbf{x} = \\begin{bmatrix} 1 \\\\ 7 \\\\ 0 \\\\ 1 \\end{bmatrix}$$', '', '$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\mathbf{x}$$'], ['4: shape-mismatch: Cannot multiply 2×2 by 4×1: inner sizes 2 and 4 differ']],
]);

describe('related information points to each definition a finding used', () => {
  test('a wrong claim names the definitions it read, in its own section', () => {
    const doc = ['## Question 1', '$x = 5$', '## Question 2', '$x = 2$ and $y = 3$', '', '$$x \\cdot y = 7$$'].join('\n');
    const { findings } = analyze(doc);
    assert.equal(findings.length, 1, describeFindings(findings));
    const related = findings[0].related ?? [];
    assert.deepEqual(related.map((r) => r.message), ['x is defined here as 2', 'y is defined here as 3']);
    assert.deepEqual(related.map((r) => doc.slice(r.range.start, r.range.end)), ['x = 2', 'y = 3']);
  });
});

describe('sections of a Markdown text', () => {
  const kinds = (doc: string) => findSections(doc, findMathSpans(doc)).map((s) => `${s.kind}${s.level}${s.problem ? '!' : ''}:${s.title}`);
  test('headings, setext headings, questions and breaks; not code, front matter or math', () => {
    const doc = [
      '---',
      'title: hw',
      '---',
      '# Answers',
      '```python',
      '# not a heading',
      '---',
      '```',
      'Topic',
      '=====',
      'سوال دوم:',
      '$$',
      'x = 1',
      '',
      '---',
      '$$',
      '',
      '***',
      '',
      '## Exercises',
      'Problem 2 is harder than problem 1.',
    ].join('\n');
    assert.deepEqual(kinds(doc), ['document0:', 'heading1:Answers', 'heading1:Topic', 'question7!:سوال دوم:', 'break7!:', 'heading2!:Exercises']);
  });
  test('the path of a section, and the innermost section at an offset', () => {
    const doc = ['# A', 'a', '## B', 'b', '### C', 'c', '## D', 'd'].join('\n');
    const sections = findSections(doc, []);
    const at = (needle: string) => sectionAt(sections, doc.indexOf(needle));
    assert.deepEqual(sectionPath(sections, at('c')).map((id) => sections[id].title), ['', 'A', 'B', 'C']);
    assert.deepEqual(sectionPath(sections, at('d')).map((id) => sections[id].title), ['', 'A', 'D']);
    assert.equal(sections[at('a')].title, 'A');
  });
});
