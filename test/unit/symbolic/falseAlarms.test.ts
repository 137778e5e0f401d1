// Readings that made the symbolic judge warn on right derivations (issue #13, zero false alarms): each
// rule has a twin, the right line of that shape stays silent and a really wrong line of the same shape
// is still a `wrong-step` (or, for the statement model, a `wrong-result`). Fixtures are written here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../engineHelpers';
import { caught, silent } from './stepHelpers';

const aligned = (...lines: string[]) => `$$\n\\begin{aligned}\n${lines.join('\\\\\n')}\n\\end{aligned}\n$$\n`;

describe('false alarms: each rule stays silent on the right line and still catches the wrong one', () => {
  test('a superscript step (g^t, h^{t-1}) is the name at that step, not a power; powers elsewhere are judged', () => {
    silent('Gates of a recurrent cell at step t:\n\n' + aligned('g^t &= \\sigma(A_g u^t + B_g s^{t-1}) = \\sigma(\\tilde{g}^t)', 'r^t &= \\sigma(A_r u^t + B_r s^{t-1}) = \\sigma(\\tilde{r}^t)'));
    caught('Powers:\n\n$$w = b^k + b^k = 2 b^{k+1}$$\n', 'w = b^k');
  });

  test('an inverse beside a transpose (an orthogonal matrix) is not read as numbers; each alone still is', () => {
    silent('The rotation $Q_a^c$ is orthogonal:\n\n$$Q_c^a = \\left(Q_a^c\\right)^{-1} = \\left(Q_a^c\\right)^\\top$$\n');
    caught('$$M = (K^{-1})^{-1} = 3K$$\n', 'M = ');
    caught('$$M = (K^\\top)^\\top = 3K$$\n', 'M = ');
  });

  test('q_y = … then q_k = … (for k ≠ y): two members named by their letters, not one family written twice', () => {
    const target = 'The target is $q_y = 1 - \\varepsilon + \\frac{\\varepsilon}{K}$ and $q_k = \\frac{\\varepsilon}{K}$ for $k \\ne y$.\n\n';
    silent(target + '$$z_y - z_k = \\log\\frac{q_y}{q_k} = \\log\\frac{(1 - \\varepsilon)K + \\varepsilon}{\\varepsilon}$$\n');
    caught(target + '$$z_y - z_k = \\log\\frac{q_y}{q_k} = \\log\\frac{(1 - \\varepsilon)K}{\\varepsilon}$$\n', '= \\log\\frac{(1');
    // each member keeps its own definition: q_k alone is judged with ε/K
    silent(target + '$$\\log q_k = \\log\\frac{\\varepsilon}{K} = \\log \\varepsilon - \\log K$$\n');
    caught(target + '$$\\log q_k = \\log\\frac{\\varepsilon}{K} = \\log \\varepsilon + \\log K$$\n', '\\log q_k');
    // a recurrence written again with another letter (an offset) is still the family redefined
    silent('$$h_t = 2 h_{t-1}$$\n\n$$h_{k+1} = 3 h_k$$\n\n$$h_5 = 3 h_4$$\n');
  });

  test('solving an equation for a name it had in another case: judged from the solution on', () => {
    const first = 'When m is even:\n\n' + aligned('&3k + 2 = m', '\\Rightarrow &k = (m - 2)/3 = m/3 - 2/3') + '\nWhen m is odd:\n\n';
    silent(first + aligned('&3k + 1 = m', '\\Rightarrow &k = (m - 1)/3 = m/3 - 1/3'));
    const wrong = first + aligned('&3k + 1 = m', '\\Rightarrow &k = (m - 1)/3 = m/3 - 1');
    caught(wrong, '\\Rightarrow &k = (m - 1)/3 = m/3 - 1');
    // an equation that does not read the name solves nothing for it: the name restated is a claim
    caught('$$k = m/3$$\n\n$$a + b = c \\Rightarrow k = m/2$$\n', '\\Rightarrow k');
  });

  test('a definition holds in its problem, as numbers and shapes do: another question reads the name afresh', () => {
    // question 1's a = x + 1 is not the constant a of question 2 (before, d/dx(ax) = a was flagged there)
    silent('## Question 1\n\n$$a = x + 1$$\n\n## Question 2\n\nHere $a$ is a constant:\n\n$$\\frac{d}{dx}(a x) = a$$\n');
    // in the same question the definition holds, and the step is really wrong there
    caught('## Question 1\n\n$$a = x + 1$$\n\nThen:\n\n$$\\frac{d}{dx}(a x) = a$$\n', '\\frac{d}{dx}');
    // L is the cross-entropy in question 1 and a squared error in question 2: the step is judged with question 2's L
    const q1 = '## Question 1\n\n$$L = -\\sum_{j=1}^q y_j \\log \\hat y_j$$\n\n## Question 2\n\n';
    silent(q1 + '$$L = \\frac{1}{2}(y - \\hat y)^2 \\Rightarrow \\frac{\\partial L}{\\partial \\hat y} = \\hat y - y$$\n');
    caught(q1 + '$$L = \\frac{1}{2}(y - \\hat y)^2 \\Rightarrow \\frac{\\partial L}{\\partial \\hat y} = y - \\hat y$$\n', '\\partial L');
    // a Persian question marker starts a problem too
    silent('سوال ۱: $$a = x + 1$$\n\nسوال ۲: ثابت $a$ را در نظر بگیرید.\n\n$$\\frac{d}{dx}(a x) = a$$\n');
  });

  test('prose saying a closed form follows (therefore, «بنابراین») makes it a claim; prose introducing another model does not', () => {
    const adam = (prose: string, form: string) => `$$m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t$$\n\n${prose}\n\n$$m_t = (1 - \\beta_1)\\sum_{i=1}^{t} \\beta_1^{${form}} g_i$$\n`;
    silent(adam('With $m_0 = 0$ we therefore get:', 't-i'));
    caught(adam('With $m_0 = 0$ we therefore get:', 'i'), '\\sum_{i=1}^{t}');
    silent(adam('با $m_0 = 0$ بنابراین:', 't-i'));
    caught(adam('با $m_0 = 0$ بنابراین:', 'i'), '\\sum_{i=1}^{t}');
    // a new model for the same name, or «پس از» (after), is a definition again
    silent(adam('Now suppose instead that the moment is', 'i'));
    silent(adam('پس از آن حالت جدید را تعریف می‌کنیم', 'i'));
    // a name that is not a recurrence: the words may carry what the step rests on (symmetry)
    silent('$$x_{ij} = 0$$\n\nIf $w_i$ is in the context of $w_j$, then vice versa.\nTherefore, $x_{ij} = x_{ji}$.\n');
  });

  test('a formula that starts with \\Rightarrow after one ending in = 0 goes on solving it, as on one line', () => {
    const eq = '$$\\frac{d}{dp}\\log L(p) = \\frac{k}{p} - \\frac{n - k}{1 - p} = 0$$\n\n';
    silent(eq + '$$\\Rightarrow k(1 - p) = (n - k)p \\Rightarrow k - kp = np - kp \\Rightarrow \\hat p = \\frac{k}{n}$$\n');
    silent(eq.replace('$$\n\n', ' \\Rightarrow k(1 - p) = (n - k)p$$\n'));
    // the derivative before it is still judged, and a formula without the \\Rightarrow is not solving anything
    caught('$$\\frac{d}{dp}\\log L(p) = \\frac{k}{p} + \\frac{n - k}{1 - p} = 0$$\n\n$$\\Rightarrow k(1 - p) = (n - k)p$$\n'.replace('\\log L(p)', '(k \\log p + (n - k)\\log(1 - p))'), '\\frac{d}{dp}');
    // after a formula that ends in no equation, the same line is a claim (here a false one)
    caught(eq.replace(' = 0$$', '$$') + '$$\\Rightarrow k(1 - p) = (n - k)p$$\n', 'k(1 - p)');
  });

  test('[m/2] may be an integer part; other brackets are brackets', () => {
    silent('$$j = (m - 1)/2 - 1 \\Rightarrow (m - 1)/2 - 1 = [m/2] - 1$$\n');
    caught('$$j = [m + 2]/2 \\Rightarrow [m + 2]/2 = m/2 + 2$$\n', 'j = [m + 2]/2');
  });

  test('after \\approx the chain is an approximation; an = before it is still a claim', () => {
    silent('$$(1 + u^2)^k \\approx (1 + \\frac{u^2}{3})^k = (1 + \\frac{v^2}{3})^k = (1 + \\frac{v}{k})^k$$\n');
    caught('$$(1 + u)^2 = 1 + 2u \\approx 1$$\n', '(1 + u)^2');
  });

  test('a remark on a step\'s line (\\text{…}) qualifies that step; the next step is judged', () => {
    const note = aligned('L &= -\\sum_{i=1}^{k} \\frac{1}{k} \\log \\frac{\\exp(a_i)}{\\sum_{j=1}^{k} a_j}', '&= -\\sum_{i=1}^{k}\\left(a_i - \\log\\sum_{j=1}^{k} a_j\\right) \\ \\text{without the constant factor}');
    silent(note + '\n');
    const next = aligned('L &= -\\sum_{i=1}^{k} \\frac{1}{k} \\log \\frac{\\exp(a_i)}{\\sum_{j=1}^{k} a_j}', '&= -\\sum_{i=1}^{k}\\left(a_i - \\log\\sum_{j=1}^{k} a_j\\right) \\ \\text{without the constant factor}', '&= -\\sum_{i=1}^{k} a_i + 2k \\log\\sum_{j=1}^{k} a_j');
    caught(next, '&= -\\sum_{i=1}^{k} a_i + 2k');
    silent(aligned('L &= -\\sum_{i=1}^{k} \\frac{1}{k} \\log \\frac{\\exp(a_i)}{\\sum_{j=1}^{k} a_j}', '&= -\\sum_{i=1}^{k}\\left(a_i - \\log\\sum_{j=1}^{k} a_j\\right) \\ \\text{without the constant factor}', '&= -\\sum_{i=1}^{k} a_i + k \\log\\sum_{j=1}^{k} a_j'));
  });

  test('a statement after a remark (\\text{given} …) is a side condition; a continuation line does not extend it', () => {
    silent('$$w = \\sqrt{2 a s}$$\n\n' + aligned('&r = -\\frac{w^2}{2a}', '&= -\\frac{2 a s}{2a} \\quad \\text{given}\\ w = \\sqrt{2 a s}', '&= -s'));
  });

  test('\\leftarrow assigns: the names are defined in turn, and a wrong line of the unrolling is caught', () => {
    const head = ['&u_0 \\leftarrow 0', '&u_1 \\leftarrow \\beta u_0 - \\eta d = -\\eta d'];
    silent(aligned(...head, '&u_2 \\leftarrow \\beta u_1 - \\eta d = -\\beta \\eta d - \\eta d = -\\eta d(\\beta + 1)'));
    const wrong = aligned(...head, '&u_2 \\leftarrow \\beta u_1 - \\eta d = -\\beta \\eta d + \\eta d');
    caught(wrong, '&u_2 \\leftarrow');
  });

  test('f(z) written again for another case is a definition; the rest of its chain is judged', () => {
    const first = 'Activations:\n\n* logistic $r(z) = \\frac{1}{1 + e^{-z}}$\n* hyperbolic ';
    silent(first + '$r(z) = \\tanh(z) = \\frac{e^z - e^{-z}}{e^z + e^{-z}}$\n');
    caught(first + '$r(z) = \\tanh(z) = \\frac{e^z + e^{-z}}{e^z - e^{-z}}$\n', 'hyperbolic');
  });

  test('a function whose body never reads its argument is a value for that argument, not a rule', () => {
    const bernoulli = '$$M(Z) = 1 \\cdot a + 0 \\cdot b = a$$\n\nFor a sum of k of them:\n\n';
    silent(bernoulli + '$$M(Z) = M(\\sum_{i=1}^k Z_i) = \\sum_{i=1}^k M(Z_i) = k a$$\n');
    const results = (md: string) => analyze(md).findings.filter((f) => f.code === 'wrong-result');
    assert.equal(results('$$q(x) = 3x$$\n\n$$q(2) = 7$$\n').length, 1, 'a function that reads its argument is still applied');
    caught('$$g(x) = x^2 + 1$$\n\n$$g(b) + g(b) = 2b^2 + 2 = 2b^2 + 1$$\n', 'g(b) + g(b)');
  });

  test('a step that holds for positive values (a square root of a product) is not judged on a sign', () => {
    silent('$$w = \\sqrt{2 a s}$$\n\n$$k = \\frac{1}{2}\\sqrt{\\frac{2a}{s}} = \\frac{a}{w}$$\n');
    caught('$$w = \\sqrt{2 a s}$$\n\n$$k = \\frac{1}{2}\\sqrt{\\frac{2a}{s}} = \\frac{2a}{w}$$\n', 'k = ');
  });

  test('a bar over the values averaged is their mean; defined, the step is judged', () => {
    const step = (r: string) => `$$D = \\frac{2}{n}\\sum_{i=1}^n (x_i - \\mu)(\\mu - \\bar{x}) = ${r}$$\n`;
    silent(step('2(\\bar{x} - \\mu)(\\mu - \\bar{x})'));
    const mean = '$$\\bar{x} = \\frac{1}{n}\\sum_{i=1}^n x_i$$\n\n';
    silent(mean + step('2(\\bar{x} - \\mu)(\\mu - \\bar{x})'));
    caught(mean + step('(\\bar{x} - \\mu)(\\mu - \\bar{x})'), '$$D =');
  });

  test('a name the prose declares one-hot is judged at 0 and 1; wrong under both, it is caught', () => {
    const prose = 'The target $\\mathbf{t}$ is a one-hot vector: its entry $t_c$ for the true class $c$ is one, the others are zero.\n\n';
    silent(prose + '$$\\ell_c = -t_c \\log p_c = -\\log p_c$$\n');
    caught(prose + '$$\\ell_c = -t_c \\log p_c = -2\\log p_c$$\n', '\\ell_c');
    caught('$$\\ell_c = -t_c \\log p_c = -\\log p_c$$\n', '\\ell_c');
  });

  test('an aligned line starting with &+ goes on the expression above; &-1.5 = … is a statement of its own', () => {
    const sum = (last: string) => aligned('s &= a_1 b_1 + a_2 b_2', '&+ a_3 b_3', `&= ${last}`);
    silent(sum('\\sum_{i=1}^{3} a_i b_i'));
    caught(sum('\\sum_{i=1}^{2} a_i b_i'), '&= \\sum_{i=1}^{2}');
    const numbers = (v: string) => aligned('&-1.0 = -1 + 0.5 \\times 0', `&${v} = -1 + 0.5 \\times (-1)`);
    const results = (md: string) => analyze(md).findings.filter((f) => f.code === 'wrong-result');
    assert.deepEqual(results(numbers('-1.5')).map((f) => f.message), []);
    assert.equal(results(numbers('-2.5')).length, 1);
  });

  test('how far a product reaches past a factor without its index is a convention: not judged; a factor written before it is', () => {
    silent('$$q = \\prod_{i=1}^{n} a_i c = c \\prod_{i=1}^{n} a_i$$\n');
    caught('$$q = \\prod_{i=1}^{n} (a_i c) = c \\prod_{i=1}^{n} a_i$$\n', 'q = ');
    const rnn = 'Weights $w$, $u$, input $x_t$:\n\n$$h_t = \\tanh(w h_{t-1} + u x_t)$$\n\n';
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial h_0} = \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = \\prod_{t=1}^{2}(1 - h_t^2) w^2$$\n');
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial h_0} = \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = w^2 \\prod_{t=1}^{2}(1 - h_t^2)$$\n');
    caught(rnn + '$$\\frac{\\partial h_2}{\\partial h_0} = \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = w \\prod_{t=1}^{2}(1 - h_t^2)$$\n', '\\frac{\\partial h_2}{\\partial h_0}');
  });

  test('members of a recurrence read under a product over another letter are judged (their own steps are no free entries)', () => {
    const rnn = 'Weights $w$, $u$, input $x_t$:\n\n$$h_t = \\tanh(w h_{t-1} + u x_t)$$\n\n';
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial h_0} = w^2 \\prod_{k=1}^{2}(1 - h_k^2)$$\n');
    caught(rnn + '$$\\frac{\\partial h_2}{\\partial h_0} = w \\prod_{k=1}^{2}(1 - h_k^2)$$\n', '\\frac{\\partial h_2}{\\partial h_0}');
  });

  test("a recurrence's member by a weight every step reads is the total derivative or the step's own part: not judged; by an input it is", () => {
    const rnn = 'Weights $w$, $u$, input $x_t$:\n\n$$h_t = \\tanh(w h_{t-1} + u x_t)$$\n\n';
    // BPTT texts write the step's own part as ∂h_s/∂u ("only the current input counts here")
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial u} = (1 - h_2^2) x_2$$\n');
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial u} = (1 - h_2^2)(x_2 + w \\frac{\\partial h_1}{\\partial u})$$\n');
    silent(rnn + '$$\\frac{\\partial h_2}{\\partial x_2} = (1 - h_2^2) u$$\n');
    caught(rnn + '$$\\frac{\\partial h_2}{\\partial x_2} = (1 - h_2^2) w$$\n', '\\frac{\\partial h_2}{\\partial x_2}');
  });

  test('a side that reads no drawn value (constants, the document\'s numbers) makes an equation of the other side\'s names, not a step', () => {
    // `a = b = …` of two new names defines both; `\Delta\theta` (read as Δ·θ) is a new quantity
    silent('$$\\alpha_1 = \\alpha_2 = \\frac{e^{0.5}}{2e^{0.5} + e^{1}} \\approx 0.274$$\n');
    const adam = 'With $\\eta = 0.001$, $\\hat m_1 = 0.1$, $\\hat v_1 = 0.01$, $\\epsilon = 10^{-8}$:\n\n';
    silent(adam + '$$\\Delta\\theta = -\\eta \\frac{\\hat m_1}{\\sqrt{\\hat v_1} + \\epsilon} = -0.001 \\times \\frac{0.1}{0.1} = -0.001$$\n');
    // both sides read drawn values: a step, judged with the same numbers
    caught(adam + '$$\\frac{d}{dx}\\left(\\eta x^2\\right) = \\eta x$$\n', '\\frac{d}{dx}');
    caught('$$\\alpha_1 = \\alpha_2 = \\frac{e^{z}}{e^{z} + 1} = \\frac{1}{1 + e^{z}}$$\n', '\\alpha_1');
  });

  test('a name the next sentence defines in words ("where $x_0$ is …", «که در آن», «其中») is not judged on one side only', () => {
    // d2l-zh adagrad: ∂f̄ = Λx̄ + c̄ = Λ(x̄ − x̄_0) after a line that named the minimizer x̄ = −Λ⁻¹c̄
    const min = 'The minimizer is $m = -c/a$. We have\n\n';
    silent(min + '$$g = a m + c = a(m - m_0),$$\n\nwhere $m_0$ is the minimizer.\n');
    silent('کمینه در $m = -c/a$ است. داریم\n\n$$g = a m + c = a(m - m_0),$$\n\nکه در آن $m_0$ نقطه کمینه است.\n');
    // d2l's translations: «여기서», «onde», «trong đó»
    for (const where of ['여기서', 'onde', 'trong đó']) silent(min + `$$g = a m + c = a(m - m_0),$$\n\n${where} $m_0$ …\n`);
    // the same step without the words is judged, and a step reading the name on both sides still is
    caught(min + '$$g = a m + c = a(m - m_0)$$\n', '$$g =');
    caught(min + '$$g = a m + c - m_0 = -2 m_0,$$\n\nwhere $m_0$ is the minimizer.\n', '$$g =');
  });

  test('entries of a vector the document writes out (y = [0, 1, 0]) are not drawn: which entry y_1 is, is the writer\'s convention', () => {
    const ce = '$$L = -\\sum_{i=1}^{3} y_i \\log \\hat y_i = -\\log \\hat y_2$$\n';
    silent('The label is $y = [0, 1, 0]$ and the prediction $\\hat y = [0.2, 0.7, 0.1]$.\n\n' + ce);
    silent('Prediction $\\hat y = [0.2, 0.7, 0.1]$.\n\n' + ce);
    // with no vector written, the step is an identity claim, and wrong
    caught(ce, '$$L =');
    // a general term at a symbolic index is judged beside a vector of the same letter
    caught('The input $\\mathbf{x} = [1, -1]$.\n\n$$g = \\frac{1}{m} \\sum_{i=1}^{m} (\\theta x_i - y_i) x_i = \\frac{1}{m} \\sum_{i=1}^{m} (\\theta x_i - y_i)$$\n', '$$g =');
    // a step that reads no entry is judged beside the vector
    caught('The label is $y = [0, 1, 0]$.\n\n$$s = \\frac{d}{dz}\\sigma(z) = \\sigma(z)(1 + \\sigma(z))$$\n', '$$s =');
  });

  test('a word label before = names the chain as a name would: its step is judged; a longer remark still is not read', () => {
    silent('$$\\text{total} = 4N + 4N + 8N = 16N$$\n');
    caught('$$\\text{total} = 4N + 4N + 8N = 12N$$\n', 'total');
    silent('$$\\text{جمع} = 2N + 2N + (4N + 4N + 4N) = 16N$$\n');
    caught('$$\\text{جمع} = 2N + 2N + (4N + 4N + 4N) = 14N$$\n', 'جمع');
    // without a label a two-sided statement may be an equation to solve: not judged
    silent('$$4N + 4N + 8N = 12N$$\n');
    // words that say under what the chain holds are still a remark
    silent('$$\\text{dropping the constant term for large } n = 4N + 4N + 8N = 12N$$\n');
  });

  test('a statement introduced as a hypothesis is assumed, not claimed', () => {
    silent('Assume\n$$(a + b)^2 = a^2 + b^2 = b^2 + a^2$$\n');
    caught('Hence\n$$(a + b)^2 = a^2 + b^2 = b^2 + a^2$$\n', '(a + b)^2');
  });
});

describe('false alarms on text never read before (corpus10): each rule with its twin', () => {
  test('an upright T as a superscript (\\mathrm{T}, \\mathsf{T}, {\\rm T}) is the transpose, not a power T', () => {
    silent('$$g = \\frac{\\partial \\mathbf{a}^{\\mathrm{T}} \\mathbf{x}}{\\partial \\mathbf{x}} = \\frac{\\partial \\mathbf{x}^{\\mathrm{T}} \\mathbf{a}}{\\partial \\mathbf{x}} = \\mathbf{a}$$\n');
    silent('$$g = \\frac{\\partial \\mathbf{a}^{\\mathsf{T}} \\mathbf{x}}{\\partial \\mathbf{x}} = \\mathbf{a}$$\n');
    silent('$$g = \\frac{\\partial \\mathbf{a}^{\\rm T} \\mathbf{x}}{\\partial \\mathbf{x}} = \\mathbf{a}$$\n');
    caught('$$g = \\frac{\\partial \\mathbf{a}^{\\mathrm{T}} \\mathbf{x}}{\\partial \\mathbf{x}} = \\mathbf{x}$$\n', '$$g');
  });

  test('names run together at the start of a chain (x_1 = x_2 = \\cdots = x_n = 1/n) are given its value; a step after the value is judged', () => {
    silent('Solving both:\n\n$$x_1 = x_2 = \\cdots = x_n = \\frac{1}{n}$$\n');
    silent('The weights are tied: $w_1 = w_2 = w_{tied}$.\n');
    caught('Solving both:\n\n$$x_1 = x_2 = \\cdots = x_n = \\frac{1}{n} = \\frac{2}{2n + 1}$$\n', '$$x_1');
    // a name of the run that has a definition is restated, and judged
    caught('$$y = 3a$$\n\nThen\n\n$$z = y = 5a$$\n', '$$z = y');
    // a value that reads a name of the run says something about it
    caught('$$h = x = 3x - x$$\n', '$$h');
  });

  test('a constant x_k = 1 beside other members named 0 is one member, not the value of every x_k', () => {
    const point = 'If some $x_k = 1$, then $x_1 = x_2 = \\cdots = x_{k-1} = x_{k+1} = \\cdots = x_n = 0$.\n\n';
    silent(point + 'At the maximum, $x_1 = x_2 = \\cdots = x_n = \\frac{1}{n}$.\n');
    caught(point + 'At the maximum, $x_1 = x_2 = \\cdots = x_n = \\frac{1}{n} = \\frac{2}{n+1}$.\n', 'At the maximum');
  });

  test('weights tied by a definition (w_1 = w_2) may be held apart by a partial derivative; wrong either way, it is caught', () => {
    const doc = (rhs: string) => `$$z_1 = w_1 x_1 + w_2 x_2$$\n\nWe tie the weights so that $w_1 = w_2 = w_{tied}$. Leaving the tying aside for now:\n\n$$\\frac{\\partial z_1}{\\partial w_2} = ${rhs}$$\n`;
    silent(doc('x_2'));
    silent(doc('x_1 + x_2'));
    caught(doc('x_1'), '\\frac{\\partial z_1}');
    // a new name for a defined expression (\\hat y = z_2) is not a tie: the step is judged through it
    caught('$$z_2 = w_2 a + b$$\n\n$$\\hat y = z_2$$\n\n$$L = \\frac{1}{2}(\\hat y - y)^2$$\n\n$$\\frac{\\partial L}{\\partial w_2} = (\\hat y - y)$$\n', '\\frac{\\partial L}');
  });

  test('parentheses after a product in bold (\\alpha \\mathbf{S F}(0)) follow its last letter: a function applied', () => {
    const f = '$$f(x) = x^2$$\n\n';
    silent(f + '$$u = a \\mathbf{b f}(x) = a b x^2$$\n');
    caught(f + '$$v = a \\mathbf{b f}(x) = a x^2$$\n', '$$v');
    silent('$$\\mathbf{F}(t+1) = \\alpha \\mathbf{S} \\mathbf{F}(t) + (1-\\alpha) \\mathbf{Y}$$\n\n$$\\mathbf{F}(1) = \\alpha \\mathbf{S F}(0) + (1-\\alpha) \\mathbf{Y} = \\alpha \\mathbf{S} \\mathbf{Y} + (1-\\alpha) \\mathbf{Y}$$\n');
  });

  test('an equation the document states (\\sum_i \\alpha_i = 1, a chain ending = 1) holds for the steps after it', () => {
    silent('Here $\\sum_{i=1}^N \\alpha_i = 1$, so $\\sum_{i=1}^N \\lambda \\alpha_i = \\lambda \\sum_{i=1}^N \\alpha_i = \\lambda$.\n');
    caught('Here $\\sum_{i=1}^N \\alpha_i = 1$, so $\\sum_{i=1}^N \\lambda \\alpha_i = \\lambda \\sum_{i=1}^N \\alpha_i = 2\\lambda$.\n', 'Here');
    // not stated: the step is judged as written
    caught('$$g = \\lambda \\sum_{i=1}^{N} \\alpha_i = \\lambda$$\n', '$$g');
    // an equation of a name defined by an expression is a claim the definition decides, not a fact: m − 3m = 0 is wrong
    caught('$$m = \\frac{1}{n}\\sum_{i=1}^{n} v_i$$\n\n$$r = \\frac{1}{n}\\sum_{i=1}^{n} v_i - m = m - 3m = 0$$\n', '$$r');
    silent('$$s = p_1(p_1 + p_2) + p_2(p_1 + p_2) = p_1 + p_2 = 1$$\n');
    caught('$$s = p_1(p_1 + p_2) + p_2(p_1 + p_2) = 2(p_1 + p_2) = 1$$\n', '$$s');
  });

  test('blocks labelled the other way round (W_{lu}, W_{ul}) may be of a symmetric matrix: wrong even so, it is caught', () => {
    silent('$$E = a_l W_{lu} b_u + b_u W_{ul} a_l = 2 b_u W_{ul} a_l$$\n');
    caught('$$F = a_l W_{lu} b_u + b_u W_{ul} a_l = 3 b_u W_{ul} a_l$$\n', '$$F');
  });
});

describe('false alarms on text never read before (corpus11): each rule with its twin', () => {
  test('a model with its noise (y_i = m x_i + c + ε_i) does not define y: the data does not move with m', () => {
    const doc = (rhs: string) => `For the model $y_i = a x_i + b + \\varepsilon_i$ the loss is\n\n$$L(a, b) = \\frac{1}{n} \\sum_{i=1}^n (y_i - a x_i - b)^2$$\n\n$$\\frac{\\partial L}{\\partial b} = ${rhs}$$\n`;
    silent(doc('-\\frac{2}{n} \\sum_{i=1}^n (y_i - a x_i - b)'));
    caught(doc('-\\frac{2}{n} \\sum_{i=1}^n x_i (y_i - a x_i - b)'), '\\frac{\\partial L}');
    // an ε the document gives a value is a number added, and y is defined with it
    caught('$$\\epsilon = 0.5$$\n\n$$y = 3x^2 + \\epsilon$$\n\n$$\\frac{dy}{dx} = 3x + \\epsilon$$\n', '\\frac{dy}');
  });
});

describe('braces around one letter are not printed (corpus11)', () => {
  test('{ f }(x) is f applied to x, not f times x; a wrong body after it is still caught', () => {
    silent('$$\n { f }(x)=\\sigma (x)=\\frac { 1 }{ 1+{ e }^{ -x } }\n$$\n');
    caught('$$\n { f }(x)=\\sigma (x)=\\frac { 1 }{ 1+{ e }^{ x } }\n$$\n', '\\sigma (x)');
  });
});

describe('a superscript 2 beside a label 1 on the same name (corpus11)', () => {
  test('z^{1} = z^{2} = z (two permutations that agree) is not a square; without the label, or on another name, it is', () => {
    silent('Two orders that agree before t:\n\n$$z_{<t}^{1} = z_{<t}^{2} = z_{<t}$$\n');
    caught('$$u = z_{<t}^{2} + z_{<t}^{2} = z_{<t}^{3}$$\n', 'z_{<t}^{2} +');
    caught('Two orders: $z^{1}$ and $z^{2}$.\n\n$$u = b^2 + b^2 = b^3$$\n', 'b^2 + b^2');
  });
});

describe('the constraint of the problem a section poses holds in the whole section (corpus11)', () => {
  test('u^T x / u^T u = u^T x before "subject to u^T u = 1" is silent; a wrong step, or no such problem, is caught', () => {
    const steps = (rhs: string) => `## Projection\n\n$$\n\\begin{aligned}\n2u^T u\\alpha &=2u^T x \\\\\n\\alpha&=\\frac{u^T x}{u^T u}=${rhs}\n\\end{aligned}\n$$\n\n`;
    const problem = (word: string) => `The problem:\n\n$$\n\\begin{aligned}\n\\min_{u}&\\ \\sum_{i=1}^m (u^T x_i)^2\\\\\n\\text{${word}}& \\ u^T u=1\n\\end{aligned}\n$$\n`;
    silent(steps('u^T x') + problem('subject to'));
    silent(steps('u^T x') + problem('s.t.'));
    caught(steps('2 u^T x') + problem('subject to'), '\\frac{u^T x}{u^T u}');
    caught(steps('u^T x') + problem('with'), '\\frac{u^T x}{u^T u}');
    // another section poses its own problem: the constraint stays in its section
    caught(steps('u^T x') + '## Next\n\n' + problem('subject to'), '\\frac{u^T x}{u^T u}');
  });
});

describe('false alarms on text never read before (corpus12): each rule with its twin', () => {
  test('Δ right before a name is its increment: ΔX_t = X_t − X_{t−1} = Z_t defines it; a wrong step after, or another letter before the name, is caught', () => {
    const walk = (rhs: string) => `The walk is $X_t = X_{t-1} + Z_t$.\n\n$$\n\\Delta X_t = X_t - X_{t-1} = ${rhs}\n$$\n`;
    silent(walk('Z_t'));
    caught(walk('2 Z_t'), '= 2 Z_t');
    // another letter before the name is a factor: the first step is judged
    caught('The walk is $X_t = X_{t-1} + Z_t$.\n\n$$\nc X_t = X_t - X_{t-1} = Z_t\n$$\n', 'c X_t');
  });
});

describe('a step that rounds a number it computes (probes11)', () => {
  test('L − 0.01 × 1.0397 = L − 0.0104 is silent; a digit off, or a difference that grows with a name, is caught', () => {
    silent('With the entropy bonus:\n\n$$\\mathcal{L} = \\mathcal{L}_{PG} - 0.01 \\times 1.0397 = \\mathcal{L}_{PG} - 0.0104$$\n');
    caught('With the entropy bonus:\n\n$$\\mathcal{L} = \\mathcal{L}_{PG} - 0.01 \\times 1.0397 = \\mathcal{L}_{PG} - 0.0106$$\n', '- 0.01 \\times');
    // the same rounding as a factor of a name is not a constant difference: still judged
    caught('$$u = 3.17 x + 2.41 x = 5.6 x$$\n', '3.17 x');
    // a one-digit decimal is exact: x + 0.5 is no rounding of x + 0.46
    caught('$$u = x + 0.2 + 0.26 = x + 0.5$$\n', '0.2 + 0.26');
  });
});

describe('a derivative by a member at a free index beside a sum over the same letter family (word2vec)', () => {
  test('∂J/∂u_o with negatives Σ_{k=1}^K u_k: the writer draws o apart from the k; the right step is silent, a wrong one caught', () => {
    const J = '$$J = -\\log \\sigma(u_o v_c) - \\sum_{k=1}^{K} \\log \\sigma(-u_k v_c)$$\n\n';
    silent(J + '$$\\frac{\\partial J}{\\partial u_o} = \\left(\\sigma(u_o v_c) - 1\\right)v_c$$\n');
    caught(J + '$$\\frac{\\partial J}{\\partial u_o} = \\sigma(u_o v_c) v_c$$\n', '\\frac{\\partial J}{\\partial u_o}');
    caught(J + '$$\\frac{\\partial J}{\\partial u_o} = \\left(1 - \\sigma(u_o v_c)\\right)v_c$$\n', '\\frac{\\partial J}{\\partial u_o}');
  });
  test('a member inside the sum it is differentiated through (∂/∂x_j of a mean over all i) is still judged with j in the range', () => {
    const L = '$$L = \\frac{1}{2}\\sum_{i=1}^{n} (w x_i - y_i)^2$$\n\n';
    silent(L + '$$\\frac{\\partial L}{\\partial y_j} = y_j - w x_j$$\n');
    caught(L + '$$\\frac{\\partial L}{\\partial y_j} = w x_j - y_j + 1$$\n', '\\frac{\\partial L}{\\partial y_j}');
  });
});
