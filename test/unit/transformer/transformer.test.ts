import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeTransformer,
  describeParameterArithmetic,
  formatBytes,
  formatConfigWarnings,
  formatCount,
  parseTransformerConfig,
  renderTransformerTable,
  transformerFromObject,
  type TransformerReport,
} from '../../../src/core/transformer';
import { runCliWith } from '../engineHelpers';

const GPT2_SMALL = { vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12, maxPositions: 1024, layerNorm: 'pre', finalLayerNorm: true, tiedEmbeddings: true };
const BERT_BASE = { vocabSize: 30522, dModel: 768, heads: 12, encoderLayers: 12, maxPositions: 512, tokenTypes: 2, layerNorm: 'post', embeddingLayerNorm: true, pooler: true };

function report(input: object): TransformerReport {
  const r = transformerFromObject(input);
  if (!r.ok) assert.fail(`config rejected: ${r.message}`);
  return r.report;
}

function errorOf(input: unknown): string {
  const r = transformerFromObject(input);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? '' : r.message;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

describe('transformer parameter counts', () => {
  test('GPT-2 small is 124,439,808', () => {
    assert.equal(report(GPT2_SMALL).total, 124_439_808);
  });

  test('BERT-base is 109,482,240', () => {
    assert.equal(report(BERT_BASE).total, 109_482_240);
  });

  // Independent check: list the tensors of the Hugging Face GPT-2 state dict (fused QKV `c_attn`,
  // Conv1D weights stored in×out) for a toy size and compare with the calculator.
  test('GPT-2 layout as a state dict, toy sizes', () => {
    const V = 101, d = 16, h = 4, L = 3, P = 20;
    const tensors: number[][] = [[V, d], [P, d]];
    for (let i = 0; i < L; i++) {
      tensors.push([d], [d]); // ln_1
      tensors.push([d, 3 * d], [3 * d]); // attn.c_attn
      tensors.push([d, d], [d]); // attn.c_proj
      tensors.push([d], [d]); // ln_2
      tensors.push([d, 4 * d], [4 * d]); // mlp.c_fc
      tensors.push([4 * d, d], [d]); // mlp.c_proj
    }
    tensors.push([d], [d]); // ln_f
    const expected = sum(tensors.map(prod));
    assert.equal(report({ vocabSize: V, dModel: d, heads: h, decoderLayers: L, maxPositions: P, layerNorm: 'pre', finalLayerNorm: true }).total, expected);
  });

  // The same for BERT (word/position/token-type embeddings, embedding LayerNorm, separate Q/K/V, pooler).
  test('BERT layout as a state dict, toy sizes', () => {
    const V = 97, d = 12, h = 3, L = 2, P = 30, T = 2, f = 40;
    const tensors: number[][] = [[V, d], [P, d], [T, d], [d], [d]];
    for (let i = 0; i < L; i++) {
      for (const _ of ['query', 'key', 'value']) tensors.push([d, d], [d]);
      tensors.push([d, d], [d], [d], [d]); // attention.output.dense + LayerNorm
      tensors.push([f, d], [f]); // intermediate.dense
      tensors.push([d, f], [d], [d], [d]); // output.dense + LayerNorm
    }
    tensors.push([d, d], [d]); // pooler.dense
    const expected = sum(tensors.map(prod));
    assert.equal(report({ vocabSize: V, dModel: d, heads: h, dFF: f, encoderLayers: L, maxPositions: P, tokenTypes: T, embeddingLayerNorm: true, pooler: true }).total, expected);
  });

  test('original Transformer base (6+6, d=512, d_ff=2048, shared vocabulary 37000, sinusoidal)', () => {
    const d = 512, f = 2048, V = 37000;
    const attention = 4 * (d * d + d);
    const ffn = d * f + f + f * d + d;
    const ln = 2 * d;
    const encoderLayer = attention + ffn + 2 * ln;
    const decoderLayer = 2 * attention + ffn + 3 * ln; // self- and cross-attention, three LayerNorms
    const expected = V * d + 6 * encoderLayer + 6 * decoderLayer;
    assert.equal(expected, 63_082_496);
    const r = report({ vocabSize: V, dModel: d, heads: 8, dFF: f, encoderLayers: 6, decoderLayers: 6, positional: 'sinusoidal', maxPositions: 512 });
    assert.equal(r.total, expected);
    assert.equal(r.totals.perEncoderLayer, encoderLayer);
    assert.equal(r.totals.perDecoderLayer, decoderLayer);
    assert.ok(r.rows.some((row) => row.key === 'decoder.crossAttention.weights'));
    assert.ok(!r.rows.some((row) => row.key === 'embeddings.position'), 'sinusoidal positions have no parameters');
  });

  test('biases off: GPT-2 small without any linear bias', () => {
    const V = 50257, d = 768, P = 1024, L = 12;
    const expected = V * d + P * d + L * (4 * d * d + 2 * d * (4 * d) + 2 * 2 * d) + 2 * d;
    assert.equal(expected, 124_356_864);
    assert.equal(report({ ...GPT2_SMALL, bias: false }).total, expected);
  });

  test('untied output adds d·V, plus V with bias', () => {
    assert.equal(report({ ...GPT2_SMALL, tiedEmbeddings: false }).total, 124_439_808 + 768 * 50257 + 50257);
    const noBias = report({ ...GPT2_SMALL, bias: false });
    assert.equal(report({ ...GPT2_SMALL, bias: false, tiedEmbeddings: false }).total, noBias.total + 768 * 50257);
  });

  test('decoder-only without final LayerNorm', () => {
    assert.equal(report({ ...GPT2_SMALL, finalLayerNorm: false }).total, 124_439_808 - 2 * 768);
  });

  test('decoder layers have cross-attention only with an encoder', () => {
    const d = 64, V = 1000, f = 256;
    const attention = 4 * (d * d + d);
    const ffn = 2 * d * f + d + f;
    const decoderOnly = report({ vocabSize: V, dModel: d, heads: 4, decoderLayers: 2, positional: 'none' });
    assert.equal(decoderOnly.total, V * d + 2 * (attention + ffn + 2 * 2 * d));
    const encDec = report({ vocabSize: V, dModel: d, heads: 4, encoderLayers: 1, decoderLayers: 2, positional: 'none' });
    assert.equal(encDec.total, V * d + (attention + ffn + 4 * d) + 2 * (2 * attention + ffn + 3 * 2 * d));
  });

  test('pre-LN keeps the per-layer LayerNorm count; finalLayerNorm adds one per stack', () => {
    const base = { vocabSize: 500, dModel: 32, heads: 4, encoderLayers: 2, decoderLayers: 3, positional: 'none' };
    const post = report({ ...base, layerNorm: 'post' });
    const pre = report({ ...base, layerNorm: 'pre' });
    assert.equal(pre.total, post.total);
    assert.equal(report({ ...base, layerNorm: 'pre', finalLayerNorm: true }).total, post.total + 2 * (2 * 32));
  });

  test('learned positions add maxPositions·d; token types add tokenTypes·d; defaults dFF = 4·dModel', () => {
    const base = { vocabSize: 1000, dModel: 48, heads: 6, encoderLayers: 1 };
    const plain = report({ ...base, positional: 'none', maxPositions: 128 });
    assert.equal(report({ ...base, maxPositions: 128 }).total, plain.total + 128 * 48);
    assert.equal(report({ ...base, positional: 'sinusoidal', maxPositions: 128 }).total, plain.total);
    assert.equal(report({ ...base, positional: 'none', maxPositions: 128, tokenTypes: 3 }).total, plain.total + 3 * 48);
    assert.equal(report({ ...base, positional: 'none', maxPositions: 128, dFF: 4 * 48 }).total, plain.total);
    assert.equal(report({ ...base, positional: 'none', maxPositions: 128, embeddingLayerNorm: true }).total, plain.total + 2 * 48);
    assert.equal(report({ ...base, positional: 'none', maxPositions: 128, pooler: true }).total, plain.total + 48 * 48 + 48);
  });

  test('every row: params is the product of its shape, and the rows add up to the total', () => {
    for (const cfg of [GPT2_SMALL, BERT_BASE, { ...GPT2_SMALL, tiedEmbeddings: false, encoderLayers: 2, bias: false }]) {
      const r = report(cfg);
      for (const row of r.rows) {
        assert.equal(row.params, prod(row.shape), row.name);
        if (row.layers !== undefined) assert.equal(row.shape[0], row.layers, row.name);
      }
      assert.equal(sum(r.rows.map((row) => row.params)), r.total);
      assert.equal(r.totals.embeddings + r.totals.encoder + r.totals.decoder + r.totals.output, r.total);
    }
  });

  test('BERT-base component rows', () => {
    const r = report(BERT_BASE);
    const byKey = new Map(r.rows.map((row) => [row.key, row]));
    assert.deepEqual(byKey.get('embeddings.token')?.shape, [30522, 768]);
    assert.deepEqual(byKey.get('embeddings.position')?.shape, [512, 768]);
    assert.deepEqual(byKey.get('embeddings.tokenType')?.shape, [2, 768]);
    assert.deepEqual(byKey.get('encoder.selfAttention.weights')?.shape, [12, 4, 768, 768]);
    assert.equal(byKey.get('output.pooler.weight')?.params, 768 * 768);
    assert.equal(r.totals.perEncoderLayer, 7_087_872);
    assert.equal(r.totals.nonEmbedding, 109_482_240 - (30522 + 512 + 2) * 768);
  });
});

describe('transformer configuration', () => {
  test('defaults follow the contract table', () => {
    const r = parseTransformerConfig({ vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1 });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.config, {
      vocabSize: 100, dModel: 64, heads: 8, dFF: 256, encoderLayers: 0, decoderLayers: 1, maxPositions: 0, positional: 'learned',
      tokenTypes: 0, bias: true, layerNorm: 'post', embeddingLayerNorm: false, finalLayerNorm: false, tiedEmbeddings: true,
      pooler: false, batch: 1, seqLen: 512, bytesPerValue: 4,
    });
    const withPositions = parseTransformerConfig({ vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, maxPositions: 1024 });
    assert.ok(withPositions.ok && withPositions.config.seqLen === 1024);
  });

  const bad: [string, unknown, RegExp][] = [
    ['heads must divide dModel', { vocabSize: 100, dModel: 770, heads: 12, decoderLayers: 1 }, /heads must divide dModel.*770 \/ 12 = 64\.17/],
    ['non-integer field', { vocabSize: 100, dModel: 76.5, heads: 1, decoderLayers: 1 }, /dModel must be a whole number, got 76\.5/],
    ['negative layers', { vocabSize: 100, dModel: 64, heads: 8, decoderLayers: -2 }, /decoderLayers must not be negative, got -2/],
    ['zero heads', { vocabSize: 100, dModel: 64, heads: 0, decoderLayers: 1 }, /heads must be at least 1, got 0/],
    ['a string number', { vocabSize: '100', dModel: 64, heads: 8, decoderLayers: 1 }, /vocabSize must be a whole number, got "100" \(a string\)/],
    ['missing required field', { dModel: 64, heads: 8, decoderLayers: 1 }, /vocabSize is required/],
    ['a name that is not read, with a hint', { n_vocab: 100, dModel: 64, heads: 8, decoderLayers: 1 }, /vocabSize is required \(found 'n_vocab'/],
    ['bad enum', { vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, layerNorm: 'middle' }, /layerNorm must be one of "pre", "post", got "middle"/],
    ['bad positional', { vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, positional: 'rotary' }, /positional must be one of "learned", "sinusoidal", "none"/],
    ['bool as string', { vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, bias: 'false' }, /bias must be true or false, got "false"/],
    ['no layers', { vocabSize: 100, dModel: 64, heads: 8 }, /encoderLayers and decoderLayers are both 0/],
    ['non-positive bytesPerValue', { vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, bytesPerValue: 0 }, /bytesPerValue must be positive/],
    ['not an object', [1, 2, 3], /config must be a JSON object/],
    ['absurd sizes', { vocabSize: 1e9, dModel: 1e7, heads: 1, decoderLayers: 1 }, /too large to count exactly/],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects: ${name}`, () => {
      const msg = errorOf(input);
      assert.match(msg, message);
      assert.ok(!msg.includes('\n'), 'one line');
    });
  }

  test('unknown fields are warnings with a hint', () => {
    const r = parseTransformerConfig({ vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, n_layer: 12, name: 'toy' });
    assert.ok(r.ok);
    assert.deepEqual(formatConfigWarnings(r.warnings).filter((w) => w.includes('unknown')), ["ignoring unknown field 'n_layer' (did you mean decoderLayers?)"]);
  });
});

describe('transformer activations and memory', () => {
  test('shapes for batch 8 and sequence 128', () => {
    const r = report({ ...GPT2_SMALL, batch: 8, seqLen: 128, bytesPerValue: 2 });
    const shape = (key: string) => r.activations.find((a) => a.key === key)?.shape;
    assert.deepEqual(shape('embeddings.output'), [8, 128, 768]);
    assert.deepEqual(shape('attention.qkv'), [8, 12, 128, 64]);
    assert.deepEqual(shape('attention.scores'), [8, 12, 128, 128]);
    assert.deepEqual(shape('ffn.inner'), [8, 128, 3072]);
    assert.deepEqual(shape('logits'), [8, 128, 50257]);
    assert.equal(shape('crossAttention.scores'), undefined);
    const scores = r.activations.find((a) => a.key === 'attention.scores');
    assert.equal(scores?.bytes, 8 * 12 * 128 * 128 * 2);
    assert.equal(r.memory.parametersFp32Bytes, 124_439_808 * 4);
    assert.equal(r.memory.parametersBytes, 124_439_808 * 2);
    assert.equal(r.memory.attentionBlocks, 12);
  });

  test('encoder-decoder has cross-attention scores and counts them as attention blocks', () => {
    const r = report({ vocabSize: 1000, dModel: 64, heads: 4, encoderLayers: 2, decoderLayers: 3, batch: 2, seqLen: 10 });
    assert.deepEqual(r.activations.find((a) => a.key === 'crossAttention.scores')?.shape, [2, 4, 10, 10]);
    assert.equal(r.memory.attentionBlocks, 2 + 3 + 3);
  });
});

describe('transformer Markdown table', () => {
  const cells = (line: string) => line.split('|').length;

  test('English table: components, totals, activations, memory', () => {
    const md = renderTransformerTable(report({ ...GPT2_SMALL, batch: 32, seqLen: 2048 }));
    assert.match(md, /\| token embedding \| {2}\| 50257 × 768 \| 38,597,376 \|/);
    assert.match(md, /\| decoder self-attention Q, K, V, O weights \| 12 \| 4 × 768 × 768 \| 28,311,552 \|/);
    assert.match(md, /\| \*\*Total\*\* \|.*\*\*124,439,808\*\* \|/);
    assert.match(md, /\| embeddings output \| \(32, 2048, 768\) \| 50,331,648 \| 192 MiB \|/);
    assert.match(md, /parameters in fp32 \(4 bytes each\) \| 124,439,808 \| 474\.7 MiB/);
    // Every table is well formed: each row has as many cells as its header.
    const blocks = md.split('\n\n').filter((b) => b.startsWith('|'));
    assert.equal(blocks.length, 3);
    for (const block of blocks) {
      const lines = block.trim().split('\n');
      for (const line of lines) assert.equal(cells(line), cells(lines[0]), line);
    }
  });

  test('Persian headers with lang: fa', () => {
    const md = renderTransformerTable(report(BERT_BASE), { lang: 'fa' });
    assert.match(md, /^\| مؤلفه \| لایه‌ها \| ابعاد \(یک لایه\) \| پارامترها \|$/m);
    assert.match(md, /\*\*مجموع\*\* \|.*\*\*109,482,240\*\*/);
    assert.match(md, /\| تانسور \| ابعاد \| تعداد مقادیر \|/);
    assert.ok(!/\| Component \|/.test(md));
  });
});

describe('describeParameterArithmetic', () => {
  const cases: [number[], object | undefined, string, RegExp][] = [
    [[4, 768, 768], undefined, 'attention-qkvo', /Q, K, V and output projection.*2,359,296 weights, 2,362,368 with biases/],
    [[768, 768, 4], undefined, 'attention-qkvo', /2,359,296/],
    [[3, 1024, 1024], undefined, 'attention-qkv', /3,145,728 weights/],
    [[2, 768, 12], undefined, 'layernorm-layers', /LayerNorm.*12 layers.*18,432/],
    [[2, 268, 12], { dModel: 768 }, 'layernorm-layers', /d_model = 768, but this uses 268/],
    [[768, 3072], undefined, 'ffn-matrix', /one feed-forward matrix.*2,359,296/],
    [[2, 768, 3072], undefined, 'ffn', /4,718,592 weights, 4,722,432 with biases/],
    [[12, 768, 768, 12], undefined, 'non-embedding-estimate', /84,934,656 weights, 85,054,464 exactly/],
    [[12, 768, 768], undefined, 'layer-estimate', /7,077,888 weights, 7,087,872 exactly/],
    [[50257, 768], undefined, 'embedding', /token embedding.*38,597,376/],
    [[1024, 768], undefined, 'positions', /position table.*786,432/],
    [[32000, 4096], undefined, 'embedding', /V = 32000, d = 4096/],
    [[4, 768, 768, 12], undefined, 'attention-qkvo-layers', /12 layers: 28,311,552 weights, 28,348,416 with biases/],
    [[6, 512, 6], undefined, 'layernorm-3-per-layer', /three LayerNorms each\): 18,432/],
    [[12, 16, 1024, 1024], { batch: 16, seqLen: 1024 }, 'attention-scores', /201,326,592 values = 768 MiB/],
    [[768, 64], undefined, 'head-projection', /12 of them/],
    [[8, 64], undefined, 'heads-concat', /d_model \(512\)/],
    [[768, 768], undefined, 'projection', /589,824 weights, 590,592 with biases/],
    [[32, 2048, 768], { batch: 32, seqLen: 2048 }, 'activation-hidden', /50,331,648 values = 192 MiB/],
    [[512, 2048], { dFF: 2048 }, 'ffn-matrix', /d = 512, d_ff = 2048/],
  ];
  for (const [factors, ctx, id, text] of cases) {
    test(`${factors.join(' × ')}${ctx ? ' ' + JSON.stringify(ctx) : ''}`, () => {
      const e = describeParameterArithmetic(factors, ctx);
      assert.ok(e, 'recognised');
      assert.equal(e.id, id);
      assert.equal(e.value, prod(factors));
      assert.match(e.text, text);
    });
  }

  test('declared dimensions decide between readings', () => {
    // 1024 × 768 alone looks like a learned position table; in a document with V = 1024 it is the token embedding.
    assert.equal(describeParameterArithmetic([1024, 768])?.id, 'positions');
    assert.equal(describeParameterArithmetic([1024, 768], { vocabSize: 1024, dModel: 768 })?.id, 'embedding');
    // A matching context gives no "typo?" note; a different d_model does.
    assert.deepEqual(describeParameterArithmetic([4, 768, 768], { dModel: 768 })?.notes, []);
    assert.equal(describeParameterArithmetic([4, 512, 512], { dModel: 768 })?.notes.length, 1);
  });

  for (const factors of [[7, 13], [5], [2.5, 768], [0, 768], [3, 5, 7, 11]]) {
    test(`nothing recognised: ${factors.join(' × ')}`, () => {
      assert.equal(describeParameterArithmetic(factors), null);
    });
  }
});

test('formatting helpers', () => {
  assert.equal(formatCount(124439808), '124,439,808');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(-1234567), '-1,234,567');
  assert.equal(formatBytes(201326592), '192 MiB');
  assert.equal(formatBytes(497759232), '474.7 MiB');
  assert.equal(formatBytes(1000), '1000 bytes');
  assert.equal(formatBytes(3 * 1024 ** 3), '3 GiB');
});

test('analyzeTransformer works on a parsed config directly', () => {
  const parsed = parseTransformerConfig(BERT_BASE);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal(analyzeTransformer(parsed.config).total, 109_482_240);
});

describe('dlmath transformer', () => {
  const cli = (args: string[], files: Record<string, string>) => runCliWith(['transformer', ...args], files);

  test('--json prints total, rows and activations', async () => {
    const { code, stdout, stderr } = await cli(['--config', 'gpt2.json', '--json'], { 'gpt2.json': JSON.stringify({ ...GPT2_SMALL, batch: 4, seqLen: 256 }) });
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const out = JSON.parse(stdout);
    assert.equal(out.total, 124_439_808);
    assert.equal(sum(out.rows.map((r: { params: number }) => r.params)), 124_439_808);
    for (const r of out.rows) assert.deepEqual(Object.keys(r).slice(0, 3), ['name', 'shape', 'params']);
    assert.deepEqual(out.rows[0], { name: 'token embedding', shape: [50257, 768], params: 38_597_376, key: 'embeddings.token', group: 'embeddings' });
    assert.ok(out.activations.some((a: { shape: number[] }) => JSON.stringify(a.shape) === '[4,12,256,256]'));
  });

  test('human output is the Markdown table; --lang fa gives Persian headers', async () => {
    const files = { 'bert.json': JSON.stringify(BERT_BASE) };
    const en = await cli(['--config', 'bert.json'], files);
    assert.equal(en.code, 0);
    assert.match(en.stdout, /\*\*Total\*\* \|.*109,482,240/);
    const fa = await cli(['--config', 'bert.json', '--lang', 'fa'], files);
    assert.match(fa.stdout, /\| مؤلفه \|/);
  });

  const failures: [string, string[], Record<string, string>, RegExp][] = [
    ['missing --config', [], {}, /missing --config FILE\.json/],
    ['unreadable file', ['--config', 'nope.json'], {}, /unexpected read of nope\.json|cannot read/],
    ['invalid JSON', ['--config', 'c.json'], { 'c.json': '{ "vocabSize": 10, }' }, /c\.json is not valid JSON/],
    ['heads do not divide dModel', ['--config', 'c.json'], { 'c.json': '{"vocabSize": 10, "dModel": 100, "heads": 3, "decoderLayers": 1}' }, /invalid config c\.json: heads must divide dModel/],
    ['negative field', ['--config', 'c.json'], { 'c.json': '{"vocabSize": 10, "dModel": 64, "heads": 4, "encoderLayers": -1}' }, /encoderLayers must not be negative/],
  ];
  for (const [name, args, files, message] of failures) {
    test(`exit 2 with one line: ${name}`, async () => {
      const { code, stdout, stderr } = await cli(args, files);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    });
  }

  test('unknown fields are reported on stderr but do not fail', async () => {
    const { code, stderr } = await cli(['--config', 'c.json', '--json'], { 'c.json': '{"vocabSize": 10, "dModel": 64, "heads": 4, "decoderLayers": 1, "positional": "none", "n_layers": 4}' });
    assert.equal(code, 0);
    assert.match(stderr, /warning: ignoring unknown field 'n_layers' \(did you mean encoderLayers or decoderLayers\?\)/);
  });
});
