import { parseArgs } from 'node:util';
import { evaluateLatex } from '../core/eval/evaluateLatex';
import { CliCommand, CliError, parseLang, splitOptions, writeJson } from './io';

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'evaluate one LaTeX expression',
  usage: `Usage: dlmath eval [--json] [--index-base 0|1] [--lang en|fa] [--] 'LATEX'

Evaluates the expression (matrices, products, transpose, inverse, fractions, roots, sums and
products with bounds, softmax, argmax, σ, tanh, ReLU…). --json prints {"value","latex","shape"}.
--lang fa writes the message of an expression that cannot be evaluated in Persian (default en).
The expression may start with '-' (dlmath eval '-\\log(0.25)'); after '--' every argument is
the expression.`,
  run(args, io) {
    // an expression may start with '-' ('-\\log(0.25)'): only the known --flags are options
    const split = splitOptions(args, { json: 'boolean', 'index-base': 'string', lang: 'string' });
    const { values } = parseArgs({ args: split.options, strict: true, options: { json: { type: 'boolean' }, 'index-base': { type: 'string' }, lang: { type: 'string' } } });
    const positionals = split.positionals;
    if (positionals.length !== 1) throw new CliError(`expected one LaTeX expression, got ${positionals.length} (quote it: dlmath eval '\\frac{1}{2}')`);
    const indexBase = values['index-base'] === undefined ? 0 : Number(values['index-base']);
    if (indexBase !== 0 && indexBase !== 1) throw new CliError('--index-base must be 0 or 1');
    const language = parseLang(values.lang);
    const r = evaluateLatex(positionals[0], { indexBase, language });
    if (!r.ok) {
      const at = r.range ? ` (at characters ${r.range.start + 1}–${r.range.end})` : '';
      throw new CliError(`${r.message}${at}`);
    }
    if (values.json) writeJson(io, { value: r.json, latex: r.latex, shape: r.shape, plain: r.plain, steps: r.steps });
    else {
      io.stdout(`${r.plain}\n`);
      for (const s of r.steps) io.stdout(`  ${s}\n`);
    }
    return 0;
  },
};
