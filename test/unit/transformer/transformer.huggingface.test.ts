import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatConfigTextProblem, formatConfigWarnings, parseConfigText, parseTransformerConfig, transformerFromObject } from '../../../src/core/transformer';
import { runCli } from '../../../src/cli/main';
import { readTransformerConfig, runTransformer } from '../../../src/features/panel/calculators';

// The config.json files of the Hugging Face models `gpt2` and `bert-base-uncased`, as published
// (every key, multi-line, including the ones that change no count).
const GPT2_CONFIG_JSON = `{
  "activation_function": "gelu_new",
  "architectures": [
    "GPT2LMHeadModel"
  ],
  "attn_pdrop": 0.1,
  "bos_token_id": 50256,
  "embd_pdrop": 0.1,
  "eos_token_id": 50256,
  "initializer_range": 0.02,
  "layer_norm_epsilon": 1e-05,
  "model_type": "gpt2",
  "n_ctx": 1024,
  "n_embd": 768,
  "n_head": 12,
  "n_layer": 12,
  "n_positions": 1024,
  "resid_pdrop": 0.1,
  "summary_activation": null,
  "summary_first_dropout": true,
  "summary_proj_to_labels": true,
  "summary_type": "cls_index",
  "summary_use_proj": true,
  "task_specific_params": {
    "text-generation": {
      "do_sample": true,
      "max_length": 50
    }
  },
  "vocab_size": 50257
}
`;

const BERT_CONFIG_JSON = `{
  "architectures": [
    "BertForMaskedLM"
  ],
  "attention_probs_dropout_prob": 0.1,
  "gradient_checkpointing": false,
  "hidden_act": "gelu",
  "hidden_dropout_prob": 0.1,
  "hidden_size": 768,
  "initializer_range": 0.02,
  "intermediate_size": 3072,
  "layer_norm_eps": 1e-12,
  "max_position_embeddings": 512,
  "model_type": "bert",
  "num_attention_heads": 12,
  "num_hidden_layers": 12,
  "pad_token_id": 0,
  "position_embedding_type": "absolute",
  "transformers_version": "4.6.0.dev0",
  "type_vocab_size": 2,
  "use_cache": true,
  "vocab_size": 30522
}
`;

function totalOf(text: string): number {
  const parsed = parseConfigText(text);
  assert.ok(parsed.ok, parsed.ok ? '' : formatConfigTextProblem(parsed.message));
  const r = transformerFromObject(parsed.ok ? parsed.value : undefined);
  if (!r.ok) assert.fail(`config rejected: ${r.message}`);
  return r.report.total;
}

function errorOf(input: unknown): string {
  const r = transformerFromObject(input);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? '' : r.message;
}

describe('Hugging Face config.json', () => {
  test("GPT-2 small's config.json is 124,439,808 parameters", () => {
    assert.equal(totalOf(GPT2_CONFIG_JSON), 124_439_808);
  });

  test("BERT-base's config.json is 109,482,240 parameters", () => {
    assert.equal(totalOf(BERT_CONFIG_JSON), 109_482_240);
  });

  test('the file is read as it is: one note, no warning per dropout or token id', () => {
    const r = parseTransformerConfig(JSON.parse(GPT2_CONFIG_JSON));
    assert.ok(r.ok);
    assert.deepEqual(formatConfigWarnings(r.warnings), ['read as a Hugging Face GPT-2 configuration: pre-LN decoder with a final LayerNorm, output tied to the token embedding']);
    if (r.ok) assert.equal(r.config.layerNorm, 'pre');
  });

  test('pasted on one line (as an input box keeps it) it is the same', () => {
    assert.equal(totalOf(GPT2_CONFIG_JSON.replace(/\n/g, '')), 124_439_808);
    assert.equal(totalOf('\uFEFF' + BERT_CONFIG_JSON), 109_482_240);
  });

  test('without model_type, the keys of one family are enough', () => {
    assert.equal(totalOf('{"n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024, "vocab_size": 50257}'), 124_439_808);
    assert.equal(totalOf('{"hidden_size": 768, "num_attention_heads": 12, "num_hidden_layers": 12, "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2, "vocab_size": 30522}'), 109_482_240);
  });

  test('d_model and other snake_case names mix with camelCase fields', () => {
    const r = parseTransformerConfig({ vocab_size: 100, d_model: 64, heads: 8, decoderLayers: 1 });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
    if (r.ok) assert.deepEqual([r.config.vocabSize, r.config.dModel, r.config.dFF], [100, 64, 256]);
  });

  test('a snake_case key that disagrees with its camelCase field is an error, an agreeing one is fine', () => {
    assert.match(errorOf({ vocabSize: 100, dModel: 64, d_model: 128, heads: 8, decoderLayers: 1 }), /dModel is 64 but d_model is 128/);
    assert.ok(transformerFromObject({ vocabSize: 100, dModel: 64, d_model: 64, heads: 8, decoderLayers: 1 }).ok);
  });

  test('families the calculator cannot count exactly are refused with the reason', () => {
    const llama = { model_type: 'llama', hidden_size: 4096, num_attention_heads: 32, num_hidden_layers: 32, intermediate_size: 11008, vocab_size: 32000 };
    assert.match(errorOf(llama), /model_type "llama" is not one DL Math counts exactly/);
    assert.match(errorOf({ ...JSON.parse(BERT_CONFIG_JSON), position_embedding_type: 'relative_key' }), /position_embedding_type is "relative_key"/);
    assert.match(errorOf({ ...JSON.parse(GPT2_CONFIG_JSON), add_cross_attention: true }), /add_cross_attention is true/);
  });

  test('RoBERTa-base (same layout as BERT, 514 positions, one segment) counts like BertModel', () => {
    const roberta = { model_type: 'roberta', hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12, intermediate_size: 3072, max_position_embeddings: 514, type_vocab_size: 1, vocab_size: 50265 };
    assert.equal(totalOf(JSON.stringify(roberta)), 124_645_632);
  });
});

describe('configuration keys are plain keys', () => {
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    test(`a key '${key}' is an unknown field, not a crash or a function`, () => {
      const input = JSON.parse(`{"vocabSize": 100, "dModel": 64, "heads": 8, "decoderLayers": 1, "${key}": 3}`) as unknown;
      const r = parseTransformerConfig(input);
      assert.ok(r.ok);
      const w = formatConfigWarnings(r.warnings).join('\n');
      assert.match(w, new RegExp(`ignoring unknown field '${key.replace(/_/g, '_')}'`));
      assert.doesNotMatch(w, /function|native code/);
    });
  }

  test('a config of only prototype names is rejected with the required fields', () => {
    assert.match(errorOf(JSON.parse('{"constructor": 1, "toString": "x"}')), /vocabSize is required/);
  });
});

describe('dlmath transformer --config with a Hugging Face config.json', () => {
  async function cli(args: string[], files: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['transformer', ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readFile: (path) => {
        if (!Object.hasOwn(files, path)) throw new Error(`unexpected read of ${path}`);
        return files[path];
      },
    });
    return { code, stdout, stderr };
  }

  test('GPT-2 and BERT config.json files give the published totals', async () => {
    const gpt = await cli(['--config', 'config.json', '--json'], { 'config.json': GPT2_CONFIG_JSON });
    assert.equal(gpt.code, 0, gpt.stderr);
    assert.equal(JSON.parse(gpt.stdout).total, 124_439_808);
    const bert = await cli(['--config', 'config.json', '--json'], { 'config.json': BERT_CONFIG_JSON });
    assert.equal(bert.code, 0, bert.stderr);
    assert.equal(JSON.parse(bert.stdout).total, 109_482_240);
  });

  test("a key 'constructor' is a warning, not a crash", async () => {
    const r = await cli(['--config', 'c.json'], { 'c.json': '{"vocabSize": 10, "dModel": 64, "heads": 4, "decoderLayers": 1, "constructor": 1, "toString": 2}' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ignoring unknown field 'constructor'/);
    assert.doesNotMatch(r.stderr, /function|is not a function/);
  });
});

describe("the panel's transformer form reads a pasted config.json", () => {
  test('every field is filled (defaults applied) and counting them gives the published totals', () => {
    const gpt = readTransformerConfig(GPT2_CONFIG_JSON);
    assert.ok(gpt.ok, gpt.ok ? '' : gpt.error);
    if (!gpt.ok) return;
    assert.equal(gpt.config.dModel, 768);
    assert.equal(gpt.config.decoderLayers, 12);
    assert.equal(gpt.config.layerNorm, 'pre');
    assert.match(gpt.notes[0] ?? '', /Hugging Face GPT-2/);
    const total = runTransformer(gpt.config);
    assert.ok(total.ok && total.total === 124_439_808);
    const bert = readTransformerConfig(BERT_CONFIG_JSON);
    assert.ok(bert.ok && bert.config.tokenTypes === 2 && bert.config.pooler === true && bert.config.embeddingLayerNorm === true);
    const bertTotal = bert.ok ? runTransformer(bert.config) : undefined;
    assert.ok(bertTotal?.ok && bertTotal.total === 109_482_240);
  });

  test('a key `constructor` or broken JSON is a message, not a crash', () => {
    const odd = readTransformerConfig('{"constructor": 1, "toString": 2}');
    assert.ok(!odd.ok && /vocabSize is required/.test(odd.error) && !/function/.test(odd.error));
    const broken = readTransformerConfig('{ "n_embd": 768, ');
    assert.ok(!broken.ok && /not valid JSON/.test(broken.error));
  });
});
