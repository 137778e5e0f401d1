import type { PanelStrings } from '../../shared/protocol';
import type { Lang } from '../../core/messages';
import persian from '../../../l10n/bundle.l10n.fa.json';

const FA: Readonly<Record<string, string>> = persian;

/** `key` (English, with `{0}` placeholders) in `lang`: Persian from l10n/bundle.l10n.fa.json. */
export function translate(lang: Lang, key: string, ...args: (string | number)[]): string {
  const text = lang === 'fa' ? (Object.prototype.hasOwnProperty.call(FA, key) ? FA[key] : key) : key;
  return text.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

/**
 * The panel's UI strings in the language of the answer it shows (the language its findings are written
 * in: `dlmath.messages.language`, or with `auto` the answer's prose). VS Code ships no Persian language
 * pack, so the panel reads the Persian of l10n/bundle.l10n.fa.json itself rather than through
 * `vscode.l10n`; the English keys are the English text.
 */
export function panelStrings(lang: Lang = 'en'): PanelStrings {
  const t = (key: string, ...args: (string | number)[]) => translate(lang, key, ...args);
  return {
    noEditor: t('Open a Markdown answer to see its math here.'),
    notMarkdown: t('The active editor is not a Markdown answer.'),
    noFormula: t('Move the cursor onto a formula to see its value, shape and steps.'),
    formula: t('Formula'),
    value: t('Value'),
    valueOf: t('Value at the cursor'),
    steps: t('Steps'),
    moreSteps: t('… and {0} more steps'),
    statements: t('Statements'),
    moreStatements: t('… and {0} more statements'),
    findings: t('Findings'),
    noFindings: t('Nothing to fix in this formula.'),
    applyFix: t('Fix'),
    applyFixValue: t('Fix: write the right value'),
    rightValue: t('right value'),
    written: t('written'),
    variables: t('Variables in scope'),
    noVariables: t('No variables defined above the cursor.'),
    moreVariables: t('… and {0} more variables'),
    definedHere: t('defined here'),
    goToDefinition: t('Go to definition'),
    shapeNumber: t('a number'),
    shapeMatrix: t('{0}×{1} matrix'),
    shapeRow: t('row vector, 1×{0}'),
    shapeColumn: t('column vector, {0}×1'),
    shapeTuple: t('{0} values'),
    elided: t('large: only the corners are shown'),
    notComputable: t('No value:'),
    tooLong: t('This formula is too long to typeset here.'),
    ignoredFormula: t('This formula is marked <!-- dlmath-ignore --> and is not checked.'),
    ignoredFile: t('This file contains <!-- dlmath-ignore-file -->: nothing is checked.'),
    documentSummary: t('{0} wrong, {1} warnings in {2} formulas'),
    bpttTitle: t('BPTT deriver'),
    bpttRecurrence: t('Recurrence (LaTeX)'),
    bpttUseCursor: t('Use the recurrence at the cursor'),
    bpttWrt: t('Differentiate with respect to'),
    bpttSteps: t('Steps T'),
    bpttLoss: t('Loss'),
    bpttLossFinal: t('final: L = g·h_T'),
    bpttLossSum: t('sum: L = Σ g_t·h_t'),
    bpttNotation: t('Notation'),
    bpttNotationAuto: t('automatic'),
    bpttNotationScalar: t('scalar'),
    bpttNotationMatrix: t('matrix'),
    bpttDerive: t('Derive'),
    transformerTitle: t('Transformer calculator'),
    tfVocabSize: t('Vocabulary size'),
    tfDModel: t('d_model'),
    tfHeads: t('Heads'),
    tfDFF: t('d_ff'),
    tfEncoderLayers: t('Encoder layers'),
    tfDecoderLayers: t('Decoder layers'),
    tfMaxPositions: t('Max positions'),
    tfPositional: t('Positions'),
    tfPositionalLearned: t('learned'),
    tfPositionalSinusoidal: t('sinusoidal'),
    tfPositionalNone: t('none'),
    tfLayerNorm: t('LayerNorm'),
    tfTied: t('Output tied to the embedding'),
    tfFinalLayerNorm: t('Final LayerNorm'),
    tfBias: t('Biases'),
    tfBatch: t('Batch B'),
    tfSeqLen: t('Sequence length S'),
    tfCalculate: t('Count parameters'),
    tfTotal: t('Total parameters:'),
    tfComponent: t('Component'),
    tfShape: t('Shape'),
    tfParams: t('Parameters'),
    insert: t('Insert into answer'),
    working: t('Working…'),
    severityError: t('Wrong'),
    severityWarning: t('Warning'),
    severityInfo: t('Note'),
    showInAnswer: t('Select in the answer'),
    lastResult: t('Last result'),
    resultFailed: t('Not evaluated:'),
    shapes: t('Shapes'),
    resultShape: t('Result: {0}'),
    symbolic: t('A symbolic line: {0} has no value in this answer, so there is nothing to compute.'),
    symbolicShort: t('symbolic'),
    whatItCounts: t('What it counts'),
    skipGramPairs: t('Skip-gram pairs'),
    tfTokenTypes: t('Token types (segments)'),
    tfPooler: t('Pooler'),
    tfEmbeddingLayerNorm: t('LayerNorm after the embeddings'),
    tfBytesPerValue: t('Bytes per value'),
    tfPasteConfig: t('Or paste a configuration (JSON; a Hugging Face config.json as it is)'),
    tfReadConfig: t('Read the configuration'),
    tfOpenConfig: t('Open config.json…'),
    counterexample: t('Counterexample: the sides differ here'),
    ceName: t('name'),
    ceValue: t('value'),
    ceLeft: t('left side'),
    ceRight: t('right side'),
    ceMore: t('… and {0} more names'),
  };
}
