import * as vscode from 'vscode';
import {
  availableTargets,
  BpttDerivation,
  BpttError,
  BpttTarget,
  defaultNotation,
  derivationMarkdown,
  deriveBptt,
  LossKind,
  MAX_STEPS,
  Notation,
  NumericCheck,
  parseBpttTarget,
  Recurrence,
  recurrenceAt,
  recurrenceProblemAt,
  verifyDerivation,
} from '../core/bptt';
import type { DocumentAnalysis } from '../core/document/analysis';
import { normalizeDigits } from '../core/markdown/digits';
import { render, type Lang } from '../core/messages';
import type { Logger } from '../core/types';
import type { AnalysisCache } from './analysisCache';
import { answerLanguage } from './panel/calculators';

export const DERIVE_BPTT_COMMAND = 'dlmath.deriveBptt';
const EXAMPLE = '$h_t = \\sigma(W h_{t-1} + U x_t + b)$';
const LINEAR_EXAMPLE = '$h_t = x_t - h_{t-1}$';

/**
 * Arguments for scripted use (tests, the panel, keybindings):
 * `executeCommand('dlmath.deriveBptt', { target: 'W', loss: 'sum', notation: 'matrix', steps: 3 })`.
 * With an object nothing is asked; a missing field takes its default (∂L/∂h_k, the loss at the last
 * step, the recurrence's own notation, T = 3). Without one (the palette) every choice is asked for.
 */
export interface DeriveBpttArgs {
  /** As `dlmath bptt --wrt` reads it: `W`, `W_{hh}`, `h_k`, `h_0`, `h_T/h_k`, `dL/dU`; or a target object. */
  target?: string | BpttTarget;
  /** `final` (loss at the last step; `last` is accepted too) or `sum` (summed over the steps). */
  loss?: LossKind | 'last';
  /** `scalar`, `matrix`, or `auto` (the default) for the recurrence's own default. */
  notation?: Notation | 'auto';
  /** T, 1…MAX_STEPS. */
  steps?: number;
  /** The document to work on (default: the active editor's); the panel passes the answer it follows. */
  uri?: string | vscode.Uri;
  /** The cursor offset in that document (default: the editor's cursor). */
  offset?: number;
}

/** How the derivation was checked on a random instance (the core's check, its reason for skipping written out). */
export type CheckReport = Exclude<NumericCheck, { skipped: unknown }> | { verified: false; skipped: string };

export type DeriveBpttResult =
  | { ok: true; text: string; range: vscode.Range; target: string; loss: LossKind; notation: Notation; steps: number; check: CheckReport }
  | { ok: false; message: string };

const DEFAULT_STEPS = 3;


/**
 * `DL Math: Derive BPTT Expansion…`: finds the recurrence on or above the cursor, asks for the target,
 * the loss, the notation and T (unless `args` gives them), and inserts the core's derivation as
 * Markdown (sentences in the answer's language, formulas in narrow display blocks) — after the paragraph holding the recurrence when the cursor
 * is there, else after the cursor's paragraph — as one undoable edit. Then it evaluates the derivation
 * on a random small instance against finite differences of the recurrence and says how well they agree.
 */
export async function deriveBpttCommand(rawArgs: unknown, logger: Logger, cache: AnalysisCache): Promise<DeriveBpttResult> {
  const args = readArgs(rawArgs);
  if (typeof args === 'string') return fail(args);

  const where = await resolveDocument(args);
  if (typeof where === 'string') return fail(where);
  const { document, offset } = where;
  // the recurrences of this version of the document, as the analysis read them (no re-reading of the text)
  const analysis = cache.get(document);
  const lang = cache.languageOf(document);

  const found = recurrenceAt(analysis.recurrences, offset);
  if (!found) return fail(noRecurrenceMessage(analysis, offset, lang));
  const rec = found.recurrence;

  // The choices, asked for in order; Escape at any step cancels without a message.
  let target: BpttTarget;
  let targetLabel: string;
  if (args.target !== undefined) {
    try {
      target = typeof args.target === 'string' ? parseBpttTarget(args.target, rec, args.steps ?? DEFAULT_STEPS) : args.target;
    } catch (e) {
      if (e instanceof BpttError) return fail(vscode.l10n.t('Cannot differentiate with respect to {0}: {1}', String(args.target), render(lang, e.problem)));
      throw e;
    }
    targetLabel = typeof args.target === 'string' ? args.target : describeTarget(target);
  } else if (args.interactive) {
    const picked = await pickTarget(rec);
    if (!picked) return cancelled();
    target = picked.target;
    targetLabel = picked.label;
  } else {
    const first = availableTargets(rec)[0];
    target = first.target;
    targetLabel = first.label;
  }
  const loss = args.loss ?? (args.interactive ? await pickLoss() : 'final');
  if (!loss) return cancelled();
  const notation = args.notation ?? (args.interactive ? await pickNotation(defaultNotation(rec)) : defaultNotation(rec));
  if (!notation) return cancelled();
  const steps = args.steps ?? (args.interactive ? await askSteps() : DEFAULT_STEPS);
  if (steps === undefined) return cancelled();

  let derivation: BpttDerivation;
  try {
    derivation = deriveBptt(rec, { target, loss, notation, steps });
  } catch (e) {
    if (e instanceof BpttError) return fail(render(lang, e.problem));
    throw e;
  }

  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  // paragraphs in the answer's language between narrow formula groups, so a side preview shows it whole
  // (in the answer's prose language even where messages are set to another one)
  const block = derivationMarkdown(derivation, answerLanguage(document.getText(), lang), eol);
  const at = insertionOffset(document, offset, found.range, analysis);
  const atPos = document.positionAt(at);
  const lineText = document.lineAt(atPos.line).text;
  const nextLineBlank = atPos.line + 1 >= document.lineCount || document.lineAt(atPos.line + 1).isEmptyOrWhitespace;
  // The block is a paragraph of its own: a blank line before it, and one after it unless one follows already.
  const prefix = lineText.trim() === '' ? '' : eol + eol;
  const suffix = atPos.line + 1 < document.lineCount && !nextLineBlank ? eol : '';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, atPos, prefix + block + suffix);
  if (!(await vscode.workspace.applyEdit(edit))) return fail(vscode.l10n.t('the document could not be edited.'));
  const start = document.positionAt(at + prefix.length);
  const range = new vscode.Range(start, document.positionAt(at + prefix.length + block.length));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  editor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);

  const verified = verifyDerivation(derivation, rec, target);
  const check: CheckReport = 'skipped' in verified ? { verified: false, skipped: render(lang, verified.skipped) } : verified;
  report(check, targetLabel, derivation, logger);
  return { ok: true, text: block, range, target: targetLabel, loss, notation, steps, check };
}

// ---- arguments and the document --------------------------------------------------------------

interface Args {
  /** Whether to ask for what is missing (no options object was given). */
  interactive: boolean;
  target?: string | BpttTarget;
  loss?: LossKind;
  notation?: Notation;
  steps?: number;
  uri?: vscode.Uri;
  offset?: number;
}

/** Checks what executeCommand passed (it is untyped); a string is the problem to show. */
function readArgs(raw: unknown): Args | string {
  if (raw === undefined || raw === null) return { interactive: true };
  // A command run from a menu gets the resource as its argument: treat it as the document.
  if (raw instanceof vscode.Uri) return { interactive: true, uri: raw };
  if (typeof raw !== 'object' || Array.isArray(raw)) return vscode.l10n.t('{0} takes an object such as {1}.', DERIVE_BPTT_COMMAND, '{ target: "W", loss: "sum", notation: "matrix", steps: 3 }');
  const a = raw as Record<string, unknown>;
  const out: Args = { interactive: false };
  if (a.target !== undefined) {
    if (typeof a.target === 'string' || (typeof a.target === 'object' && a.target !== null && 'kind' in a.target)) out.target = a.target as string | BpttTarget;
    else return vscode.l10n.t('target must be a string such as "W", "h_k" or "h_T/h_k".');
  }
  if (a.loss !== undefined) {
    if (a.loss === 'final' || a.loss === 'last') out.loss = 'final';
    else if (a.loss === 'sum') out.loss = 'sum';
    else return vscode.l10n.t('loss must be "final" (at the last step) or "sum" (summed over the steps), not {0}.', JSON.stringify(a.loss));
  }
  if (a.notation !== undefined && a.notation !== 'auto') {
    if (a.notation === 'scalar' || a.notation === 'matrix') out.notation = a.notation;
    else return vscode.l10n.t('notation must be "scalar", "matrix" or "auto", not {0}.', JSON.stringify(a.notation));
  }
  if (a.steps !== undefined) {
    const problem = stepsProblem(String(a.steps));
    if (problem) return problem;
    out.steps = Number(normalizeDigits(String(a.steps)));
  }
  if (a.uri !== undefined) {
    if (a.uri instanceof vscode.Uri) out.uri = a.uri;
    else if (typeof a.uri === 'string') out.uri = vscode.Uri.parse(a.uri);
    else return vscode.l10n.t('uri must be a document URI.');
  }
  if (a.offset !== undefined) {
    if (typeof a.offset === 'number' && Number.isInteger(a.offset) && a.offset >= 0) out.offset = a.offset;
    else return vscode.l10n.t('offset must be a whole number.');
  }
  return out;
}

async function resolveDocument(args: Args): Promise<{ document: vscode.TextDocument; offset: number } | string> {
  const active = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  let offset: number | undefined = args.offset;
  if (args.uri) {
    const uri = args.uri.toString();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    document = editor?.document ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? (await vscode.workspace.openTextDocument(args.uri));
    if (offset === undefined && editor) offset = document.offsetAt(editor.selection.active);
  } else if (active) {
    document = active.document;
    if (offset === undefined) offset = document.offsetAt(active.selection.active);
  }
  if (!document) return vscode.l10n.t('Open a Markdown answer and put the cursor on the recurrence, e.g. {0}.', EXAMPLE);
  return { document, offset: Math.min(offset ?? document.getText().length, document.getText().length) };
}

/** What to write when no recurrence is on or above the cursor; the formula's own problem when the cursor is in one that almost is. */
function noRecurrenceMessage(analysis: DocumentAnalysis, offset: number, lang: Lang): string {
  const here = recurrenceProblemAt(analysis.recurrenceProblems, offset);
  if (here) return vscode.l10n.t('The formula at the cursor is not a recurrence DL Math can read ({0}). Write it like {1}.', render(lang, here.problem), EXAMPLE);
  return vscode.l10n.t('No recurrence on or above the cursor. Write one in a formula, e.g. {0} or {1}, and run the command with the cursor on it or below it.', EXAMPLE, LINEAR_EXAMPLE);
}

/**
 * Where the block goes: the end of the paragraph holding the recurrence when the cursor is in that
 * paragraph (or in the formula), otherwise the end of the cursor's paragraph. Never inside a formula.
 */
function insertionOffset(document: vscode.TextDocument, cursor: number, recurrence: { start: number; end: number }, analysis: DocumentAnalysis): number {
  const spans = analysis.formulas.map((f) => f.span);
  const recEndLine = paragraphEnd(document, document.positionAt(recurrence.end).line, spans);
  const cursorLine = document.positionAt(cursor).line;
  const recStartLine = document.positionAt(recurrence.start).line;
  const endLine = cursorLine <= recEndLine && cursorLine >= paragraphStart(document, recStartLine) ? recEndLine : paragraphEnd(document, cursorLine, spans);
  return document.offsetAt(document.lineAt(endLine).range.end);
}

/** The last line of the paragraph that holds `line` (a blank line or a heading ends it; formulas are never split). */
function paragraphEnd(document: vscode.TextDocument, line: number, spans: { start: number; end: number }[]): number {
  if (document.lineAt(line).isEmptyOrWhitespace) return line;
  let last = line;
  for (;;) {
    const endOffset = document.offsetAt(document.lineAt(last).range.end);
    const inside = spans.find((s) => s.start < endOffset && s.end > endOffset);
    if (inside) {
      last = document.positionAt(inside.end).line;
      continue;
    }
    const next = last + 1;
    if (next >= document.lineCount) return last;
    const t = document.lineAt(next).text;
    if (t.trim() === '' || /^\s{0,3}(#|```|~~~)/.test(t)) return last;
    last = next;
  }
}

function paragraphStart(document: vscode.TextDocument, line: number): number {
  let first = line;
  while (first > 0 && !document.lineAt(first - 1).isEmptyOrWhitespace && !/^\s{0,3}(#|```|~~~)/.test(document.lineAt(first).text)) first--;
  return first;
}

// ---- the dialogue ------------------------------------------------------------------------------

const TITLE = () => vscode.l10n.t('DL Math: Derive BPTT Expansion');

async function pickTarget(rec: Recurrence): Promise<{ target: BpttTarget; label: string } | undefined> {
  type Item = vscode.QuickPickItem & { target: BpttTarget };
  const items: Item[] = availableTargets(rec).map((c) => ({ label: c.label, description: targetDescription(c.target, rec), target: c.target }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE()} (1/4)`,
    placeHolder: vscode.l10n.t('Differentiate what? (recurrence: {0})', rec.source),
    matchOnDescription: true,
  });
  return picked && { target: picked.target, label: picked.label };
}

function targetDescription(t: BpttTarget, rec: Recurrence): string {
  if (t.kind === 'state') return vscode.l10n.t('gradient with respect to an earlier state, unrolled at k = 0');
  if (t.kind === 'jacobian') return vscode.l10n.t('Jacobian across steps, with the norm bound (vanishing / exploding)');
  const weight = rec.terms.find((x) => x.role === t.role)?.weight ?? t.role;
  if (t.role === 'W') return vscode.l10n.t('recurrent weight {0}: a sum over time', weight);
  if (t.role === 'U') return vscode.l10n.t('input weight {0}: a sum over time', weight);
  if (t.role === 'b') return vscode.l10n.t('bias {0}: a sum over time', weight);
  return vscode.l10n.t('skip-connection weight {0}: a sum over time', weight);
}

async function pickLoss(): Promise<LossKind | undefined> {
  type Item = vscode.QuickPickItem & { loss: LossKind };
  const items: Item[] = [
    { label: vscode.l10n.t('Loss at the last step'), description: 'L = L_T = g^T h_T', loss: 'final' },
    { label: vscode.l10n.t('Loss summed over the steps'), description: 'L = Σ_t L_t = Σ_t g_t^T h_t', loss: 'sum' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE()} (2/4)`, placeHolder: vscode.l10n.t('Which loss?') });
  return picked?.loss;
}

async function pickNotation(def: Notation): Promise<Notation | undefined> {
  type Item = vscode.QuickPickItem & { notation: Notation };
  const matrix: Item = { label: vscode.l10n.t('Matrix notation'), description: vscode.l10n.t('diag(σ′(z_t)), transposes, stated layout'), notation: 'matrix' };
  const scalar: Item = { label: vscode.l10n.t('Scalar notation'), description: vscode.l10n.t('scalar state and weights'), notation: 'scalar' };
  // The recurrence's own default first, so Enter takes it.
  const items = def === 'matrix' ? [matrix, scalar] : [scalar, matrix];
  items[0].detail = vscode.l10n.t('Default for this recurrence');
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE()} (3/4)`, placeHolder: vscode.l10n.t('Which notation?') });
  return picked?.notation;
}

function stepsProblem(value: string): string | undefined {
  const v = normalizeDigits(value.trim());
  if (!/^\d+$/.test(v)) return vscode.l10n.t('T must be a whole number from 1 to {0}.', MAX_STEPS);
  const n = Number(v);
  if (n < 1 || n > MAX_STEPS) return vscode.l10n.t('T must be a whole number from 1 to {0}.', MAX_STEPS);
  return undefined;
}

async function askSteps(): Promise<number | undefined> {
  const value = await vscode.window.showInputBox({
    title: `${TITLE()} (4/4)`,
    prompt: vscode.l10n.t('Number of steps T to unroll (1 to {0}; long unrollings are written step by step)', MAX_STEPS),
    value: String(DEFAULT_STEPS),
    validateInput: stepsProblem,
  });
  return value === undefined ? undefined : Number(normalizeDigits(value.trim()));
}

function report(check: CheckReport, target: string, d: BpttDerivation, logger: Logger): void {
  const loss = d.loss === 'sum' ? vscode.l10n.t('summed loss') : vscode.l10n.t('loss at the last step');
  const what = vscode.l10n.t('Inserted the BPTT expansion of {0} ({1}, T = {2}).', target, loss, d.steps);
  if ('skipped' in check) {
    logger.info(`deriveBptt ${target}, ${d.loss}, T=${d.steps}, ${d.notation}: not checked numerically: ${check.skipped}`);
    void vscode.window.showInformationMessage(`DL Math: ${what} ${vscode.l10n.t('Not checked numerically: {0}.', check.skipped)}`);
    return;
  }
  const err = check.maxError.toExponential(1);
  logger.info(
    `deriveBptt ${target}, ${d.loss}, T=${d.steps}, ${d.notation}: derived expansion vs central finite differences on a random instance ` +
      `(n=${check.n}, d=${check.d}, ${check.entries} entries): max |error| ${check.maxError.toExponential(2)}, max relative ${check.maxRelError.toExponential(2)} → ${check.verified ? 'verified' : 'MISMATCH'}`,
  );
  if (check.verified) {
    void vscode.window.showInformationMessage(
      `DL Math: ${what} ${vscode.l10n.t('Numerically verified: on a random instance (state size {0}) it matches finite differences of the recurrence, max error {1}.', check.n, err)}`,
    );
  } else {
    void vscode.window.showWarningMessage(
      `DL Math: ${what} ${vscode.l10n.t('Numeric check failed: on a random instance it differs from finite differences of the recurrence by up to {0}. Please report this recurrence.', err)}`,
    );
  }
}

function describeTarget(t: BpttTarget): string {
  if (t.kind === 'state') return `∂L/∂h_${t.k}`;
  if (t.kind === 'param') return `∂L/∂${t.role}`;
  return `∂h_${t.t}/∂h_${t.k}`;
}

function fail(message: string): DeriveBpttResult {
  void vscode.window.showInformationMessage(vscode.l10n.t('DL Math: {0}', message));
  return { ok: false, message };
}

function cancelled(): DeriveBpttResult {
  return { ok: false, message: 'cancelled' };
}
