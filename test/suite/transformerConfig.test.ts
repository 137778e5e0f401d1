// The Transformer Calculator with a Hugging Face config.json, as a student has it: picked as a file
// or pasted over several lines. The counts are the published ones (GPT-2 small, BERT-base).
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { test, getExtension } from './harness';
import { closeActive, scratch } from './editorUtil';

const GPT2 = {
  activation_function: 'gelu_new', architectures: ['GPT2LMHeadModel'], attn_pdrop: 0.1, bos_token_id: 50256, embd_pdrop: 0.1,
  eos_token_id: 50256, initializer_range: 0.02, layer_norm_epsilon: 1e-5, model_type: 'gpt2', n_ctx: 1024, n_embd: 768, n_head: 12,
  n_layer: 12, n_positions: 1024, resid_pdrop: 0.1, summary_activation: null, summary_first_dropout: true, summary_proj_to_labels: true,
  summary_type: 'cls_index', summary_use_proj: true, task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } }, vocab_size: 50257,
};
const BERT = {
  architectures: ['BertForMaskedLM'], attention_probs_dropout_prob: 0.1, gradient_checkpointing: false, hidden_act: 'gelu', hidden_dropout_prob: 0.1,
  hidden_size: 768, initializer_range: 0.02, intermediate_size: 3072, layer_norm_eps: 1e-12, max_position_embeddings: 512, model_type: 'bert',
  num_attention_heads: 12, num_hidden_layers: 12, pad_token_id: 0, position_embedding_type: 'absolute', transformers_version: '4.6.0.dev0',
  type_vocab_size: 2, use_cache: true, vocab_size: 30522,
};

type Result = { ok: boolean; text?: string; total?: number; message?: string };

test('transformer config: a GPT-2 config.json picked as a file gives 124,439,808', async () => {
  await getExtension().activate();
  const file = vscode.Uri.file(path.join(os.tmpdir(), `dlmath-gpt2-${process.pid}-config.json`));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(GPT2, null, 2)));
  const editor = await scratch('# Parameters\n\n');
  try {
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    const r = await vscode.commands.executeCommand<Result>('dlmath.transformerCalculator', { configFile: file.toString(), lang: 'en' });
    assert.ok(r?.ok, JSON.stringify(r));
    assert.equal(r.total, 124_439_808);
    assert.match(editor.document.getText(), /\*\*124,439,808\*\*/);
  } finally {
    await closeActive();
    await vscode.workspace.fs.delete(file);
  }
});

test('transformer config: a BERT config.json pasted over many lines gives 109,482,240; a key `constructor` is no crash', async () => {
  await scratch('x\n');
  try {
    const r = await vscode.commands.executeCommand<Result>('dlmath.transformerCalculator', { configText: JSON.stringify(BERT, null, 2), lang: 'en' });
    assert.ok(r?.ok, JSON.stringify(r));
    assert.equal(r.total, 109_482_240);
    const odd = await vscode.commands.executeCommand<Result>('dlmath.transformerCalculator', { configText: '{"constructor": 1, "toString": 2}', lang: 'en' });
    assert.equal(odd?.ok, false);
    assert.match(odd.message ?? '', /vocabSize is required/);
    assert.doesNotMatch(odd.message ?? '', /function|not a function/);
  } finally {
    await closeActive();
  }
});
