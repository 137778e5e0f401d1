import { parseArgs } from 'node:util';
import { CliCommand, CliError, readText, writeJson } from './io';
import { formatConfigWarnings, parseConfigText, renderTransformerTable, transformerFromObject } from '../core/transformer';
import { message, msg, render } from '../core/messages';

const usage = `Usage: dlmath transformer --config FILE.json [--json] [--lang en|fa]

Exact parameter counts, activation shapes and memory of a transformer.
FILE.json holds the configuration, e.g. GPT-2 small:
  { "vocabSize": 50257, "dModel": 768, "heads": 12, "decoderLayers": 12, "maxPositions": 1024,
    "layerNorm": "pre", "finalLayerNorm": true }
Fields (absent means the default): vocabSize, dModel, heads (required); dFF (4·dModel);
encoderLayers, decoderLayers (0); maxPositions (0); positional ("learned" | "sinusoidal" | "none");
tokenTypes (0); bias (true); layerNorm ("post" | "pre"); embeddingLayerNorm, finalLayerNorm (false);
tiedEmbeddings (true); pooler (false); batch (1), seqLen (maxPositions or 512), bytesPerValue (4).
A Hugging Face config.json of a GPT-2 or BERT model is read as it is (n_embd, n_head, n_layer,
hidden_size, num_attention_heads, num_hidden_layers, intermediate_size, vocab_size,
max_position_embeddings, type_vocab_size, tie_word_embeddings).

Output: a Markdown table (parameters per component, totals, activations, memory), or with --json
{ "total", "rows": [{ "name", "shape", "params" }], "activations": [{ "name", "shape" }], ... }.
`;

export const transformerCommand: CliCommand = {
  name: 'transformer',
  summary: 'parameter counts, activation shapes and memory of a transformer configuration',
  usage,
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { config: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}' (give the configuration with --config FILE.json)`);
    if (!values.config) throw new CliError('missing --config FILE.json (see dlmath transformer --help)');
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'fa') throw new CliError(`--lang must be en or fa, got '${lang}'`);

    const text = readText(values.config, io);
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new CliError(render(lang, message('transformer.file-is', { file: values.config, problem: parsed.message })));
    const result = transformerFromObject(parsed.value, lang);
    for (const w of formatConfigWarnings(result.ok ? result.report.warnings : result.warnings, lang)) io.stderr(`dlmath transformer: warning: ${w}\n`);
    if (!result.ok) throw new CliError(`${msg(lang, 'transformer.invalid-file', { file: values.config })} ${result.message}`);

    const r = result.report;
    if (values.json) {
      writeJson(io, {
        total: r.total,
        rows: r.rows.map((row) => ({ name: row.name, shape: row.shape, params: row.params, key: row.key, group: row.group, ...(row.layers !== undefined ? { layers: row.layers } : {}) })),
        activations: r.activations.map((a) => ({ name: a.name, shape: a.shape, elements: a.elements, bytes: a.bytes, key: a.key })),
        totals: r.totals,
        memory: r.memory,
        config: r.config,
        warnings: formatConfigWarnings(r.warnings, lang),
      });
    } else {
      io.stdout(renderTransformerTable(r, { lang }));
    }
    return 0;
  },
};
