import { parseArgs } from 'node:util';
import { CliCommand, CliError, parseLang, readText, writeJson } from './io';
import {
  BpttError,
  LossKind,
  MAX_STEPS,
  Notation,
  boundNumbers,
  defaultNotation,
  derivationMarkdown,
  deriveBptt,
  evaluateDerivation,
  parseBpttTarget,
  parseRecurrence,
  readBpttValues,
  recurrenceLatex,
} from '../core/bptt';
import { render } from '../core/messages';

/** The CLI's own wording of a core BPTT error: its options by name (`--wrt`, `--at`, `--loss`). */
function cliMessage(e: BpttError): string {
  if (e.kind === 'target-empty') return '--wrt is empty: give h_0, h_k, a weight (W, U, b, M) or h_T/h_k';
  if (e.problem.id === 'values.g-per-step') return '--at: g has one entry per step, which is for --loss sum; --loss final needs one vector g (L = g·h_T)';
  const text = render('en', e.problem);
  return e.kind === 'values' ? `--at: ${text}` : text;
}

const usage = `Usage: dlmath bptt --recurrence 'LATEX' --wrt TARGET --steps T [--loss final|sum]
                   [--notation scalar|matrix] [--at VALUES.json] [--json] [--lang en|fa]

Derives backpropagation through time for a recurrence: the one-step Jacobian, the general
product form, the expansion unrolled for T steps, and the bound ‖∂h_t/∂h_k‖ ≤ (γ‖W‖)^{t−k}.

  --recurrence  e.g. 'h_t = \\tanh(W h_{t-1} + U x_t + b)'; \\sigma, \\tanh, ReLU or none;
                a skip term '+ M h_{t-2}'; 'z_t = …, h_t = \\sigma(z_t)'; 'h_t = x_t - h_{t-1}'
  --wrt         h_0 or h_k (∂L/∂h_k), a weight (W, U, b, M, or its written name such as W_hh),
                or h_T/h_k (the Jacobian ∂h_T/∂h_k)
  --steps       T, the number of steps (1 to ${MAX_STEPS})
  --loss        final: L = g·h_T (default); sum: L = Σ_t g_t·h_t
  --notation    scalar or matrix (default: matrix when a weight is a capital letter)
  --at          a JSON file (or inline JSON) { "W": [[..]], "U": [[..]], "b": [..], "M": [[..]],
                "x": [[..], ...], "h0": [..], "g": [..] | [[..], ...] }: adds "gradient", the
                derived expansion evaluated at these numbers. States before h_0 are zero.
  --lang        the language of the derivation's sentences in the JSON "markdown" field (en or fa,
                default en)

Output: the derivation as a display-math block, or with --json
{ "latex", "general", "unrolled", "bound", "markdown", ... , "gradient" }; "markdown" is the
derivation as the editor inserts it into an answer: sentences between narrow display blocks.
`;

function formatNumbers(v: number[] | number[][]): string {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(10)).toString());
  if (v.length && Array.isArray(v[0])) return `[${(v as number[][]).map((r) => `[${r.map(f).join(', ')}]`).join(', ')}]`;
  return `[${(v as number[]).map(f).join(', ')}]`;
}

export const bpttCommand: CliCommand = {
  name: 'bptt',
  summary: 'derive backpropagation through time for a recurrence, unrolled, bounded and evaluated',
  usage,
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        recurrence: { type: 'string' },
        wrt: { type: 'string' },
        steps: { type: 'string' },
        loss: { type: 'string' },
        notation: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}' (give the recurrence with --recurrence 'LATEX')`);
    if (!values.recurrence) throw new CliError("missing --recurrence 'LATEX' (see dlmath bptt --help)");
    if (!values.wrt) throw new CliError('missing --wrt TARGET: h_0, h_k, W, U, b, M or h_T/h_k');
    if (values.steps === undefined) throw new CliError('missing --steps T (the number of steps, e.g. --steps 3)');
    const steps = /^\s*\d+\s*$/.test(values.steps) ? Number(values.steps) : NaN;
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) throw new CliError(`--steps must be a whole number from 1 to ${MAX_STEPS}, not '${values.steps}'`);
    const loss = (values.loss ?? 'final') as LossKind;
    if (loss !== 'final' && loss !== 'sum') throw new CliError(`--loss must be final or sum, not '${values.loss}'`);
    if (values.notation !== undefined && values.notation !== 'scalar' && values.notation !== 'matrix') {
      throw new CliError(`--notation must be scalar or matrix, not '${values.notation}'`);
    }

    const lang = parseLang(values.lang);
    const parsed = parseRecurrence(values.recurrence);
    if (!parsed.ok) throw new CliError(`--recurrence: ${render('en', parsed.problem)}`);
    const rec = parsed.recurrence;
    const notation: Notation = (values.notation as Notation | undefined) ?? defaultNotation(rec);
    try {
      const target = parseBpttTarget(values.wrt, rec, steps);
      const d = deriveBptt(rec, { target, loss, notation, steps });
      let gradient: number[] | number[][] | undefined;
      let bound: ReturnType<typeof boundNumbers>;
      if (values.at !== undefined) {
        const text = values.at.trim().startsWith('{') ? values.at : readText(values.at, io);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          const reason = e instanceof Error ? e.message.split('\n')[0] : 'invalid JSON';
          throw new CliError(`--at: ${values.at.trim().startsWith('{') ? 'the values are' : `${values.at} is`} not valid JSON: ${reason}`);
        }
        const nums = readBpttValues(json, rec, loss, steps);
        gradient = evaluateDerivation(d, rec, nums);
        bound = boundNumbers(rec, nums);
      }
      if (values.json) {
        writeJson(io, {
          latex: d.latex,
          general: d.general,
          unrolled: d.unrolled,
          bound: d.bound,
          oneStep: d.oneStep,
          markdown: derivationMarkdown(d, lang),
          ...(d.closedForm ? { closedForm: d.closedForm } : {}),
          ...(gradient ? { gradient } : {}),
          ...(bound ? { boundValue: bound } : {}),
          recurrence: { latex: recurrenceLatex(rec), activation: rec.activation.kind, terms: rec.terms },
          target: d.target,
          loss,
          notation,
          steps,
          unrolledStyle: d.unrolledStyle,
        });
      } else {
        io.stdout(`$$\n${d.latex}\n$$\n`);
        if (gradient) io.stdout(`gradient: ${formatNumbers(gradient)}\n`);
        if (bound) {
          const r = Number(bound.rate.toPrecision(4));
          io.stdout(`bound rate: ${bound.c === undefined ? 'γ‖W‖' : 'ρ'} = ${r} (${bound.verdict === 'vanishing' ? 'below 1: vanishing' : bound.verdict === 'borderline' ? 'exactly 1' : 'above 1: exploding possible'})\n`);
        }
      }
      return 0;
    } catch (e) {
      if (e instanceof BpttError) throw new CliError(cliMessage(e));
      throw e;
    }
  },
};
