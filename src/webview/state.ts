/**
 * The panel page's state: the VS Code API handle (acquired once), what survives the view being hidden
 * (`PanelState`, through `getState`/`setState`), the localized strings with `s()`, and the little the
 * sections share while the page lives (the current model, the request counter).
 */
import type { PanelModel } from '../core/views/panelModel';
import { FromPanelMessage, PanelStrings, StringKey, format } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: FromPanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden (the webview is rebuilt when shown again). */
export interface PanelState {
  bptt: BpttForm;
  transformer: Record<string, string | boolean>;
  open: { bptt: boolean; transformer: boolean };
  /** The student edited the recurrence field, so the cursor's recurrence no longer replaces it. */
  recurrenceEdited: boolean;
}
export interface BpttForm {
  recurrence: string;
  wrt: string;
  steps: string;
  loss: 'final' | 'sum';
  notation: 'auto' | 'scalar' | 'matrix';
}

export const vscode = acquireVsCodeApi();

export const TF_DEFAULTS: Record<string, string | boolean> = {
  vocabSize: '50257',
  dModel: '768',
  heads: '12',
  dFF: '',
  encoderLayers: '0',
  decoderLayers: '12',
  maxPositions: '1024',
  positional: 'learned',
  layerNorm: 'pre',
  tiedEmbeddings: true,
  finalLayerNorm: true,
  bias: true,
  batch: '1',
  seqLen: '1024',
  tokenTypes: '0',
  embeddingLayerNorm: false,
  pooler: false,
  bytesPerValue: '4',
};

function initialState(): PanelState {
  const saved = vscode.getState() as Partial<PanelState> | undefined;
  const base: PanelState = {
    bptt: { recurrence: '', wrt: 'h_0', steps: '3', loss: 'final', notation: 'auto' },
    transformer: { ...TF_DEFAULTS },
    open: { bptt: false, transformer: false },
    recurrenceEdited: false,
  };
  if (!saved || typeof saved !== 'object') return base;
  // only known keys of the right types are taken back: the state is ours, but may be from an older version
  const pickStr = (x: unknown, d: string) => (typeof x === 'string' && x.length < 5_000 ? x : d);
  const b = (saved.bptt ?? {}) as Partial<BpttForm>;
  base.bptt = {
    recurrence: pickStr(b.recurrence, ''),
    wrt: pickStr(b.wrt, 'h_0'),
    steps: pickStr(b.steps, '3'),
    loss: b.loss === 'sum' ? 'sum' : 'final',
    notation: b.notation === 'scalar' || b.notation === 'matrix' ? b.notation : 'auto',
  };
  const t = (saved.transformer ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(TF_DEFAULTS)) {
    const v = t[k];
    if (typeof v === typeof TF_DEFAULTS[k]) base.transformer[k] = v as string | boolean;
  }
  base.open = { bptt: saved.open?.bptt === true, transformer: saved.open?.transformer === true };
  base.recurrenceEdited = saved.recurrenceEdited === true;
  return base;
}

export const state = initialState();
export const saveState = (): void => vscode.setState(state);

/** What the sections share while the page lives (not saved: the extension sends it again). */
export const session: {
  /** The model of the last update drawn; the BPTT form's "use the cursor's recurrence" reads it. */
  currentModel: PanelModel | null;
} = { currentModel: null };

let requestId = 0;
/** One counter for every request, so a late answer to an older request is recognised and dropped. */
export const nextRequestId = (): number => ++requestId;

let strings: PanelStrings | undefined;
export function setStrings(table: PanelStrings): void {
  strings = table;
}
export const s = (key: StringKey, ...args: (string | number)[]): string => (strings ? format(strings[key], ...args) : key);
