/**
 * The messages between the extension and the DL Math panel's webview: one discriminated union for
 * both directions, and the runtime checks each side runs on every message it receives. Shared by the
 * extension (node) and the webview bundle (browser): no `vscode` import, nothing but types and checks.
 */
import type { DerivationBlock } from '../core/bptt/blocks';
import type { Lang } from '../core/messages';
import type { PanelLastResult } from '../core/views/lastResult';
import type { PanelModel } from '../core/views/panelModel';

// ---- payloads -------------------------------------------------------------------------------------

/** The UI strings the webview shows, localized by the extension (`vscode.l10n.t`). */
export const STRING_KEYS = [
  'noEditor',
  'notMarkdown',
  'noFormula',
  'formula',
  'value',
  'valueOf',
  'steps',
  'moreSteps',
  'statements',
  'moreStatements',
  'findings',
  'noFindings',
  'applyFix',
  'applyFixValue',
  'rightValue',
  'written',
  'variables',
  'noVariables',
  'moreVariables',
  'definedHere',
  'goToDefinition',
  'shapeNumber',
  'shapeMatrix',
  'shapeRow',
  'shapeColumn',
  'shapeTuple',
  'elided',
  'notComputable',
  'tooLong',
  'ignoredFormula',
  'ignoredFile',
  'documentSummary',
  'bpttTitle',
  'bpttRecurrence',
  'bpttUseCursor',
  'bpttWrt',
  'bpttSteps',
  'bpttLoss',
  'bpttLossFinal',
  'bpttLossSum',
  'bpttNotation',
  'bpttNotationAuto',
  'bpttNotationScalar',
  'bpttNotationMatrix',
  'bpttDerive',
  'transformerTitle',
  'tfVocabSize',
  'tfDModel',
  'tfHeads',
  'tfDFF',
  'tfEncoderLayers',
  'tfDecoderLayers',
  'tfMaxPositions',
  'tfPositional',
  'tfPositionalLearned',
  'tfPositionalSinusoidal',
  'tfPositionalNone',
  'tfLayerNorm',
  'tfTied',
  'tfFinalLayerNorm',
  'tfBias',
  'tfBatch',
  'tfSeqLen',
  'tfCalculate',
  'tfTotal',
  'tfComponent',
  'tfShape',
  'tfParams',
  'insert',
  'working',
  'severityError',
  'severityWarning',
  'severityInfo',
  'showInAnswer',
  'lastResult',
  'resultFailed',
  'shapes',
  'resultShape',
  'symbolic',
  'symbolicShort',
  'whatItCounts',
  'skipGramPairs',
  'tfTokenTypes',
  'tfPooler',
  'tfEmbeddingLayerNorm',
  'tfBytesPerValue',
  'tfPasteConfig',
  'tfReadConfig',
  'tfOpenConfig',
  'counterexample',
  'ceName',
  'ceValue',
  'ceLeft',
  'ceRight',
  'ceMore',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
export type PanelStrings = Record<StringKey, string>;

export type BpttLoss = 'final' | 'sum';
export type BpttNotationChoice = 'auto' | 'scalar' | 'matrix';

/** What the BPTT form asks for; the extension re-derives from it (the webview never sends text to insert). */
export interface BpttRequest {
  recurrence: string;
  wrt: string;
  steps: number;
  loss: BpttLoss;
  notation: BpttNotationChoice;
}

/**
 * A derivation for the panel's preview: the paragraphs and display blocks that "Insert into answer"
 * writes (core's derivationBlocks), in `lang`, the answer's language, read right to left when `rtl`.
 */
export type BpttResult =
  | { ok: true; lang: Lang; rtl: boolean; blocks: DerivationBlock[]; recurrence: string; notation: 'scalar' | 'matrix'; unrolledStyle: 'expanded' | 'stepwise' }
  | { ok: false; error: string };

/** The transformer form: configuration fields as the calculator's `transformerFromObject` reads them. */
export type TransformerInput = Record<string, number | string | boolean>;

export interface TransformerRow {
  name: string;
  shape: string;
  params: number;
}

export type TransformerResult =
  | { ok: true; total: number; totalText: string; summary: string; rows: TransformerRow[]; warnings: string[] }
  | { ok: false; error: string };

/** A configuration read from pasted text or a file: every field, defaults applied, for the form. */
export type TransformerConfigResult = { ok: true; config: TransformerInput; notes: string[] } | { ok: false; error: string };

/** Something the webview can ask to insert at the cursor of the answer: recomputed by the extension. */
export type InsertSource = { kind: 'bptt'; request: BpttRequest } | { kind: 'transformer'; config: TransformerInput };

export interface PanelDocument {
  /** File name for the header (no path). */
  name: string;
  version: number;
}

// ---- the union ------------------------------------------------------------------------------------

/** Extension → webview. */
export type ToPanelMessage =
  | { type: 'init'; locale: string; rtl: boolean; strings: PanelStrings }
  | { type: 'update'; document: PanelDocument | null; model: PanelModel | null; reason?: 'noEditor' | 'notMarkdown' }
  | { type: 'bpttResult'; requestId: number; result: BpttResult }
  | { type: 'transformerResult'; requestId: number; result: TransformerResult }
  | { type: 'transformerConfigResult'; requestId: number; result: TransformerConfigResult }
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  /** The last Evaluate Selection (null: none yet); replaced by the next one. */
  | { type: 'lastResult'; result: PanelLastResult | null };

/** Webview → extension. `ready` comes first; the extension answers with `init` and an `update`. */
export type FromPanelMessage =
  | { type: 'ready' }
  | { type: 'applyFix'; id: string; version: number }
  | { type: 'reveal'; start: number; end: number; version: number }
  /** Select a finding's claimed text in the answer: `id` as in the model, `version` the document version it was drawn from. */
  | { type: 'revealFinding'; id: string; version: number }
  | { type: 'bptt'; requestId: number; request: BpttRequest }
  | { type: 'transformer'; requestId: number; config: TransformerInput }
  /** Read a pasted configuration (JSON, a Hugging Face config.json as it is) into the form. */
  | { type: 'transformerConfig'; requestId: number; text: string }
  /** Pick a config.json file and read it into the form. */
  | { type: 'transformerConfigFile'; requestId: number }
  | { type: 'insert'; source: InsertSource };

/** Every message of the panel, in either direction. */
export type PanelMessage = ToPanelMessage | FromPanelMessage;

export const TO_PANEL_TYPES = ['init', 'update', 'bpttResult', 'transformerResult', 'transformerConfigResult', 'notice', 'lastResult'] as const;
export const FROM_PANEL_TYPES = ['ready', 'applyFix', 'reveal', 'revealFinding', 'bptt', 'transformer', 'transformerConfig', 'transformerConfigFile', 'insert'] as const;

// ---- runtime checks -------------------------------------------------------------------------------
// Small combinators: every object is checked for its exact keys (no unknown keys), every string and
// list for a size limit, every number for being finite, so a malformed or hostile message is dropped.

type Check = (x: unknown) => boolean;

const MAX_LATEX = 200_000;
const MAX_TEXT = 20_000;
const MAX_OFFSET = 2 ** 31;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
const str =
  (max = MAX_TEXT): Check =>
  (x) =>
    typeof x === 'string' && x.length <= max;
const num: Check = (x) => typeof x === 'number' && Number.isFinite(x);
const int =
  (min = 0, max = MAX_OFFSET): Check =>
  (x) =>
    typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
const bool: Check = (x) => typeof x === 'boolean';
const oneOf =
  (...values: readonly unknown[]): Check =>
  (x) =>
    values.includes(x);
const arr =
  (item: Check, max: number): Check =>
  (x) =>
    Array.isArray(x) && x.length <= max && x.every(item);
/** An object with exactly these keys: `required` must be present, `optional` may be. */
const obj =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (x) => {
    if (!isRecord(x)) return false;
    for (const [k, check] of Object.entries(required)) if (!Object.prototype.hasOwnProperty.call(x, k) || !check(x[k])) return false;
    for (const k of Object.keys(x)) {
      if (k in required) continue;
      if (!Object.prototype.hasOwnProperty.call(optional, k) || (x[k] !== undefined && !optional[k](x[k]))) return false;
    }
    return true;
  };
const nullable =
  (c: Check): Check =>
  (x) =>
    x === null || c(x);
const either =
  (...cs: Check[]): Check =>
  (x) =>
    cs.some((c) => c(x));

const range = obj({ start: int(), end: int() });
const panelValue = obj({ latex: str(MAX_LATEX), shape: arr(int(), 2), elided: bool });
const steps = arr(str(2_000), 200);
const severity = oneOf('error', 'warning', 'information', 'hint');
const counterexample = obj({ rows: arr(obj({ name: str(200), value: str(100) }), 20), more: int(), left: str(100), right: str(100) });

const panelModel = obj(
  {
    cursor: int(),
    findings: arr(
      obj(
        { id: str(40), severity, code: str(60), message: str(), steps, moreSteps: int(), range, active: bool },
        { claimed: str(MAX_TEXT), actual: str(MAX_LATEX), fixTitle: str(400), counterexample },
      ),
      200,
    ),
    variables: arr(obj({ name: str(200), nameLatex: str(400), value: panelValue, range, definedHere: bool }), 500),
    moreVariables: int(),
    counts: obj({ errors: int(), warnings: int(), infos: int() }),
    formulas: int(),
    ignoredFile: bool,
  },
  {
    formula: obj(
      {
        index: int(),
        range,
        display: bool,
        source: str(MAX_TEXT),
        ignored: bool,
        statements: arr(obj({ source: str(MAX_TEXT), computed: bool, defines: arr(str(200), 50), active: bool }, { clipped: oneOf(true), value: panelValue, reason: str(2_000), symbolic: arr(str(200), 20) }), 200),
        moreStatements: int(),
      },
      {
        typeset: str(MAX_LATEX),
        focus: obj({ source: str(MAX_TEXT), value: panelValue, steps, moreSteps: int() }, { clipped: oneOf(true) }),
        reason: str(2_000),
        symbolic: arr(str(200), 20),
        shapes: obj({ kind: oneOf('attention', 'shape'), label: str(2_000), steps }, { shape: str(400) }),
        counts: obj({ kind: oneOf('parameters', 'skip-gram'), text: str(2_000) }),
      },
    ),
    recurrence: obj({ source: str(MAX_TEXT), canonical: str(MAX_TEXT), range }),
  },
);

/** `formulaIndex.findingIndex`, as `findingById` reads it. */
const findingId: Check = (x) => typeof x === 'string' && /^\d{1,7}\.\d{1,5}$/.test(x);

const lastResult = either(
  obj({ document: str(1_000), source: str(MAX_TEXT), ok: oneOf(true), value: panelValue, steps, moreSteps: int() }, { clipped: oneOf(true) }),
  obj({ document: str(1_000), source: str(MAX_TEXT), ok: oneOf(false), message: str(2_000) }, { clipped: oneOf(true) }),
);

const stringsCheck: Check = (x) => isRecord(x) && STRING_KEYS.every((k) => typeof x[k] === 'string' && (x[k] as string).length <= 2_000) && Object.keys(x).length === STRING_KEYS.length;

const bpttRequest = obj({
  recurrence: str(4_000),
  wrt: str(200),
  steps: int(1, 1_000),
  loss: oneOf('final', 'sum'),
  notation: oneOf('auto', 'scalar', 'matrix'),
});

/** Field names are identifiers; values are plain numbers, short strings or booleans. The calculator validates meaning. */
const transformerInput: Check = (x) =>
  isRecord(x) &&
  Object.keys(x).length <= 40 &&
  Object.entries(x).every(([k, v]) => /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(k) && (num(v) || bool(v) || str(100)(v)));

/** A derivation of up to 1000 steps written step by step has about 3,000 formula lines. */
const derivationBlock = either(
  obj({ kind: oneOf('paragraph'), pieces: arr(either(obj({ text: str(2_000) }), obj({ math: str(MAX_TEXT) })), 100) }),
  obj({ kind: oneOf('display'), lines: arr(str(MAX_TEXT), 10_000) }),
);
const bpttResult = either(
  obj({ ok: oneOf(true), lang: oneOf('en', 'fa'), rtl: bool, blocks: arr(derivationBlock, 400), recurrence: str(MAX_TEXT), notation: oneOf('scalar', 'matrix'), unrolledStyle: oneOf('expanded', 'stepwise') }),
  obj({ ok: oneOf(false), error: str() }),
);
const transformerResult = either(
  obj({
    ok: oneOf(true),
    total: int(0, Number.MAX_SAFE_INTEGER),
    totalText: str(100),
    summary: str(2_000),
    rows: arr(obj({ name: str(400), shape: str(200), params: int(0, Number.MAX_SAFE_INTEGER) }), 200),
    warnings: arr(str(2_000), 50),
  }),
  obj({ ok: oneOf(false), error: str() }),
);

const transformerConfigResult = either(
  obj({ ok: oneOf(true), config: transformerInput, notes: arr(str(2_000), 20) }),
  obj({ ok: oneOf(false), error: str() }),
);

const TO_PANEL: Record<ToPanelMessage['type'], Check> = {
  init: obj({ type: oneOf('init'), locale: str(40), rtl: bool, strings: stringsCheck }),
  update: obj(
    { type: oneOf('update'), document: nullable(obj({ name: str(1_000), version: int() })), model: nullable(panelModel) },
    { reason: oneOf('noEditor', 'notMarkdown') },
  ),
  bpttResult: obj({ type: oneOf('bpttResult'), requestId: int(), result: bpttResult }),
  transformerResult: obj({ type: oneOf('transformerResult'), requestId: int(), result: transformerResult }),
  transformerConfigResult: obj({ type: oneOf('transformerConfigResult'), requestId: int(), result: transformerConfigResult }),
  notice: obj({ type: oneOf('notice'), level: oneOf('info', 'error'), text: str(4_000) }),
  lastResult: obj({ type: oneOf('lastResult'), result: nullable(lastResult) }),
};

const FROM_PANEL: Record<FromPanelMessage['type'], Check> = {
  ready: obj({ type: oneOf('ready') }),
  applyFix: obj({ type: oneOf('applyFix'), id: str(40), version: int() }),
  reveal: obj({ type: oneOf('reveal'), start: int(), end: int(), version: int() }),
  revealFinding: obj({ type: oneOf('revealFinding'), id: findingId, version: int() }),
  bptt: obj({ type: oneOf('bptt'), requestId: int(), request: bpttRequest }),
  transformer: obj({ type: oneOf('transformer'), requestId: int(), config: transformerInput }),
  transformerConfig: obj({ type: oneOf('transformerConfig'), requestId: int(), text: str(200_000) }),
  transformerConfigFile: obj({ type: oneOf('transformerConfigFile'), requestId: int() }),
  insert: obj({
    type: oneOf('insert'),
    source: either(obj({ kind: oneOf('bptt'), request: bpttRequest }), obj({ kind: oneOf('transformer'), config: transformerInput })),
  }),
};

function dispatch(table: Record<string, Check>, x: unknown): boolean {
  if (!isRecord(x) || typeof x.type !== 'string' || !Object.prototype.hasOwnProperty.call(table, x.type)) return false;
  try {
    return table[x.type](x);
  } catch {
    return false;
  }
}

/** True when `x` is a well-formed extension → webview message (the webview checks each one). */
export function isToPanel(x: unknown): x is ToPanelMessage {
  return dispatch(TO_PANEL, x);
}

/** True when `x` is a well-formed webview → extension message (the extension checks each one). */
export function isFromPanel(x: unknown): x is FromPanelMessage {
  return dispatch(FROM_PANEL, x);
}

/** `{0}`, `{1}` … in a localized string, as `vscode.l10n.t` writes them. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
