/**
 * The panel's two calculators over the core: the BPTT deriver and the transformer parameter counter.
 * Pure (no `vscode`): the panel controller calls them for a preview and again for "Insert into
 * answer", so the text inserted is always what the core computes, never text sent by the webview.
 */
import { BpttError, defaultNotation, derivationBlocks, derivationMarkdown, deriveBptt, parseBpttTarget, parseRecurrence, recurrenceLatex, type BpttDerivation, type Recurrence } from '../../core/bptt';
import { componentName, formatConfigProblems, formatConfigTextProblem, formatConfigWarnings, formatCount, formatShape, parseConfigText, parseTransformerConfig, renderTransformerTable, transformerFromObject } from '../../core/transformer';
import { isRtl, msg, render, type Lang, type Message } from '../../core/messages';
import { proseLanguage } from '../../core/markdown/proseLanguage';
import type { BpttRequest, BpttResult, TransformerConfigResult, TransformerInput, TransformerResult } from '../../shared/protocol';

/** The derivation the form asks for, or the core's message saying what to change: one reading for the preview and the insertion. */
function deriveRequest(request: BpttRequest): { ok: true; d: BpttDerivation; recurrence: Recurrence } | { ok: false; problem: Message } {
  const parsed = parseRecurrence(request.recurrence);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const rec = parsed.recurrence;
  const notation = request.notation === 'auto' ? defaultNotation(rec) : request.notation;
  try {
    const target = parseBpttTarget(request.wrt, rec, request.steps);
    return { ok: true, d: deriveBptt(rec, { target, loss: request.loss, notation, steps: request.steps }), recurrence: rec };
  } catch (e) {
    if (e instanceof BpttError) return { ok: false, problem: e.problem };
    throw e;
  }
}

/**
 * Derives BPTT for the form's request, for the panel's preview: the paragraphs and formula blocks
 * "Insert into answer" writes, in `answerLang` (the answer's language); errors are the core's
 * messages in `lang` (the panel's), ready for the student.
 */
export function runBptt(request: BpttRequest, lang: Lang = 'en', answerLang: Lang = lang): BpttResult {
  const r = deriveRequest(request);
  if (!r.ok) return { ok: false, error: render(lang, r.problem) };
  const { d } = r;
  return { ok: true, lang: answerLang, rtl: isRtl(answerLang), blocks: derivationBlocks(d, answerLang), recurrence: recurrenceLatex(r.recurrence), notation: d.notation, unrolledStyle: d.unrolledStyle };
}

/**
 * The derivation for the answer, as the editor's command writes it: sentences in `lang` (the
 * answer's language) between narrow formula blocks; undefined when it cannot be derived.
 */
export function bpttInsertText(request: BpttRequest, lang: Lang = 'en'): string | undefined {
  const r = deriveRequest(request);
  return r.ok ? `${derivationMarkdown(r.d, lang)}\n` : undefined;
}

/** Counts the parameters of the form's configuration; the kind of model and the components named in `lang`. */
export function runTransformer(input: TransformerInput, lang: Lang = 'en'): TransformerResult {
  const result = transformerFromObject(input, lang);
  if (!result.ok) return { ok: false, error: result.message };
  const r = result.report;
  const c = r.config;
  const kind = c.encoderLayers > 0 && c.decoderLayers > 0
    ? msg(lang, 'transformer.kind-both', { encoder: c.encoderLayers, decoder: c.decoderLayers })
    : c.encoderLayers > 0 ? msg(lang, 'transformer.kind-encoder', { layers: c.encoderLayers }) : msg(lang, 'transformer.kind-decoder', { layers: c.decoderLayers });
  return {
    ok: true,
    total: r.total,
    totalText: formatCount(r.total),
    summary: `${kind}, d_model = ${c.dModel}, h = ${c.heads}, d_ff = ${c.dFF}, V = ${formatCount(c.vocabSize)}`,
    rows: r.rows.map((row) => ({ name: componentName(row, lang), shape: formatShape(row.shape), params: row.params })),
    warnings: formatConfigWarnings(r.warnings.slice(0, 20), lang),
  };
}

/**
 * A configuration as pasted or read from a file (JSON; a Hugging Face config.json as it is) for the
 * panel's form: every field with its default, or why it cannot be read.
 */
export function readTransformerConfig(text: string, lang: Lang = 'en'): TransformerConfigResult {
  const parsed = parseConfigText(text);
  if (!parsed.ok) return { ok: false, error: formatConfigTextProblem(parsed.message, lang) };
  const r = parseTransformerConfig(parsed.value);
  if (!r.ok) return { ok: false, error: formatConfigProblems(r.errors, lang) };
  const config: TransformerInput = {};
  for (const [k, v] of Object.entries(r.config)) config[k] = v;
  return { ok: true, config, notes: formatConfigWarnings(r.warnings.slice(0, 20), lang) };
}

/** The calculator's Markdown tables for the answer, in the answer's language. */
export function transformerInsertText(input: TransformerInput, lang: 'en' | 'fa'): string | undefined {
  const result = transformerFromObject(input);
  return result.ok ? renderTransformerTable(result.report, { lang }) : undefined;
}

/**
 * The language of text inserted into an answer (a table, a derivation): the answer's own prose
 * (core's proseLanguage, the same reading `auto` messages use), else `fallback`. What goes into the
 * student's answer matches the answer, whatever language the messages are shown in.
 */
export function answerLanguage(text: string, fallback: Lang = 'en'): Lang {
  return proseLanguage(text).lang ?? fallback;
}

/**
 * The text to insert at a cursor so a block (display math, a table) stands on its own lines with a
 * blank line before it: `before`/`after` are the cursor's line around it, `previousLineBlank` whether
 * the line above is empty (or there is none).
 */
export function asBlock(text: string, before: string, after: string, previousLineBlank: boolean): string {
  const body = text.replace(/\n+$/, '');
  const lead = before.trim() !== '' ? '\n\n' : previousLineBlank ? '' : '\n';
  const trail = after.trim() !== '' ? '\n\n' : '\n';
  return lead + body + trail;
}
