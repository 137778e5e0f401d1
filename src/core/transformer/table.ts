/**
 * Renders a calculator report as Markdown tables for insertion into an answer: parameters per
 * component with subtotals and the total, activation shapes for the batch, and memory.
 */
import type { ParameterGroup, ParameterRow } from './count';
import type { ActivationRow } from './activations';
import type { TransformerReport } from './report';
import { formatBytes, formatCount, formatShape } from './format';

export interface TableOptions {
  /** Language of headers and component names; numbers always use Latin digits. Default 'en'. */
  lang?: 'en' | 'fa';
}

interface Strings {
  parameters: string;
  component: string;
  layers: string;
  shape: string;
  tensorShape: string;
  params: string;
  subtotal: (group: ParameterGroup, perLayer: number, layers: number, finalNorm: number) => string;
  nonEmbedding: string;
  total: string;
  activations: (b: number, s: number, bytes: number) => string;
  tensor: string;
  values: string;
  memoryAt: (bytes: number) => string;
  memory: string;
  item: string;
  paramsFp32: string;
  paramsAt: (bytes: number) => string;
  scoresAll: (blocks: number) => string;
  summary: (r: TransformerReport) => string;
  rowName: (row: ParameterRow) => string;
  activationName: (row: ActivationRow) => string;
}

function modelKind(r: TransformerReport, lang: 'en' | 'fa'): string {
  const { encoderLayers: e, decoderLayers: d } = r.config;
  if (lang === 'fa') {
    if (e > 0 && d > 0) return `رمزگذار–رمزگشا (${e} + ${d} لایه)`;
    return e > 0 ? `فقط رمزگذار (${e} لایه)` : `فقط رمزگشا (${d} لایه)`;
  }
  if (e > 0 && d > 0) return `encoder–decoder (${e} + ${d} layers)`;
  return e > 0 ? `encoder-only (${e} layers)` : `decoder-only (${d} layers)`;
}

const EN: Strings = {
  parameters: 'Parameters',
  component: 'Component',
  layers: 'Layers',
  shape: 'Shape (one layer)',
  tensorShape: 'Shape',
  params: 'Parameters',
  subtotal: (g, per, L, fin) => (L > 0 ? `${g} subtotal (${L} layers × ${formatCount(per)}${fin ? ` + final LayerNorm ${formatCount(fin)}` : ''})` : `${g} subtotal`),
  nonEmbedding: 'non-embedding parameters',
  total: 'Total',
  activations: (b, s, bytes) => `Activations for batch B = ${b}, sequence length S = ${s} (${bytes} bytes per value)`,
  tensor: 'Tensor',
  values: 'Values',
  memoryAt: (bytes) => `Memory (${bytes} bytes/value)`,
  memory: 'Memory',
  item: 'Item',
  paramsFp32: 'parameters in fp32 (4 bytes each)',
  paramsAt: (bytes) => `parameters at ${bytes} bytes each`,
  scoresAll: (n) => `attention scores of all ${n} attention blocks`,
  summary: (r) => {
    const c = r.config;
    const pos = c.positional === 'learned' ? `learned positions (${c.maxPositions})` : c.positional === 'sinusoidal' ? 'sinusoidal positions (no parameters)' : 'no positional encoding';
    return `${modelKind(r, 'en')}, d_model = ${c.dModel}, ${c.heads} heads (d_head = ${c.dModel / c.heads}), d_ff = ${c.dFF}, vocabulary ${formatCount(c.vocabSize)}, ${pos}, ${c.layerNorm}-LN, biases ${c.bias ? 'on' : 'off'}, output ${c.tiedEmbeddings ? 'tied to the token embedding' : 'untied'}`;
  },
  rowName: (row) => row.name,
  activationName: (row) => row.name,
};

const FA_GROUP: Record<ParameterGroup, string> = { embeddings: 'تعبیه‌ها', encoder: 'رمزگذار', decoder: 'رمزگشا', output: 'خروجی' };
const FA_ROWS: Record<string, string> = {
  'embeddings.token': 'تعبیه‌ی توکن',
  'embeddings.position': 'تعبیه‌ی موقعیت (یادگرفتنی)',
  'embeddings.tokenType': 'تعبیه‌ی نوع توکن (بخش)',
  'embeddings.layerNorm': 'LayerNorm پس از تعبیه (بهره و بایاس)',
  'selfAttention.weights': 'خودتوجهی: وزن‌های Q، K، V، O',
  'selfAttention.biases': 'خودتوجهی: بایاس‌های Q، K، V، O',
  'crossAttention.weights': 'توجه متقابل: وزن‌های Q، K، V، O',
  'crossAttention.biases': 'توجه متقابل: بایاس‌های Q، K، V، O',
  'ffn.w1': 'پیش‌خور: W1',
  'ffn.b1': 'پیش‌خور: b1',
  'ffn.w2': 'پیش‌خور: W2',
  'ffn.b2': 'پیش‌خور: b2',
  layerNorms: 'LayerNormها (بهره و بایاس)',
  finalLayerNorm: 'LayerNorm پایانی (بهره و بایاس)',
  'output.projection': 'تصویر خروجی (جدا از تعبیه)',
  'output.bias': 'بایاس خروجی',
  'output.pooler.weight': 'وزن pooler',
  'output.pooler.bias': 'بایاس pooler',
};
const FA_ACTIVATIONS: Record<string, string> = {
  'embeddings.output': 'خروجی تعبیه',
  'attention.qkv': 'Q، K، V تقسیم‌شده به سرها (هر کدام)',
  'attention.scores': 'امتیازهای توجه QKᵀ/√d_k (هر لایه)',
  'crossAttention.scores': 'امتیازهای توجه متقابل (هر لایه‌ی رمزگشا)',
  'attention.output': 'خروجی توجه، سرها به هم چسبیده',
  'ffn.inner': 'لایه‌ی میانی پیش‌خور (هر لایه)',
  logits: 'لاجیت‌ها',
};

const FA: Strings = {
  parameters: 'پارامترها',
  component: 'مؤلفه',
  layers: 'لایه‌ها',
  shape: 'ابعاد (یک لایه)',
  tensorShape: 'ابعاد',
  params: 'پارامترها',
  subtotal: (g, per, L, fin) => (L > 0 ? `جمع ${FA_GROUP[g]} (${L} لایه × ${formatCount(per)}${fin ? ` + LayerNorm پایانی ${formatCount(fin)}` : ''})` : `جمع ${FA_GROUP[g]}`),
  nonEmbedding: 'پارامترهای غیر از تعبیه',
  total: 'مجموع',
  activations: (b, s, bytes) => `فعال‌سازی‌ها برای دسته‌ی B = ${b} و طول دنباله‌ی S = ${s} (${bytes} بایت برای هر مقدار)`,
  tensor: 'تانسور',
  values: 'تعداد مقادیر',
  memoryAt: (bytes) => `حافظه (${bytes} بایت برای هر مقدار)`,
  memory: 'حافظه',
  item: 'مورد',
  paramsFp32: 'پارامترها در fp32 (هر کدام ۴ بایت)',
  paramsAt: (bytes) => `پارامترها با ${bytes} بایت برای هر کدام`,
  scoresAll: (n) => `امتیازهای توجه همه‌ی ${n} بلوک توجه`,
  summary: (r) => {
    const c = r.config;
    const pos = c.positional === 'learned' ? `موقعیت یادگرفتنی (${c.maxPositions})` : c.positional === 'sinusoidal' ? 'موقعیت سینوسی (بدون پارامتر)' : 'بدون کدگذاری موقعیت';
    return `${modelKind(r, 'fa')}، d_model = ${c.dModel}، ${c.heads} سر (d_head = ${c.dModel / c.heads})، d_ff = ${c.dFF}، واژگان ${formatCount(c.vocabSize)}، ${pos}، ${c.layerNorm}-LN، بایاس ${c.bias ? 'دارد' : 'ندارد'}، خروجی ${c.tiedEmbeddings ? 'مشترک با تعبیه‌ی توکن' : 'جدا'}`;
  },
  rowName: (row) => {
    const direct = FA_ROWS[row.key];
    if (direct) return direct;
    const [stack, ...rest] = row.key.split('.');
    const part = FA_ROWS[rest.join('.')];
    return part && (stack === 'encoder' || stack === 'decoder') ? `${FA_GROUP[stack]} — ${part}` : row.name;
  },
  activationName: (row) => FA_ACTIVATIONS[row.key] ?? row.name,
};

/** A component's name in `lang`, as the inserted table writes it (the panel's calculator shows the same). */
export function componentName(row: ParameterRow, lang: 'en' | 'fa' = 'en'): string {
  return (lang === 'fa' ? FA : EN).rowName(row);
}

function table(header: string[], align: ('l' | 'r')[], body: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...body.map(line)];
}

/** Markdown for a calculator report: a parameters table (per component, subtotals, total), activations and memory. */
export function renderTransformerTable(report: TransformerReport, options: TableOptions = {}): string {
  const s = options.lang === 'fa' ? FA : EN;
  const { config: c, totals } = report;
  const out: string[] = [];

  out.push(`**${s.parameters}** — ${s.summary(report)}`, '');
  const body: string[][] = [];
  const groups: ParameterGroup[] = ['embeddings', 'encoder', 'decoder', 'output'];
  for (const g of groups) {
    const rows = report.rows.filter((r) => r.group === g);
    for (const r of rows) {
      const shape = r.layers !== undefined ? r.shape.slice(1) : r.shape;
      body.push([s.rowName(r), r.layers !== undefined ? String(r.layers) : '', formatShape(shape), formatCount(r.params)]);
    }
    if (rows.length > 1) {
      const L = g === 'encoder' ? c.encoderLayers : g === 'decoder' ? c.decoderLayers : 0;
      const per = g === 'encoder' ? totals.perEncoderLayer : totals.perDecoderLayer;
      const finalNorm = rows.find((r) => r.key.endsWith('.finalLayerNorm'))?.params ?? 0;
      body.push([`*${s.subtotal(g, per, L, finalNorm)}*`, '', '', `*${formatCount(totals[g])}*`]);
    }
  }
  body.push([s.nonEmbedding, '', '', formatCount(totals.nonEmbedding)]);
  body.push([`**${s.total}**`, '', '', `**${formatCount(totals.total)}**`]);
  out.push(...table([s.component, s.layers, s.shape, s.params], ['l', 'r', 'l', 'r'], body), '');

  out.push(`**${s.activations(c.batch, c.seqLen, c.bytesPerValue)}**`, '');
  out.push(
    ...table(
      [s.tensor, s.tensorShape, s.values, s.memoryAt(c.bytesPerValue)],
      ['l', 'l', 'r', 'r'],
      report.activations.map((a) => [s.activationName(a), `(${a.shape.join(', ')})`, formatCount(a.elements), formatBytes(a.bytes)]),
    ),
    '',
  );

  const mem: string[][] = [[s.paramsFp32, formatCount(report.total), formatBytes(report.memory.parametersFp32Bytes)]];
  if (c.bytesPerValue !== 4) mem.push([s.paramsAt(c.bytesPerValue), formatCount(report.total), formatBytes(report.memory.parametersBytes)]);
  const scores = report.activations.find((a) => a.key === 'attention.scores');
  const blocks = report.memory.attentionBlocks;
  if (scores && blocks > 1) mem.push([s.scoresAll(blocks), formatCount(scores.elements * blocks), formatBytes(report.memory.attentionScoresAllLayersBytes)]);
  out.push(`**${s.memory}**`, '');
  out.push(...table([s.item, s.values, s.memory], ['l', 'r', 'r'], mem));
  return out.join('\n') + '\n';
}
