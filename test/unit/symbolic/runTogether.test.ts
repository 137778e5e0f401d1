// Letters run together in derivations (`Wh_{t-1}`, `Ux_t`, `Bu_t`, `Wx`): the symbolic judge reads them as
// a product when the reading is not a guess (the last letter is a name the document gives a meaning,
// every other letter can be a one-letter name, the run is no name or word of its own). Each rule has a
// twin: the right derivation is silent, the same with one slip is a `wrong-step`; words, differentials
// and names defined as a whole stay one name, and silent. Fixtures are written here.
import { twinTable, silentTable, type Twin } from './stepHelpers';

const aligned = (...lines: string[]) => `$$\n\\begin{aligned}\n${lines.join(' \\\\\n')}\n\\end{aligned}\n$$\n`;

/** A scalar RNN written the way students write it, its weights and input named on their own in the prose. */
const RNN = 'The state of a scalar RNN with weights $w$, $u$ and input $x_t$:\n\n$$h_t = \\tanh(wh_{t-1} + ux_t + b)$$\n\n';
/** A linear recurrence written with run-together products. */
const LINEAR = 'A linear RNN with weights $w$, $u$ and input $x_t$:\n\n$$h_t = wh_{t-1} + ux_t$$\n\n';

/** Right derivation (silent) and the same with one slip (caught on the named line). */
const TABLE: Twin[] = [
  [
    'BPTT, one step: ∂h_t/∂h_{t−1} through tanh(wh_{t−1} + ux_t + b)',
    RNN + '$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - h_t^2) w$$\n',
    RNN + '$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - h_t) w$$\n',
    '\\frac{\\partial h_t}{\\partial h_{t-1}}',
  ],
  [
    'BPTT chain over three steps, a factor dropped',
    RNN + '$$\\frac{\\partial h_3}{\\partial h_0} = \\frac{\\partial h_3}{\\partial h_2}\\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = w^3 (1 - h_3^2)(1 - h_2^2)(1 - h_1^2)$$\n',
    RNN + '$$\\frac{\\partial h_3}{\\partial h_0} = \\frac{\\partial h_3}{\\partial h_2}\\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = w^3 (1 - h_3^2)(1 - h_2^2)$$\n',
    '\\frac{\\partial h_3}{\\partial h_0}',
  ],
  [
    'BPTT with capital weights, as in a matrix RNN read as numbers: h_t = tanh(Wh_{t−1} + Ux_t + b)',
    'Weights $W$, $U$, input $x_t$:\n\n$$h_t = \\tanh(Wh_{t-1} + Ux_t + b)$$\n\n$$\\frac{\\partial h_2}{\\partial h_1} = W(1 - h_2^2)$$\n',
    'Weights $W$, $U$, input $x_t$:\n\n$$h_t = \\tanh(Wh_{t-1} + Ux_t + b)$$\n\n$$\\frac{\\partial h_2}{\\partial h_1} = U(1 - h_2^2)$$\n',
    '\\frac{\\partial h_2}{\\partial h_1}',
  ],
  [
    'the unrolled linear recurrence: a wrong exponent in the sum',
    LINEAR + '$$\\Rightarrow h_n = w^n h_0 + \\sum_{k=1}^{n} w^{n-k} ux_k$$\n',
    LINEAR + '$$\\Rightarrow h_n = w^n h_0 + \\sum_{k=1}^{n} w^{n-k+1} ux_k$$\n',
    '\\Rightarrow h_n',
  ],
  [
    'the unrolled linear recurrence, two steps by hand',
    LINEAR + aligned('h_2 &= wh_1 + ux_2', '&= w(wh_0 + ux_1) + ux_2', '&= w^2h_0 + wux_1 + ux_2'),
    LINEAR + aligned('h_2 &= wh_1 + ux_2', '&= w(wh_0 + ux_1) + ux_2', '&= w^2h_0 + ux_1 + ux_2'),
    '&= w^2h_0 + ux_1 + ux_2',
  ],
  [
    'a state-space model: s_t = As_{t−1} + Bu_t unrolled',
    'State $s_t$, input $u_t$, weights $A$ and $B$:\n\n$$s_t = As_{t-1} + Bu_t$$\n\n' + aligned('s_2 &= As_1 + Bu_2', '&= A(As_0 + Bu_1) + Bu_2', '&= A^2s_0 + ABu_1 + Bu_2'),
    'State $s_t$, input $u_t$, weights $A$ and $B$:\n\n$$s_t = As_{t-1} + Bu_t$$\n\n' + aligned('s_2 &= As_1 + Bu_2', '&= A(As_0 + Bu_1) + Bu_2', '&= A^2s_0 + Bu_1 + Bu_2'),
    '&= A^2s_0 + Bu_1 + Bu_2',
  ],
  [
    'z = Wx + b: the derivative of z by x',
    '$$z = Wx + b$$\n\n$$\\frac{\\partial z}{\\partial x} = W$$\n',
    '$$z = Wx + b$$\n\n$$\\frac{\\partial z}{\\partial x} = W + b$$\n',
    '\\frac{\\partial z}{\\partial x}',
  ],
  [
    'a power on letters run together is the last letter\'s: wx^2',
    '$$y = wx^2 + b$$\n\n$$\\frac{dy}{dx} = 2wx$$\n',
    '$$y = wx^2 + b$$\n\n$$\\frac{dy}{dx} = 2w^2x$$\n',
    '\\frac{dy}{dx}',
  ],
  [
    'ax with x defined: a·x',
    '$$x = c + 1$$\n\n$$2ax = (a + a)x = 2a(c + 1)$$\n',
    '$$x = c + 1$$\n\n$$2ax = (a + a)x = 3ax$$\n',
    '2ax = ',
  ],
];

twinTable('letters run together: right derivations are silent, one slip is caught', TABLE);

silentTable('letters run together that stay one name: silent', [
  ['letters whose last is no name the document gives a meaning (2ax, x never defined)', '$$2ax = (a + a)x = 3ax$$\n'],
  ['the input never written on its own: Ux_t is not read', 'Weights $W$, $U$:\n\n$$h_t = \\tanh(Wh_{t-1} + Ux_t + b)$$\n\n$$\\frac{\\partial h_2}{\\partial h_1} = U(1 - h_2^2)$$\n'],
  ['a weight never written on its own: Ux_t is not read', 'Input $x_t$:\n\n$$h_t = \\tanh(Wh_{t-1} + Ux_t + b)$$\n\n$$\\frac{\\partial h_2}{\\partial h_1} = W(1 - h_2^2) + 1$$\n'],
  ['a name the document defines as a whole (Wh)', 'Weights $W$, $U$, input $x_t$:\n\n$$Wh = 3$$\n\n$$h_t = \\tanh(Wh_{t-1} + Ux_t)$$\n\n$$\\frac{\\partial h_2}{\\partial h_1} = U(1 - h_2^2)$$\n'],
  ['a word: loss, with s defined (l and o are no names the document writes)', '$$s = wx$$\n\n$$\\frac{\\partial s}{\\partial x} = w + loss$$\n'],
  ['a word longer than a product: scores, with s a sequence', 'Scores $s_t$:\n\n$$s_t = 2a_t$$\n\n$$q = scores_t = 2a_t$$\n'],
  ['a differential: dx with x a variable', '$$y = x^2$$\n\n$$\\frac{\\partial y}{\\partial x} = 2x \\Rightarrow dy = 2x dx = dx$$\n'],
  ['a word set upright: \\mathrm{Wx}', '$$z = \\mathrm{Wx} + b$$\n\n$$\\frac{\\partial z}{\\partial x} = W + b$$\n'],
  ['an index letter is no factor: tx_t', 'Input $x_t$ at time $t$:\n\n$$y_t = tx_t$$\n\n$$y_2 = tx_2 = 3x_2$$\n'],
]);
