// One vocabulary table: every reader takes a command's meaning from src/core/syntax/vocabulary.ts,
// so the tokenizer, the parser and the printer agree on each entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasRole, namesWith, relationOf, rolesOf, greekGlyph } from '../../../src/core/syntax/vocabulary';
import { parsePiece, readPiece, splitStatements } from '../../../src/core/syntax/parser';
import { printNode } from '../../../src/core/syntax/print';
import { Unsupported } from '../../../src/core/syntax/errors';
import type { Node } from '../../../src/core/syntax/ast';
import { analyzeDocument } from '../../../src/core/document/analysis';

const LIMITS = { maxMatrixElements: 10_000, maxDepth: 100 };

function parseOne(latex: string): Node {
  const chains = splitStatements(latex);
  assert.equal(chains.length, 1, latex);
  assert.equal(chains[0].pieces.length, 1, latex);
  return parsePiece(chains[0].pieces[0].tokens, LIMITS);
}

test('every Greek letter is a name the parser reads and the printer writes as its glyph', () => {
  const greek = [...namesWith('greek')];
  assert.ok(greek.length >= 35);
  for (const g of greek) {
    if (hasRole(g, 'function')) continue; // \sigma is applied when it has an argument
    const n = parseOne(`\\${g}`);
    assert.equal(n.t, 'sym', g);
    assert.equal(printNode(n), greekGlyph(g), g);
  }
  assert.equal(printNode(parseOne('\\ell')), 'ℓ');
  assert.equal(printNode(parseOne('\\zeta')), 'ζ');
});

test('every function in the table is read as a call when applied', () => {
  for (const f of namesWith('function')) {
    if (['sum', 'prod', 'sqrt'].includes(f)) continue; // written with limits or a radical, not parentheses
    const n = parseOne(`\\${f}(x)`);
    assert.equal(n.t, 'call', f);
  }
  for (const f of namesWith('plain-function')) assert.equal(parseOne(`${f}(x)`).t, 'call', f);
});

test('every matrix environment, array included, is a matrix; statement environments split into statements', () => {
  for (const env of namesWith('matrix-env')) {
    const cols = env === 'array' ? '{cc}' : '';
    const n = parseOne(`\\begin{${env}}${cols} 1 & 2 \\\\ 3 & 4 \\end{${env}}`);
    assert.equal(n.t, 'mat', env);
    if (n.t === 'mat') assert.deepEqual([n.rows.length, n.rows[0].length], [2, 2], env);
  }
  for (const env of ['aligned', 'align*', 'gather']) {
    const chains = splitStatements(`\\begin{${env}} a &= 1 \\\\ b &= 2 \\end{${env}}`);
    assert.equal(chains.length, 2, env);
  }
});

test('relations, separators and spacing come from the table', () => {
  assert.equal(relationOf('approx'), 'approx');
  assert.equal(relationOf('coloneqq'), '=');
  assert.equal(relationOf('leq'), 'other');
  assert.equal(relationOf('constructor'), undefined, 'no prototype members');
  assert.equal(relationOf('toString'), undefined);
  assert.equal(splitStatements('a = 1 \\quad b = 2').length, 2, 'a separator ends a statement');
  assert.equal(splitStatements('a = 1 \\Rightarrow b = 2').length, 2);
  assert.equal(printNode(parseOne('2 \\, \\cdot \\; 3')), printNode(parseOne('2 \\cdot 3')), 'spacing reads as nothing');
  assert.deepEqual([...rolesOf('quad')].sort(), ['separator', 'spacing']);
  assert.equal(rolesOf('notACommand').size, 0);
});

test('an upright word with a script right against it is a name in the statement; a prose label still ends it', () => {
  // the shape pass reads these statements as the analysis split them (no second splitter)
  const named = splitStatements('\\mathrm{head}_i = \\mathrm{Attention}(QW_i^Q, KW_i^K, VW_i^V)');
  assert.equal(named.length, 1);
  assert.equal(named[0].pieces.length, 2);
  const head = parsePiece(named[0].pieces[0].tokens, LIMITS);
  assert.equal(head.t === 'sym' && head.name, 'head_i');
  assert.equal(splitStatements('\\text{W}^{out} = 3')[0].pieces[0].start, 0);
  // the twin: a label followed by a name, with a space or without a script, ends the statement
  assert.equal(splitStatements('x = 2 \\text{so} y = 3').length, 2);
  assert.equal(splitStatements('x = 2 \\text{and} _i').length, 2);
});

test('notation with no value has a tree for the passes that read shapes, and the evaluator the same refusal as before', () => {
  const cases: [string, string, Node['t']][] = [
    ['\\mathrm{Concat}(a, \\dots, b)', 'unknown function Concat', 'call'],
    ['(a, \\dots, b)', '\\dots', 'tuple'],
    ['\\R^{n \\times d}', '\\R', 'pow'],
    ['\\begin{bmatrix} a \\\\ \\vdots \\end{bmatrix}', '\\vdots', 'mat'],
  ];
  for (const [src, reason, kind] of cases) {
    const toks = splitStatements(src)[0].pieces[0].tokens;
    const read = readPiece(toks, LIMITS);
    assert.equal(read.node.t, kind, src);
    assert.equal(read.refusal?.reason, reason, src);
    assert.throws(() => parsePiece(toks, LIMITS), (e: unknown) => e instanceof Unsupported && e.reason === reason, src);
  }
  // the twin: notation with a value reads with no refusal
  const plain = readPiece(splitStatements('(1, 2)')[0].pieces[0].tokens, LIMITS);
  assert.equal(plain.node.t, 'tuple');
  assert.equal(plain.refusal, undefined);
});

test('a style keeps the name, a decoration makes another one; unknown commands are not read', () => {
  const bold = parseOne('\\mathbf{x}');
  const hat = parseOne('\\hat{x}');
  assert.ok(bold.t === 'sym' && bold.name === 'x');
  assert.ok(hat.t === 'sym' && hat.name !== 'x');
  assert.throws(() => parseOne('\\frobnicate{x}'), (e) => e instanceof Unsupported);
});

test('every activation is a function the parser applies, and activationOf names it', async () => {
  const { activationOf } = await import('../../../src/core/syntax/vocabulary');
  for (const name of namesWith('activation')) {
    assert.ok(hasRole(name, 'function'), name);
    const n = parseOne(`\\${name}(x)`);
    assert.equal(n.t, 'call', name);
    if (n.t === 'call') assert.equal(activationOf(n.fn), activationOf(name), name);
  }
  assert.equal(activationOf('exp'), undefined);
});

test("a prime is read the same however it is written: σ', σ^\\prime, σ^{\\prime}, σ^{'} (with where it stands)", () => {
  for (const latex of ["\\sigma'(z)", '\\sigma^\\prime(z)', '\\sigma^{\\prime}(z)', "\\sigma^{'}(z)"]) {
    const n = parseOne(latex);
    assert.equal(n.t, 'call', latex);
    if (n.t !== 'call') continue;
    assert.equal(n.prime, 1, latex);
    // the prime's own text, which the σ′-slip fix removes
    assert.equal(latex.slice(n.primeS, n.primeE).replace(/[{}^]/g, ''), latex.includes('prime') ? '\\prime' : "'", latex);
  }
  // twin: a power on σ is still σ as a name squared (a variance), not a derivative
  const v = parseOne('\\sigma^{2}');
  assert.equal(v.t, 'pow');
});

test('a derivative written with ∂ has no value, but its piece keeps a tree (later passes read the product beside it)', () => {
  const [chain] = splitStatements("\\frac{\\partial L}{\\partial z} \\times \\sigma'(z)");
  const r = readPiece(chain.pieces[0].tokens, LIMITS);
  assert.ok(r.refusal instanceof Unsupported);
  assert.equal(r.node.t, 'bin');
  assert.throws(() => parsePiece(chain.pieces[0].tokens, LIMITS), Unsupported);
});

test('a power before a factor is printed with a dot, so its exponent ends where it should', () => {
  assert.equal(printNode(parseOne('(-1)^i n_i')), '(−1)^i·n_i');
  assert.equal(printNode(parseOne('W^2 h')), 'W^2·h');
  // twins: no dot where nothing could be misread
  assert.equal(printNode(parseOne('2 n_i')), '2n_i');
  assert.equal(printNode(parseOne('W^{2} + h')), 'W^2 + h');
});

test('a name whose index is written with an operator keeps it in braces when printed; a plain index does not', () => {
  assert.equal(printNode(parseOne('h_{t-1}')), 'h_{t−1}');
  assert.equal(printNode(parseOne('\\hat y_{t+1}')), 'ŷ_{t+1}');
  assert.equal(printNode(parseOne('h_t')), 'h_t');
  assert.equal(printNode(parseOne('x_{1}')), 'x_1');
  assert.equal(printNode(parseOne('W_{hh}')), 'W_hh');
});

test('a decorated bold letter is printed as the letter with its mark, however the bold is written', () => {
  // `\hat{\boldsymbol w}`: the space ends the command word (the name was `\hat{\boldsymbolw}`, printed b̂oldsymbolw)
  assert.equal(printNode(parseOne('\\hat{\\boldsymbol w}')), 'ŵ');
  assert.equal(printNode(parseOne('\\hat{\\mathbf w}_t')), 'ŵ_t');
  assert.equal(printNode(parseOne('\\hat{\\mathbf{x}}')), 'x̂');
  assert.equal(printNode(parseOne('\\bar{\\boldsymbol\\mu}')), 'μ̄');
  // the same name wherever it is written with the same spelling: a definition reaches its use
  const { findings } = analyzeDocument('Let $\\hat{\\boldsymbol w} = 3$.\n\nThen $\\hat{\\boldsymbol w} \\times 2 = 7$ and $\\hat{\\boldsymbol w} + 1 = 4$.');
  assert.deepEqual(findings.map((f) => f.message), ['ŵ × 2 = 6, not 7']);
});

test('a name alone in bold braces (\\mathbf{h_t}, \\boldsymbol{\\hat w}) is that name: defined there, read there; twins', () => {
  const wrong = (doc: string) => analyzeDocument(doc).findings.map((f) => f.message);
  // before, `\mathbf{h_t} = 5` defined nothing (a group, not a name) and the claims after it were silent
  assert.deepEqual(wrong('Let $\\mathbf{h_t} = 5$.\n\nThen $\\mathbf{h_t} + 1 = 7$.'), ['h_t + 1 = 6, not 7']);
  assert.deepEqual(wrong('Let $\\mathbf{h_t} = 5$.\n\nThen $\\mathbf{h_t} + 1 = 6$.'), []);
  assert.deepEqual(wrong('Let $\\boldsymbol{\\hat w} = 5$.\n\nThen $\\boldsymbol{\\hat w} - 1 = 3$.'), ['ŵ − 1 = 4, not 3']);
  assert.deepEqual(wrong('Let $\\boldsymbol{\\hat w} = 5$.\n\nThen $\\boldsymbol{\\hat w} - 1 = 4$.'), []);
  // the bold name and the name with the bold on its letter alone are one name
  assert.deepEqual(wrong('Let $\\mathbf{h}_t = 5$.\n\nThen $\\mathbf{h_t} \\times 2 = 10$ and $\\mathbf{h_t} \\times 3 = 16$.'), ['h_t × 3 = 15, not 16']);
  // bold around a value or an expression is still that value
  assert.deepEqual(wrong('$\\mathbf{2 + 3} = 5$ and $\\mathbf{4 \\times 4} = 15$'), ['4 × 4 = 16, not 15']);
});
