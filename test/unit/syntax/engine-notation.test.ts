// Notation read the way it is printed (issue 13): scripts on letters written together, named
// functions, arguments without parentheses, ratios, decimal commas, units after a number. Every
// row that stays silent or is judged right has a twin: the same shape with a real mistake, still caught.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertClose, describeFindings } from '../engineHelpers';

type Value = number | number[] | number[][];
type Expect = { kind: 'right'; claims?: number } | { kind: 'silent' } | { kind: 'wrong'; actual: Value; message?: RegExp | string };

const right = (claims?: number): Expect => ({ kind: 'right', claims });
const silent: Expect = { kind: 'silent' };
const wrong = (actual: Value, message?: RegExp | string): Expect => ({ kind: 'wrong', actual, message });

function judge(md: string, e: Expect): void {
  const { analysis, findings } = analyze(md);
  const shown = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  const info = `${md}\n→ claims=${analysis.claims}\n${describeFindings(findings)}`;
  if (e.kind === 'right') {
    assert.deepEqual(shown, [], info);
    assert.ok(analysis.claims > 0, `expected the line to be judged: ${info}`);
    if (e.claims !== undefined) assert.equal(analysis.claims, e.claims, info);
  } else if (e.kind === 'silent') {
    assert.deepEqual(shown, [], info);
  } else {
    assert.equal(shown.length, 1, info);
    assert.equal(shown[0].code, 'wrong-result', info);
    assertClose(shown[0].actualValue, e.actual, 1e-6, info);
    if (e.message) assert.ok(typeof e.message === 'string' ? shown[0].message === e.message : e.message.test(shown[0].message), `message ${JSON.stringify(shown[0].message)} does not match ${e.message}`);
  }
}

function table(title: string, rows: [string, Expect][]): void {
  describe(title, () => {
    for (const [md, e] of rows) test(`${e.kind}: ${md.replace(/\s+/g, ' ').slice(0, 100)}`, () => judge(md, e));
  });
}

// Q and K square and K not symmetric, so Q·Kᵀ, (QK)ᵀ and Qᵀ·K all differ
const QK = '$Q = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$, $K = \\begin{bmatrix} 0 & 1 \\\\ 2 & 3 \\end{bmatrix}$, $P = \\begin{bmatrix} 2 & 0 \\\\ 0 & 1 \\end{bmatrix}$\n\n';
const bm = (m: number[][]) => `\\begin{bmatrix} ${m.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const QKt = [[2, 8], [4, 18]]; // Q·Kᵀ
const QKthenT = [[4, 8], [7, 15]]; // (Q·K)ᵀ, the old reading
const QKinv = [[0.5, 0.5], [-0.5, 1.5]]; // Q·K⁻¹, K⁻¹ = [[-1.5, 0.5], [1, 0]]

table('a script on letters written together belongs to the last letter', [
  [`${QK}$$QK^T = ${bm(QKt)}$$`, right(1)],
  [`${QK}$$QK^T = ${bm(QKthenT)}$$`, wrong(QKt)],
  [`${QK}$$QK^\\top = ${bm(QKt)}$$`, right(1)],
  [`${QK}$$\\mathbf{QK}^\\top = ${bm(QKt)}$$`, right(1)],
  [`${QK}$$\\mathbf{QK}^{\\top} = ${bm(QKthenT)}$$`, wrong(QKt)],
  [`${QK}$$\\mathbf{QQ}^\\top = ${bm([[5, 11], [11, 25]])}$$`, right(1)],
  [`${QK}$$\\mathbf{QQ}^\\top = ${bm([[10, 14], [14, 20]])}$$`, wrong([[5, 11], [11, 25]])], // QᵀQ written for QQᵀ
  [`${QK}$$QK^{-1} = ${bm(QKinv)}$$`, right(1)],
  [`${QK}$$PQK^{-1} = ${bm([[1, 1], [-0.5, 1.5]])}$$`, right(1)],
  [`${QK}$$PQK^{-1} = ${bm([[1, 1], [-0.5, 2.5]])}$$`, wrong([[1, 1], [-0.5, 1.5]])],
  [`${QK}$$QK^2 = ${bm([[14, 25], [30, 53]])}$$`, right(1)],
  // parentheses make the script the whole product's
  [`${QK}$$(QK)^T = ${bm(QKthenT)}$$`, right(1)],
  [`${QK}$$(QK)^T = ${bm(QKt)}$$`, wrong(QKthenT)],
]);

table('named functions: known ones exact, unknown ones not computable', [
  ['$$\\operatorname{erf}(1) = 0.8427$$', right(1)],
  ['$$\\operatorname{erf}(1) = 0.9427$$', wrong(0.8427007929, /^erf\(1\) = 0\.8427, not 0\.9427$/)],
  ['$$\\operatorname{erf}(-2.5) = -0.9996$$', right(1)],
  ['$$\\operatorname{erf}(3) = 0.99997791$$', right(1)],
  ['$$\\mathrm{GELU}(1) = 0.8413$$', right(1)],
  ['$$\\mathrm{GELU}(1) = 0.8512$$', wrong(0.8413447461)],
  ['$$\\text{GELU}(-3) = -0.00405$$', right(1)],
  ['$$\\mathrm{Swish}(1) = 0.7311$$', right(1)],
  ['$$\\mathrm{SiLU}(2) = 1.7616$$', right(1)],
  ['$$\\mathrm{SiLU}(2) = 1.8808$$', wrong(1.761594156)],
  ['$$\\text{softplus}(1000) = 1000$$', right(1)],
  ['$$\\text{softplus}(0) = 0.6931$$', right(1)],
  // unknown: the expression is not computable; its argument is never judged as its value
  ['$$\\text{sinc}(0) = 1$$', silent],
  ['$$\\text{sinc}(0) = 3$$', silent],
  ['$$\\text{clip}(5) = 1$$', silent],
  ['$$\\operatorname{foo}(2) = 7 \\quad 2 + 2 = 5$$', wrong(4)], // the rest of the line is still judged
  ['$$\\mathrm{Mish}(1) = 1$$', silent],
  // prose before a group is not a function
  ['$$\\text{where } (2 + 3) = 5$$', right(1)],
  ['$$\\text{where } (2 + 3) = 6$$', wrong(5)],
]);

table('an argument without parentheses runs over the following product', [
  ['$x = 0.5$ so $$\\cos 2x = 0.5403$$', right(1)],
  ['$x = 0.5$ so $$\\cos 2x = -0.2081$$', wrong(0.5403023059)], // cos(2)·x
  ['$x = 0.5$ so $$\\sin 2x + 1 = 1.8415$$', right(1)],
  ['$x = 0.5$ so $$\\sin x \\cos x = 0.4207$$', right(1)],
  ['$x = 0.5$ so $$\\sin x \\cos x = 0.2397$$', wrong(0.4207354924)],
  ['$x = 0.5$ so $$\\exp 2x \\cdot 2 = 5.4366$$', right(1)],
  ['$$\\log_2 8 \\cdot 3 = 9$$', right(1)],
  ['$$\\log_2 8 \\cdot 3 = 4.585$$', wrong(9)],
]);

table('a unit after the written number', [
  ['$$\\frac{2 \\times 24 \\times 2048 \\times 1024 \\times 2}{2^{20}} = 192 \\text{ MiB}$$', right(1)],
  ['$$\\frac{2 \\times 24 \\times 2048 \\times 1024 \\times 2}{2^{20}} = 96 \\text{ MiB}$$', wrong(192, '(2 × 24 × 2048 × 1024 × 2)/2^20 = 192, not 96')],
  ['$$2 \\times 3 = 6 \\text{ ms}$$', right(1)],
  ['$$2 \\times 3 = 7 \\text{ ms}$$', wrong(6)],
  ['$$۲ \\times ۳ = ۷ \\text{ ثانیه}$$', wrong(6)],
  // the computation in one unit, the answer in another: the engine does not convert, so it stays silent
  ['$$4 \\times 10^{9} \\times 4 = 16 \\text{GB}$$', silent],
  ['$$4 \\times 10^{9} \\times 4 = 14.9 \\text{ GiB}$$', silent],
  ['$$60 \\times 2 = 2 \\text{ h}$$', silent],
  ['$$1024 \\times 1024 \\times 8 = 8 \\text{ Mbit}$$', silent],
  // the unit named in the prose after the formula: its last number is in that unit
  ['$2 \\times 1024^3 = 2147483648 \\approx 2.15$ GFLOP', right(1)],
  ['$2 \\times 1024^3 = 2147483648 \\approx 3.15$ GFLOP', wrong(2147483648, '2 × 1024^3 ≈ 2147483648.00, not 3.15')],
  ['$1.3 \\times 10^{9} \\times 2 = 2.6$ GB for the weights', silent],
  ['$1.3 \\times 10^{9} \\times 2 = 2.6$ which is wrong', wrong(2.6e9)],
  // a count or a time after the formula has no scale in it: a slip by ten is still caught
  ['$2 \\times 1024^3 = 2.147 \\times 10^8$ FLOPs.', wrong(2147483648)],
  ['$\\frac{7.5 \\times 10^{18}}{4 \\times 10^{13}} = 18750$ seconds', wrong(187500)],
  ['$۲ \\times ۱۰^{۹} \\times ۴ = ۸$ گیگابایت', silent],
  ['$۲ \\times ۱۰^{۹} \\times ۴ = ۸$ و', wrong(8e9)],
  // a Chinese scale word right after the formula (万 is ten thousand): 56⁴ ≈ 1000 万 is about 10⁷
  ['就是 $56^4 \\approx 1000$ 万的计算量', silent],
  ['就是 $56^4 \\approx 1000$ 的计算量', wrong(9834496)],
]);

describe('a unit on a written number: the fix keeps the unit', () => {
  test('only the number is replaced', () => {
    const md = '$$\\frac{2 \\times 24 \\times 2048 \\times 1024 \\times 2}{2^{20}} = 96 \\text{ MiB}$$';
    const { findings } = analyze(md);
    assert.equal(findings.length, 1, describeFindings(findings));
    assert.equal(md.slice(findings[0].range.start, findings[0].range.end), '96');
    assert.equal(findings[0].fix?.newText, '192');
  });
});

table('angles: degrees (^\\circ) and the inverse trigonometric functions', [
  ['$$\\arccos 0.6 = 53.13^\\circ$$', right(1)],
  ['$$\\arccos 0.6 = 36.87^\\circ$$', wrong(Math.acos(0.6), 'arccos(0.6) = 53.13°, not 36.87°')],
  ['$$\\arctan\\frac{4}{3} = 53.13^{\\circ} = 0.9273$$', right(2)],
  ['$$\\cos 60^\\circ = 0.5$$', right(1)],
  ['$$\\cos 60^\\circ = 0.4$$', wrong(0.5)],
  // a whole number of degrees is the angle rounded to the degree, not to a tenth of a radian
  ['$$\\arctan 1 = 45^\\circ$$', right(1)],
  ['$$\\arctan 1 = 44^\\circ$$', wrong(Math.PI / 4, 'arctan(1) = 45°, not 44°')],
  ['$$\\arctan 0.5 = 26.57^\\circ$$', right(1)], // 26.565°
  ['$$\\arctan 0.5 = 26.58^\\circ$$', wrong(Math.atan(0.5))],
  ['$$\\arcsin 2 = 1$$', silent], // outside its domain: not computable
]);

table('ratios, decimal commas and Persian separators', [
  // d2l-en googlenet.md: a ratio chain is no claim about its last number; the sum beside it is judged
  ['$128+192+96+64=480$, yielding a ratio of $128:192:96:64 = 4:6:3:2$', right(1)],
  ['$128+192+96+64=490$, yielding a ratio of $128:192:96:64 = 4:6:3:2$', wrong(480)],
  ['$$\\text{Heads} : 12 \\times 64 = 768$$', right(1)], // a label before `:` is still a label
  ['$$\\text{Heads} : 12 \\times 64 = 786$$', wrong(768)],
  // a comma between digits, no space, next to an operator: a decimal comma
  ['$0,5 \\cdot 2 = 1$', right(1)],
  ['$0,5 \\cdot 2 = 2$', wrong(1, '0.5·2 = 1, not 2')],
  ['$0,125 \\times 8 = 1$', right(1)],
  ['$0,125 \\times 8 = 125$', wrong(1)],
  ['$2 \\times 0,25 = 0.5$', right(1)],
  // alone it may be two items: not judged, and no name is given its first digit
  ['$x = 1,5$ then $x + 1 = 2$', silent],
  ['$x = 1.5$ then $x + 1 = 3$', wrong(2.5)],
  // thousands and argument lists keep their meaning
  ['$1,000 \\times 2 = 2000$', right(1)],
  ['$1,000 \\times 2 = 2002$', wrong(2000)],
  ['$\\max(1,2) = 2$', right(1)],
  ['$\\max(1,2) = 1$', wrong(2)],
  // Persian: ۰/۲۵ is 0.25 on either side; the Arabic comma groups thousands
  ['$۰/۲۵ = \\frac{1}{4}$', right(1)],
  ['$\\frac{1}{4} = ۰/۲۵$', right(1)],
  ['$\\frac{1}{4} = ۰/۳۵$', wrong(0.25)],
  ['$۰/۲۵ \\times ۴ = ۱$', right(1)],
  ['$۰/۲۵ \\times ۴ = ۲$', wrong(1)],
  ['$۵۰۰ \\times ۲ = ۱،۰۰۰$', right(1)],
  ['$۵۰۰ \\times ۲ = ۱،۵۰۰$', wrong(1000)],
  ['$x = ۱،۰۰۰$ و $x \\times ۲ = ۲۰۰۰$', right(1)],
  ['$x = ۱،۰۰۰$ و $x \\times ۲ = ۳۰۰۰$', wrong(2000)],
  // ۲/۵ inside an expression: 2.5 or two fifths? not judged
  ['$۲/۵ \\times ۲ = ۵$', silent],
  ['$۲/۵ \\times ۲ = ۰/۸$', silent],
]);

table('a colon that is not a ratio still separates', [
  ['$$T = 50 : 0.9^{T} = 0.005$$', right(1)],
  ['$$T = 50 : 0.9^{T} = 0.05$$', wrong(0.0051537752)],
]);

table('nested Σ/Π: indices, shadowing and depth', [
  ['$$\\sum_{i=1}^{3} \\sum_{j=1}^{i} j = 10$$', right(1)],
  ['$$\\sum_{i=1}^{3} \\sum_{j=1}^{i} j = 14$$', wrong(10)],
  // an inner Σ over the same letter hides the outer one and gives it back: (1 + 2) + 1 + (1 + 2) + 2
  ['$$\\sum_{i=1}^{2} \\left(\\sum_{i=1}^{2} i + i\\right) = 9$$', right(1)],
  ['$$\\sum_{i=1}^{2} \\left(\\sum_{i=1}^{2} i + i\\right) = 12$$', wrong(9)],
  ['$n = 4$ so $$\\prod_{k=1}^{n} \\sum_{j=1}^{k} 1 = 24$$', right(1)],
]);

describe('a deep nest of Σ', () => {
  test('150 nested sums each reading the outermost index evaluate to the right value', () => {
    // Σ_{a1=1}^{2} Σ_{a2=1}^{1} … Σ_{a150=1}^{1} i: every inner body reads the outermost index
    const depth = 150;
    let body = 'i';
    for (let k = depth; k >= 2; k--) body = `\\sum_{j=1}^{1} ${body}`;
    const md = `$$\\sum_{i=1}^{2} ${body} = 3$$`;
    const { analysis, findings } = analyze(md, { maxDepth: 400 });
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), [], describeFindings(findings));
    assert.equal(analysis.claims, 1);
  });
});

table('a line of an aligned block that starts with + goes on with the expression above it', [
  ['$$\\begin{aligned} s &= 1 \\times 2 + 3 \\times 4 \\\\ &+ 5 \\times 6 \\\\ &= 44 \\end{aligned}$$', right(1)],
  ['$$\\begin{aligned} s &= 1 \\times 2 + 3 \\times 4 \\\\ &+ 5 \\times 6 \\\\ &= 45 \\end{aligned}$$', wrong(44)],
  // a line starting with − and holding its own relation is a statement of its own
  ['$$\\begin{aligned} &-2.5 = -1 + \\frac{1}{2}\\times(-3) \\\\ &-1.5 = -1 + \\frac{1}{2}\\times(-1) \\end{aligned}$$', right(2)],
  ['$$\\begin{aligned} &-2.5 = -1 + \\frac{1}{2}\\times(-3) \\\\ &-1.5 = -1 + \\frac{1}{2}\\times(-2) \\end{aligned}$$', wrong(-2)],
  // one without a relation goes on with the sum
  ['$$\\begin{aligned} t &= 10 + 4 \\\\ &- 3 \\\\ &= 11 \\end{aligned}$$', right(1)],
  ['$$\\begin{aligned} t &= 10 + 4 \\\\ &- 3 \\\\ &= 14 \\end{aligned}$$', wrong(11)],
]);

table('a function written before a pmatrix takes the matrix as its argument', [
  ['$$\\text{softmax}\\begin{pmatrix} 0 & 0 \\end{pmatrix}\\begin{bmatrix} 2 \\\\ 4 \\end{bmatrix} = 3$$', right(1)],
  ['$$\\text{softmax}\\begin{pmatrix} 0 & 0 \\end{pmatrix}\\begin{bmatrix} 2 \\\\ 4 \\end{bmatrix} = 4$$', wrong(3)],
]);
