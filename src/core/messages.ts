/**
 * The texts of the findings the core produces (diagnostics, related information, quick-fix titles,
 * evaluation errors), in English and Persian. Values, expressions and sizes are placeholders
 * (`{expr}`, `{actual}`) filled in as they are: numbers and LaTeX keep their own formatting, only the
 * sentence around them is translated. A placeholder is `{name}` with a name of ASCII letters, digits
 * and `_`; any other brace (`\begin{{env}}`, a backquoted `}`) is literal text.
 *
 * Errors thrown inside the engine (`EvalProblem`, `LatexSyntaxError`, `ShapeMismatch`) carry a
 * `Message` (an id and its parameters) rather than a finished sentence, so the parse and evaluation
 * caches hold no language; the sentence is written when a finding is made, in the language asked for.
 */

/** A language the core writes its messages in. */
export type Lang = 'en' | 'fa';

export const LANGS: readonly Lang[] = ['en', 'fa'];

const CATALOG = {
  // ---- what a product of sizes counts in a transformer (src/core/transformer/arithmetic.ts) ----------
  'arith.line-weights': { en: '{formula} with {where}: {counts}: {value} weights', fa: '{formula} با {where}: {counts}: {value} وزن' },
  'arith.line-values': { en: '{formula} with {where}: {counts}: {value}', fa: '{formula} با {where}: {counts}: {value}' },
  'arith.line-width': { en: '{formula} with {where}: {counts} ({value})', fa: '{formula} با {where}: {counts} ({value})' },
  'arith.and': { en: ', {count} {label}', fa: '، {count} {label}' },
  'arith.extra': { en: '{extra}', fa: '{extra}' },
  'arith.note': { en: ' ({note})', fa: ' ({note})' },
  'arith.label-biases': { en: 'with biases', fa: 'با بایاس‌ها' },
  'arith.label-exact-per-layer': { en: 'exactly, with biases and two LayerNorms per layer', fa: 'دقیقاً، با بایاس‌ها و دو LayerNorm در هر لایه' },
  'arith.label-exact': { en: 'exactly, with biases and two LayerNorms', fa: 'دقیقاً، با بایاس‌ها و دو LayerNorm' },
  'arith.label-ffn-biases': { en: 'with the feed-forward biases', fa: 'با بایاس‌های پیش‌خور' },
  'arith.label-output-bias': { en: 'with the output bias', fa: 'با بایاس خروجی' },
  'arith.label-untied-output': { en: 'as an untied output layer with bias', fa: 'به‌عنوان لایهٔ خروجی جدا با بایاس' },
  'arith.activation-memory': { en: ' values = {memory} at {bytes} bytes per value', fa: ' مقدار = {memory} با {bytes} بایت برای هر مقدار' },
  'arith.ffn-matrix-bias': { en: '; with its bias {w1} (W1) or {w2} (W2)', fa: '؛ با بایاسش {w1} (W1) یا {w2} (W2)' },
  'arith.disagrees': { en: 'the document has {declared}, but this uses {used}; a typo?', fa: 'در پاسخ {declared} آمده ولی این‌جا {used} به کار رفته است؛ اشتباه تایپی؟' },
  'arith.attention-scores': { en: 'the attention scores of one layer (batch × heads × S × S)', fa: 'امتیازهای توجه یک لایه (دسته × سرها × S × S)' },
  'arith.activation-ffn': { en: 'the feed-forward inner activation of one layer', fa: 'فعال‌سازی میانی پیش‌خور یک لایه' },
  'arith.activation-logits': { en: 'the logits over the vocabulary', fa: 'لاجیت‌ها روی واژگان' },
  'arith.activation-hidden': { en: 'the hidden states of one layer (batch × sequence × d_model)', fa: 'حالت‌های پنهان یک لایه (دسته × دنباله × d_model)' },
  'arith.attention-qkvo': { en: 'the Q, K, V and output projection weights of one attention block', fa: 'وزن‌های تصویر Q، K، V و خروجی یک بلوک توجه' },
  'arith.attention-qkvo-layers': {
    en: 'the Q, K, V and output projection weights of the attention blocks of {layers} layers',
    fa: 'وزن‌های تصویر Q، K، V و خروجی بلوک‌های توجه {layers} لایه',
  },
  'arith.attention-qkv': {
    en: 'the Q, K and V projection weights of one attention block (without the output projection)',
    fa: 'وزن‌های تصویر Q، K و V یک بلوک توجه (بدون تصویر خروجی)',
  },
  'arith.attention-qkv-layers': { en: 'the Q, K and V projection weights of {layers} layers', fa: 'وزن‌های تصویر Q، K و V در {layers} لایه' },
  'arith.non-embedding-estimate': {
    en: 'the classic non-embedding estimate for {layers} layers (4d² attention + 8d² feed-forward with d_ff = 4d per layer)',
    fa: 'برآورد رایج پارامترهای غیر از تعبیه برای {layers} لایه (4d² توجه + 8d² پیش‌خور با d_ff = 4d در هر لایه)',
  },
  'arith.layer-estimate': {
    en: 'the weights of one transformer layer: 4d² attention + 8d² feed-forward (d_ff = 4d)',
    fa: 'وزن‌های یک لایهٔ ترنسفورمر: 4d² توجه + 8d² پیش‌خور (d_ff = 4d)',
  },
  'arith.ffn-4d-or-two-attentions': {
    en: 'both feed-forward matrices with d_ff = 4d (2·d·4d), or the Q, K, V, O weights of a self- and a cross-attention block',
    fa: 'هر دو ماتریس پیش‌خور با d_ff = 4d (2·d·4d)، یا وزن‌های Q، K، V، O یک بلوک خودتوجهی و یک بلوک توجه متقابل',
  },
  'arith.projection-layers': { en: 'one d×d projection in each of {layers} layers', fa: 'یک تصویر d×d در هر یک از {layers} لایه' },
  'arith.ffn': { en: 'the two weight matrices of one feed-forward block', fa: 'دو ماتریس وزن یک بلوک پیش‌خور' },
  'arith.ffn-layers': { en: 'the feed-forward weight matrices of {layers} layers', fa: 'ماتریس‌های وزن پیش‌خور {layers} لایه' },
  'arith.ffn-matrix-layers': { en: 'one feed-forward matrix (W1 or W2) in each of {layers} layers', fa: 'یک ماتریس پیش‌خور (W1 یا W2) در هر یک از {layers} لایه' },
  'arith.ffn-matrix': { en: 'one feed-forward matrix (W1: d→d_ff or W2: d_ff→d)', fa: 'یک ماتریس پیش‌خور (W1: d→d_ff یا W2: d_ff→d)' },
  'arith.layernorm-3-per-layer': {
    en: 'the LayerNorm gains and biases of {layers} decoder layers with cross-attention (three LayerNorms each)',
    fa: 'بهره‌ها و بایاس‌های LayerNorm در {layers} لایهٔ رمزگشا با توجه متقابل (هر کدام سه LayerNorm)',
  },
  'arith.layernorm-2-per-layer': {
    en: 'the LayerNorm gains and biases of {layers} layers (two LayerNorms each)',
    fa: 'بهره‌ها و بایاس‌های LayerNorm در {layers} لایه (هر کدام دو LayerNorm)',
  },
  'arith.layernorm-layers': {
    en: 'the LayerNorm gains and biases of {layers} layers, one LayerNorm each',
    fa: 'بهره‌ها و بایاس‌های LayerNorm در {layers} لایه، هر کدام یک LayerNorm',
  },
  'arith.layernorm': { en: 'one LayerNorm (gain and bias), or 2 token-type (segment) embeddings', fa: 'یک LayerNorm (بهره و بایاس)، یا دو تعبیهٔ نوع توکن (بخش)' },
  'arith.embedding-untied': { en: 'the token embedding plus an untied output projection', fa: 'تعبیهٔ توکن به‌علاوهٔ یک تصویر خروجی جدا' },
  'arith.head-projection': {
    en: "one head's projection W_Q⁽ⁱ⁾ (d_model × d_head); {count} of them make a d×d projection",
    fa: 'تصویر یک سر، W_Q⁽ⁱ⁾ (d_model × d_head)؛ {count} تا از آن‌ها یک تصویر d×d می‌سازند',
  },
  'arith.positions': { en: 'a learned position table ({positions} positions × d_model)', fa: 'یک جدول موقعیت یادگرفتنی ({positions} موقعیت × d_model)' },
  'arith.embedding': {
    en: 'the token embedding (vocabulary {vocab} × d_model), also the output projection when tied',
    fa: 'تعبیهٔ توکن (واژگان {vocab} × d_model)، که اگر مشترک باشد تصویر خروجی هم هست',
  },
  'arith.projection': { en: 'one d×d projection (W_Q, W_K, W_V, W_O or the pooler)', fa: 'یک تصویر d×d (W_Q، W_K، W_V، W_O یا pooler)' },
  'arith.heads-concat': { en: 'the width of the concatenated heads, which equals d_model', fa: 'پهنای سرهای به‌هم‌پیوسته، که برابر d_model است' },
  // ---- skip-gram training pair counts (src/core/shapes/counting.ts) -------------------------------------
  'skipgram.base': {
    en: 'with {n} words and a window of {c} on each side, each word is a center with {twoC} context words',
    fa: 'با {n} واژه و پنجرهٔ {c} در هر طرف، هر واژه مرکز {twoC} واژهٔ زمینه است',
  },
  'skipgram.pairs': { en: '{base}: {pairs} (center, context) pairs (ignoring the ends of the text)', fa: '{base}: {pairs} جفت (مرکز، زمینه) (بدون در نظر گرفتن دو سر متن)' },
  'skipgram.pairs-exact': {
    en: '{base}; the first and last c words have fewer neighbours, so exactly {pairs} (center, context) pairs',
    fa: '{base}؛ c واژهٔ اول و آخر همسایهٔ کمتری دارند، پس دقیقاً {pairs} جفت (مرکز، زمینه)',
  },
  'skipgram.negatives': {
    en: '{base}: {pairs} positive pairs, each with {k} negative samples: {negatives} negative pairs',
    fa: '{base}: {pairs} جفت مثبت، هر کدام با {k} نمونهٔ منفی: {negatives} جفت منفی',
  },
  'skipgram.total': {
    en: '{base}: {pairs} positive pairs plus {k} negative samples each: {total} training pairs',
    fa: '{base}: {pairs} جفت مثبت به‌علاوهٔ {k} نمونهٔ منفی برای هر کدام: {total} جفت آموزشی',
  },
  'skipgram.whole-window': { en: 'if {c} is the whole window ({half} words on each side)', fa: 'اگر {c} کل پنجره باشد ({half} واژه در هر طرف)' },
  'skipgram.pairs-window': {
    en: '{wholeWindow}, each of the {n} words has c context words: {pairs} (center, context) pairs',
    fa: '{wholeWindow}، هر یک از {n} واژه c واژهٔ زمینه دارد: {pairs} جفت (مرکز، زمینه)',
  },
  'skipgram.negatives-window': {
    en: '{wholeWindow}: {pairs} positive pairs with {k} negatives each: {negatives} negative pairs',
    fa: '{wholeWindow}: {pairs} جفت مثبت با {k} نمونهٔ منفی برای هر کدام: {negatives} جفت منفی',
  },
  'skipgram.total-window': {
    en: '{wholeWindow}: {total} training pairs (positive and negative)',
    fa: '{wholeWindow}: {total} جفت آموزشی (مثبت و منفی)',
  },
  'skipgram.factors-base': {
    en: '2·c·n with {c} words on each side of the center and {n} words: {pairs} (center, context) pairs',
    fa: '2·c·n با {c} واژه در هر طرف مرکز و {n} واژه: {pairs} جفت (مرکز، زمینه)',
  },
  'skipgram.factors-pairs': { en: '{base} (ignoring the ends of the text; exactly {exact})', fa: '{base} (بدون در نظر گرفتن دو سر متن؛ دقیقاً {exact})' },
  'skipgram.factors-negatives': { en: '{base}, each with {k} negative samples: {negatives} negative pairs', fa: '{base}، هر کدام با {k} نمونهٔ منفی: {negatives} جفت منفی' },
  'skipgram.factors-total': {
    en: '{base}, each with {k} negative samples: {total} training pairs in all (positive + negative)',
    fa: '{base}، هر کدام با {k} نمونهٔ منفی: در مجموع {total} جفت آموزشی (مثبت + منفی)',
  },
  'skipgram.factors-either': {
    en: '{base}; × {m}: with {kTotal} negative samples per pair, {count} training pairs in all (positive + negative), or with {kEq}, {count} negative pairs',
    fa: '{base}؛ × {m}: با {kTotal} نمونهٔ منفی برای هر جفت، در مجموع {count} جفت آموزشی (مثبت + منفی)، یا با {kEq}، {count} جفت منفی',
  },
  // ---- the transformer calculator's configuration (src/core/transformer/config.ts, huggingface.ts) -----
  'transformer.field-problem': { en: '{field} {problem}', fa: 'فیلد {field}: {problem}' },
  'transformer.config-problem': { en: 'config {problem}', fa: 'پیکربندی: {problem}' },
  'transformer.config-is': { en: 'the configuration is {problem}', fa: 'پیکربندی {problem}' },
  'transformer.file-is': { en: '{file} is {problem}', fa: 'فایل {file}: {problem}' },
  'transformer.invalid-file': { en: 'invalid config {file}:', fa: 'پیکربندی نادرست در {file}:' },
  'transformer.empty': {
    en: 'empty: give a JSON object such as {example}, or a Hugging Face config.json',
    fa: 'خالی است: یک شیء JSON مانند {example} یا یک config.json از Hugging Face بدهید',
  },
  'transformer.not-json': { en: 'not valid JSON: {detail}', fa: 'JSON معتبری نیست: {detail}' },
  'transformer.not-object': {
    en: 'must be a JSON object with fields such as vocabSize, dModel, heads; got {got}',
    fa: 'باید یک شیء JSON با فیلدهایی مانند vocabSize، dModel و heads باشد؛ {got} داده شده است',
  },
  'transformer.required': { en: 'is required', fa: 'لازم است' },
  'transformer.required-rename': {
    en: "is required (found '{similar}': rename it to {field})",
    fa: 'لازم است ({similar} پیدا شد: نامش را به {field} تغییر دهید)',
  },
  'transformer.whole-number': { en: 'must be a whole number, got {got}', fa: 'باید عددی صحیح باشد؛ {got} داده شده است' },
  'transformer.not-negative': { en: 'must not be negative, got {got}', fa: 'نباید منفی باشد؛ {got} داده شده است' },
  'transformer.at-least': { en: 'must be at least {min}, got {got}', fa: 'باید دست‌کم {min} باشد؛ {got} داده شده است' },
  'transformer.too-large-exact': { en: 'is too large to count exactly ({got})', fa: 'برای شمارش دقیق بیش از حد بزرگ است ({got})' },
  'transformer.number': { en: 'must be a number, got {got}', fa: 'باید عدد باشد؛ {got} داده شده است' },
  'transformer.positive': { en: 'must be positive, got {got}', fa: 'باید مثبت باشد؛ {got} داده شده است' },
  'transformer.boolean': { en: 'must be true or false, got {got}', fa: 'باید true یا false باشد؛ {got} داده شده است' },
  'transformer.one-of': { en: 'must be one of {values}, got {got}', fa: 'باید یکی از {values} باشد؛ {got} داده شده است' },
  'transformer.heads-divide': {
    en: 'must divide dModel so every head has the same width: {dModel} / {heads} = {quotient} is not a whole number',
    fa: 'باید dModel را بشمارد تا پهنای همهٔ سرها یکسان باشد: {dModel} / {heads} = {quotient} عدد صحیح نیست',
  },
  'transformer.no-layers': {
    en: 'and decoderLayers are both 0: give at least one layer (encoderLayers for an encoder such as BERT, decoderLayers for GPT)',
    fa: 'و decoderLayers هر دو صفرند: دست‌کم یک لایه بدهید (encoderLayers برای رمزگذاری مانند BERT، decoderLayers برای GPT)',
  },
  'transformer.tensors-too-large': {
    en: 'describes tensors too large to count exactly ({largest} values in one of them); check for an extra zero',
    fa: 'تانسورهایی بزرگ‌تر از حد شمارش دقیق توصیف می‌کند ({largest} مقدار در یکی از آن‌ها)؛ ببینید صفر اضافه‌ای نیست',
  },
  'transformer.unknown-field': { en: "ignoring unknown field '{key}'", fa: 'فیلد ناشناختهٔ {key} نادیده گرفته شد' },
  'transformer.unknown-field-hint': {
    en: "ignoring unknown field '{key}' (did you mean {hint}?)",
    fa: 'فیلد ناشناختهٔ {key} نادیده گرفته شد (منظورتان {hint} بود؟)',
  },
  'transformer.learned-no-table': {
    en: 'positional is "learned" but maxPositions is 0, so no position table is counted (set maxPositions, or positional to "sinusoidal" or "none")',
    fa: 'positional برابر "learned" است ولی maxPositions صفر است، پس جدول موقعیتی شمرده نمی‌شود (maxPositions را بدهید، یا positional را "sinusoidal" یا "none" کنید)',
  },
  'transformer.positions-unused': {
    en: 'maxPositions ({maxPositions}) has no parameters with {positional} positions; it only sets the default seqLen',
    fa: 'maxPositions ({maxPositions}) با موقعیت‌های {positional} پارامتری ندارد؛ فقط seqLen پیش‌فرض را تعیین می‌کند',
  },
  'transformer.seqlen-longer': {
    en: 'seqLen {seqLen} is longer than the learned position table (maxPositions {maxPositions})',
    fa: 'seqLen {seqLen} از جدول موقعیت یادگرفتنی (maxPositions {maxPositions}) بلندتر است',
  },
  'transformer.hf-model-type': {
    en: 'model_type {modelType} is not one DL Math counts exactly (it reads GPT-2 and BERT-style configurations: gpt2, bert, roberta); give the fields yourself (vocabSize, dModel, heads, dFF, encoderLayers or decoderLayers, …)',
    fa: 'DL Math نوع مدل {modelType} را دقیق نمی‌شمارد (پیکربندی‌های GPT-2 و از خانوادهٔ BERT را می‌خواند: gpt2، bert، roberta)؛ فیلدها را خودتان بدهید (vocabSize، dModel، heads، dFF، encoderLayers یا decoderLayers، …)',
  },
  'transformer.kind-both': { en: 'encoder–decoder {encoder}+{decoder}', fa: 'رمزگذار–رمزگشا {encoder}+{decoder}' },
  'transformer.kind-encoder': { en: 'encoder ×{layers}', fa: 'رمزگذار ×{layers}' },
  'transformer.kind-decoder': { en: 'decoder ×{layers}', fa: 'رمزگشا ×{layers}' },
  'transformer.hf-of-this-file': { en: 'of this file', fa: 'این فایل' },
  'transformer.hf-conflict': {
    en: 'is {ours} but {key} is {theirs}: give one of them',
    fa: 'برابر {ours} است ولی {key} برابر {theirs} است: فقط یکی را بدهید',
  },
  'transformer.hf-twice': {
    en: 'is given twice with different values ({earlier} and {key} {value})',
    fa: 'دو بار با مقدارهای متفاوت داده شده است ({earlier} و {key} {value})',
  },
  'transformer.hf-cross-attention': {
    en: 'is true: cross-attention in a decoder-only model is not counted by DL Math',
    fa: 'true است: DL Math توجه متقابل در مدلی که فقط رمزگشا دارد را نمی‌شمارد',
  },
  'transformer.hf-untied-gpt2': {
    en: "is false: GPT-2's separate output matrix has no bias, which the calculator does not model; count it tied and add vocab_size × n_embd",
    fa: 'false است: ماتریس خروجی جدای GPT-2 بایاس ندارد و ماشین‌حساب این حالت را مدل نمی‌کند؛ آن را مشترک بشمارید و vocab_size × n_embd را اضافه کنید',
  },
  'transformer.hf-position-type': {
    en: 'is {value}: only "absolute" (a learned position table) is counted by DL Math',
    fa: 'برابر {value} است: DL Math فقط "absolute" (جدول موقعیت یادگرفتنی) را می‌شمارد',
  },
  'transformer.hf-bert-decoder': {
    en: 'is true: a BERT used as a decoder is not counted by DL Math',
    fa: 'true است: DL Math مدل BERT به‌کاررفته به‌عنوان رمزگشا را نمی‌شمارد',
  },
  'transformer.hf-read-gpt2': {
    en: 'read as a Hugging Face GPT-2 configuration: pre-LN decoder with a final LayerNorm, output tied to the token embedding',
    fa: 'به‌عنوان پیکربندی GPT-2 از Hugging Face خوانده شد: رمزگشای pre-LN با LayerNorm پایانی، خروجی مشترک با تعبیهٔ توکن',
  },
  'transformer.hf-read-bert': {
    en: 'read as a Hugging Face BERT configuration: post-LN encoder with embedding LayerNorm and pooler (the base model, no task head)',
    fa: 'به‌عنوان پیکربندی BERT از Hugging Face خوانده شد: رمزگذار post-LN با LayerNorm تعبیه و pooler (مدل پایه، بدون سر وظیفه)',
  },
  // ---- claims (src/core/claims/judge.ts) ---------------------------------------------------------------
  'claim.wrong': {
    en: '{expr} = {actual}, not {claimed}',
    fa: 'حاصل {expr} برابر {actual} است، نه {claimed}',
  },
  'claim.carried': {
    en: '{expr} = {actual}, not {claimed}; {claimed} is right for {corrected}, the corrected value of {carried} from line {line}',
    fa: 'حاصل {expr} برابر {actual} است، نه {claimed}؛ {claimed} با {corrected}، مقدار اصلاح‌شدهٔ {carried} در خط {line}، درست است',
  },
  'claim.wrong-approx': {
    en: '{expr} ≈ {actual}, not {claimed}',
    fa: 'حاصل {expr} تقریباً {actual} است، نه {claimed}',
  },
  'claim.not-equal': {
    en: '{expr} ≠ {claimed}',
    fa: '{expr} با {claimed} برابر نیست',
  },
  'claim.false-relation': {
    en: '{claim} is false: {values}',
    fa: '{claim} نادرست است: {values}',
  },
  'claim.false-relation-plain': {
    en: '{claim} is false',
    fa: '{claim} نادرست است',
  },
  'claim.orientation': {
    en: '{expr} is a {actual}: the values are right but written as a {claimed}',
    fa: 'حاصل {expr} یک {actual} است: مقدارها درست‌اند ولی به‌صورت {claimed} نوشته شده‌اند',
  },
  'orientation.column': { en: 'column', fa: 'بردار ستونی' },
  'orientation.row': { en: 'row', fa: 'بردار سطری' },
  'orientation.matrix': { en: 'matrix', fa: 'ماتریس' },
  'orientation.number': { en: 'number', fa: 'عدد' },
  'related.carried-from': {
    en: '{written} was claimed here; the right value is {actual}',
    fa: '{written} اینجا ادعا شد؛ مقدار درست {actual} است',
  },
  'related.defined-as': {
    en: '{name} is defined here as {value}',
    fa: '{name} این‌جا برابر {value} تعریف شده است',
  },
  'fix.replace': {
    en: 'Replace {claimed} with {actual}',
    fa: 'جایگزینی {claimed} با {actual}',
  },
  'fix.carried': {
    en: 'Replace {claimed} with {actual} (the corrected value from line {line})',
    fa: 'جایگزینی {claimed} با {actual} (مقدار اصلاح‌شدهٔ خط {line})',
  },
  'fix.orientation': {
    en: 'Write the result as a {shape}',
    fa: 'نتیجه را به‌صورت {shape} بنویس',
  },
  'fix.ignore-formula': {
    en: "Don't check this formula",
    fa: 'این فرمول را بررسی نکن',
  },

  // ---- hovers (explain.ts): labels around the values --------------------------------------------
  'hover.wrong-result': { en: 'wrong result', fa: 'نتیجهٔ نادرست' },
  'hover.tensor-shape': { en: 'tensor shape', fa: 'شکل تنسور' },
  'hover.shapes-title': { en: 'shapes', fa: 'ابعاد' },
  'hover.attention-shapes': { en: 'attention shapes', fa: 'ابعاد توجه' },
  'hover.memory': { en: '{count} values = {fp32} in fp32 ({fp16} in fp16/bf16)', fa: '{count} مقدار = {fp32} با fp32 ({fp16} با fp16/bf16)' },
  'hover.in-this-answer': { en: 'In this answer: {sizes}.', fa: 'در این پاسخ: {sizes}.' },
  'hover.sizes-unknown': {
    en: '{product} values; not every size has a value in this answer (declare e.g. {example} before it to see the count and memory).',
    fa: '{product} مقدار؛ همهٔ اندازه‌ها در این پاسخ مقدار ندارند (برای دیدن تعداد و حافظه، پیش از آن مثلاً {example} را تعریف کنید).',
  },
  'hover.parameters': { en: 'parameters', fa: 'پارامتر' },
  'hover.values': { en: 'values', fa: 'مقدار' },
  'hover.declared-count': { en: '{product} = {count} {what} = {bytes} in fp32', fa: '{product} = {count} {what} = {bytes} با fp32' },
  'hover.declared-count-each': { en: 'each {product} = {count} {what} = {bytes} in fp32', fa: 'هر کدام {product} = {count} {what} = {bytes} با fp32' },
  'hover.declared-count-bias': {
    en: '{product} = {count} {what} ({total} with a bias of {bias}) = {bytes} in fp32',
    fa: '{product} = {count} {what} ({total} با بایاس {bias}) = {bytes} با fp32',
  },
  'hover.declared-count-each-bias': {
    en: 'each {product} = {count} {what} ({total} with a bias of {bias}) = {bytes} in fp32',
    fa: 'هر کدام {product} = {count} {what} ({total} با بایاس {bias}) = {bytes} با fp32',
  },
  'hover.declared-count-all': { en: '{count} {what} for all {n}', fa: '{count} {what} برای هر {n} تا' },
  'hover.declared-unknown': { en: 'It has {product} {what}; {names} has no value in this answer yet.', fa: '{product} {what} دارد؛ {names} هنوز در این پاسخ مقدار ندارد.' },
  'hover.declared-unknown-sizes': { en: 'It has {product} {what}; {names} have no value in this answer yet.', fa: '{product} {what} دارد؛ {names} هنوز در این پاسخ مقدار ندارند.' },
  'hover.declared-unknown-each': { en: 'Each has {product} {what}; {names} has no value in this answer yet.', fa: 'هر کدام {product} {what} دارد؛ {names} هنوز در این پاسخ مقدار ندارد.' },
  'hover.declared-unknown-each-sizes': {
    en: 'Each has {product} {what}; {names} have no value in this answer yet.',
    fa: 'هر کدام {product} {what} دارد؛ {names} هنوز در این پاسخ مقدار ندارند.',
  },
  'hover.written-as': { en: 'Written as {space}.', fa: 'نوشته‌شده به صورت {space}.' },
  'hover.result-memory': { en: 'Result: {memory}.', fa: 'نتیجه: {memory}.' },
  'hover.orientation': { en: 'orientation', fa: 'جهت بردار' },
  'hover.wrong-step': { en: 'wrong step', fa: 'گام نادرست' },
  'hover.counterexample': { en: 'Counterexample', fa: 'مثال نقض' },
  'hover.ce-name': { en: 'name', fa: 'نام' },
  'hover.ce-value': { en: 'value', fa: 'مقدار' },
  'hover.ce-left': { en: 'left side', fa: 'سمت چپ' },
  'hover.ce-right': { en: 'right side', fa: 'سمت راست' },
  'hover.ce-more': { en: '… and {count} more', fa: '… و {count} مورد دیگر' },
  'hover.right-value': { en: 'Right value:', fa: 'مقدار درست:' },
  'hover.steps': { en: 'Steps', fa: 'گام‌ها' },
  'hover.shapes': { en: 'Shapes', fa: 'ابعاد' },
  'hover.what-it-counts': { en: 'What it counts', fa: 'آنچه می‌شمارد' },
  'hover.skip-gram': { en: 'Skip-gram pairs', fa: 'جفت‌های skip-gram' },
  'hover.defined-by': { en: 'defined by {source}', fa: 'تعریف‌شده با {source}' },
  'hover.number': { en: 'a number', fa: 'یک عدد' },
  'hover.row-vector': { en: 'a row vector ({size})', fa: 'یک بردار سطری ({size})' },
  'hover.column-vector': { en: 'a column vector ({size})', fa: 'یک بردار ستونی ({size})' },
  'hover.matrix': { en: 'a {size} matrix', fa: 'یک ماتریس {size}' },
  'hover.tuple': { en: 'a tuple of {count}', fa: 'چندتایی با {count} عضو' },
  'hover.too-large': { en: 'a {size} matrix (too large to show)', fa: 'یک ماتریس {size} (بزرگ‌تر از آن که نمایش داده شود)' },

  // ---- limits (analysis.ts, latex/parser.ts, eval/evaluate.ts) --------------------------------------
  'limit.formula-length': {
    en: 'Formula not checked: {length} characters is above the {limit}-character limit',
    fa: 'فرمول بررسی نشد: {length} نویسه از حد {limit} نویسه بیشتر است',
  },
  'limit.nesting': {
    en: 'Nesting deeper than {max} levels',
    fa: 'تودرتویی بیش از {max} سطح',
  },
  'limit.nested-read': {
    en: 'Formula nested too deeply to read',
    fa: 'فرمول برای خواندن بیش از حد تودرتو است',
  },
  'limit.nested-evaluate': {
    en: 'Formula nested too deeply to evaluate',
    fa: 'فرمول برای محاسبه بیش از حد تودرتو است',
  },
  'limit.operands': {
    en: 'More than {max} terms and operators in one expression: too long to check',
    fa: 'بیش از {max} جمله و عملگر در یک عبارت: برای بررسی بیش از حد طولانی است',
  },
  'limit.matrix-entries': {
    en: 'The matrix has more than {max} entries (the limit)',
    fa: 'ماتریس بیش از {max} درایه دارد (حد مجاز)',
  },
  'limit.result-size': {
    en: 'A {rows}×{cols} result is larger than the {max}-entry limit',
    fa: 'نتیجهٔ {rows}×{cols} از حد {max} درایه بزرگ‌تر است',
  },
  'limit.work': {
    en: '{what} needs more than {max} arithmetic steps to compute (the limit): not evaluated',
    fa: 'محاسبهٔ {what} به بیش از {max} گام حسابی (حد مجاز) نیاز دارد: محاسبه نشد',
  },
  'work.expression': { en: 'This expression', fa: 'این عبارت' },
  'work.determinant': {
    en: 'The determinant of a {size}×{size} matrix',
    fa: 'دترمینان یک ماتریس {size}×{size}',
  },
  'work.product': {
    en: 'A {a} by {b} product',
    fa: 'ضرب یک ماتریس {a} در یک ماتریس {b}',
  },
  'work.inverse': {
    en: 'Inverting a {shape} matrix',
    fa: 'وارون یک ماتریس {shape}',
  },
  'work.matrix-power': {
    en: 'A {shape} matrix to the power {power}',
    fa: 'توان {power} یک ماتریس {shape}',
  },
  'work.series': {
    en: '{op} over {count} terms',
    fa: '{op} روی {count} جمله',
  },
  'limit.overflow': {
    en: '{what} is too large to represent (overflow)',
    fa: '{what} بزرگ‌تر از آن است که نمایش داده شود (سرریز)',
  },
  'overflow.result': { en: 'The result', fa: 'نتیجه' },
  'overflow.entry': { en: 'An entry of the result', fa: 'یکی از درایه‌های نتیجه' },
  'limit.number': {
    en: 'The number {number} is too large to compute with (above 1.8×10^308)',
    fa: 'عدد {number} برای محاسبه بیش از حد بزرگ است (بیشتر از 1.8×10^308)',
  },
  'limit.factorial': {
    en: '{n}! is too large to represent',
    fa: '{n}! بزرگ‌تر از آن است که نمایش داده شود',
  },
  'limit.matrix-power': {
    en: 'Matrix power {power} is above the limit of 1000',
    fa: 'توان ماتریس ({power}) از حد 1000 بیشتر است',
  },
  'limit.series': {
    en: '{op} has {count} terms, above the {max}-term limit',
    fa: '{op} دارای {count} جمله است، بیش از حد {max} جمله',
  },

  // ---- syntax (latex/tokens.ts, latex/parser.ts, analysis.ts) ---------------------------------------
  'syntax.unclosed-after': {
    en: 'Unclosed brace after {command}',
    fa: 'آکولادِ پس از {command} بسته نشده است',
  },
  'syntax.extra-close': {
    en: 'Unbalanced braces: a `}` closes nothing',
    fa: 'آکولادها نامتوازن‌اند: یک `}` چیزی را نمی‌بندد',
  },
  'syntax.never-closed': {
    en: 'Unbalanced braces: a `{` is never closed',
    fa: 'آکولادها نامتوازن‌اند: یک `{` هیچ‌گاه بسته نمی‌شود',
  },
  'syntax.unreadable': {
    en: 'Could not read this formula ({error})',
    fa: 'این فرمول خوانده نشد ({error})',
  },
  'matrix.unclosed': {
    en: '\\begin{{env}} is never closed by \\end{{env}}',
    fa: '\\begin{{env}} هیچ‌گاه با \\end{{env}} بسته نمی‌شود',
  },
  'matrix.wrong-end': {
    en: '\\begin{{env}} is closed by \\end{{other}}',
    fa: '\\begin{{env}} با \\end{{other}} بسته شده است',
  },
  'matrix.ragged-one': {
    en: 'Malformed matrix: row {row} has 1 entry but row 1 has {width}',
    fa: 'ماتریس نادرست: سطر {row} یک درایه دارد ولی سطر 1، {width} درایه',
  },
  'matrix.ragged': {
    en: 'Malformed matrix: row {row} has {count} entries but row 1 has {width}',
    fa: 'ماتریس نادرست: سطر {row}، {count} درایه دارد ولی سطر 1، {width} درایه',
  },

  // ---- the evaluator's own problems (eval/evaluate.ts) ------------------------------------------------
  'domain.division-by-zero': { en: 'Division by zero', fa: 'تقسیم بر صفر' },
  'singular.no-inverse': {
    en: 'This {shape} matrix is singular (determinant 0): it has no inverse',
    fa: 'این ماتریس {shape} منفرد است (دترمینان 0) و وارون ندارد',
  },
  'eval.expected-number': {
    en: 'Expected a number here, got a {what}',
    fa: 'این‌جا باید عدد باشد، ولی {what} آمده است',
  },
  'value.matrix': { en: '{shape} matrix', fa: 'یک ماتریس {shape}' },
  'value.list': { en: 'list', fa: 'یک فهرست' },
  'eval.add': {
    en: 'Cannot add a {a} matrix and a {b} matrix: the shapes differ',
    fa: 'نمی‌توان یک ماتریس {a} و یک ماتریس {b} را جمع کرد: ابعادشان متفاوت است',
  },
  'eval.subtract': {
    en: 'Cannot subtract a {a} matrix and a {b} matrix: the shapes differ',
    fa: 'نمی‌توان یک ماتریس {a} و یک ماتریس {b} را از هم کم کرد: ابعادشان متفاوت است',
  },
  'eval.multiply': {
    en: 'Cannot multiply {a} by {b}: inner sizes {p} and {q} differ{hint}',
    fa: 'نمی‌توان {a} را در {b} ضرب کرد: اندازه‌های داخلی {p} و {q} متفاوت‌اند{hint}',
  },
  'hint.transpose-second': {
    en: ' — did you mean to transpose the second factor (ᵀ)?',
    fa: ' — آیا منظورتان ترانهادهٔ عامل دوم (ᵀ) بود؟',
  },
  'hint.transpose-first': {
    en: ' — did you mean to transpose the first factor (ᵀ)?',
    fa: ' — آیا منظورتان ترانهادهٔ عامل اول (ᵀ) بود؟',
  },
  'eval.inverse-square': {
    en: 'Only a square matrix has an inverse; this one is {shape} (did you mean the transpose ^T?)',
    fa: 'فقط ماتریس مربعی وارون دارد؛ این ماتریس {shape} است (آیا منظورتان ترانهاده ^T بود؟)',
  },
  'eval.power-square': {
    en: 'Only a square matrix has powers; this one is {shape}',
    fa: 'فقط ماتریس مربعی توان دارد؛ این ماتریس {shape} است',
  },
  'eval.determinant-square': {
    en: 'A determinant needs a square matrix; this one is {rows}×{cols}',
    fa: 'دترمینان فقط برای ماتریس مربعی تعریف می‌شود؛ این ماتریس {rows}×{cols} است',
  },

  // ---- shapes through the answer (shapes/infer.ts, shapes/analyze.ts) ---------------------------------
  'shape.inverse-square': {
    en: '{expr} is {shape}: only a square matrix has an inverse',
    fa: '{expr} از ابعاد {shape} است: فقط ماتریس مربعی وارون دارد',
  },
  'shape.elementwise': {
    en: 'cannot {verb} {a} and {b}{numbers}: sizes {p} and {q} differ',
    fa: 'نمی‌توان {a} و {b}{numbers} را {verb}: اندازه‌های {p} و {q} متفاوت‌اند',
  },
  'verb.add': { en: 'add', fa: 'جمع کرد' },
  'verb.divide': { en: 'divide', fa: 'بر هم تقسیم کرد' },
  'verb.multiply-elementwise': { en: 'multiply element-wise', fa: 'درایه‌به‌درایه در هم ضرب کرد' },
  'shape.numbers': { en: ' ({a} and {b})', fa: ' ({a} و {b})' },
  'shape.no-dot': {
    en: '{a}·{b}: vectors of lengths {p} and {q} have no dot product',
    fa: '{a}·{b}: بردارهایی به طول {p} و {q} ضرب داخلی ندارند',
  },
  'shape.inner': {
    en: '{product}: inner sizes {p} and {q} differ{hint}',
    fa: '{product}: اندازه‌های داخلی {p} و {q} متفاوت‌اند{hint}',
  },
  'hint.without-transpose': {
    en: '; did you mean {name} without the transpose?',
    fa: '؛ آیا منظورتان {name} بدون ترانهاده بود؟',
  },
  'hint.transposed': {
    en: '; did you mean {name}ᵀ?',
    fa: '؛ آیا منظورتان {name}ᵀ بود؟',
  },
  'shape.batch': {
    en: '{product}: batch sizes {p} and {q} differ',
    fa: '{product}: اندازه‌های دسته (batch) {p} و {q} متفاوت‌اند',
  },
  'shape.concat-rank': {
    en: '{expr}: cannot concatenate {a} and {b} (different ranks)',
    fa: '{expr}: نمی‌توان {a} و {b} را کنار هم گذاشت (تعداد محورهایشان متفاوت است)',
  },
  'shape.concat-sizes': {
    en: '{expr}: cannot concatenate {a} and {b}: sizes {p} and {q} differ',
    fa: '{expr}: نمی‌توان {a} و {b} را کنار هم گذاشت: اندازه‌های {p} و {q} متفاوت‌اند',
  },
  'shape.declared-space': {
    en: '{expr} is {shape}, but ℝ^{{declared}} is written for it',
    fa: '{expr} از ابعاد {shape} است، ولی برای آن ℝ^{{declared}} نوشته شده است',
  },
  'shape.declared-name': {
    en: '{name} is declared {declared}, but {expr} is {shape}',
    fa: '{name} با ابعاد {declared} تعریف شده، ولی {expr} از ابعاد {shape} است',
  },
  'related.function-defined': {
    en: '{name} is defined here: {definition}',
    fa: '{name} این‌جا تعریف شده است: {definition}',
  },
  'related.declared-here': {
    en: '{name} is declared here',
    fa: '{name} این‌جا تعریف شده است',
  },
  'shape.not-equal': {
    en: '{a} is {sa} but {b} is {sb}: they cannot be equal',
    fa: '{a} از ابعاد {sa} است ولی {b} از ابعاد {sb}: این دو نمی‌توانند برابر باشند',
  },
  // the steps of a shape inference, shown in the hover (shapes/infer.ts)
  'shape.step.scaled': { en: '{expr}: divided by {by}; scaling keeps {shape}', fa: '{expr}: تقسیم بر {by}؛ ضرب در عدد ابعاد {shape} را نگه می‌دارد' },
  'shape.step.outer': { en: '{expr}: ({a})·({b})ᵀ → {r} (outer product)', fa: '{expr}: ({a})·({b})ᵀ → {r} (ضرب خارجی)' },
  'shape.step.dot': { en: '{expr}: ({a})·({b}) → a number (dot product)', fa: '{expr}: ({a})·({b}) → یک عدد (ضرب داخلی)' },
  'shape.step.loose-dot': {
    en: '{expr}: ({a})·({b}) → a number only when read as a dot product (write \\cdot or a transpose ᵀ)',
    fa: '{expr}: ({a})·({b}) → یک عدد، فقط اگر ضرب داخلی خوانده شود (\\cdot یا ترانهاده‌ی ᵀ بنویسید)',
  },
  'shape.step.product-assuming': { en: '{expr}: {product} (assuming {p} = {q})', fa: '{expr}: {product} (با فرض {p} = {q})' },
  'shape.step.attention': { en: 'divided by {dk}, then softmax over each row: {shape}', fa: 'تقسیم بر {dk}، سپس softmax روی هر سطر: {shape}' },
  'shape.step.multihead': { en: '{expr}: the heads concatenated and projected by W^O → {r}', fa: '{expr}: سرها کنار هم گذاشته و با W^O نگاشته می‌شوند → {r}' },
  'shape.step.split': { en: '{expr}: {a} split into {h} heads → {r}', fa: '{expr}: {a} به {h} سر تقسیم می‌شود → {r}' },
  'shape.step.keeps': { en: '{expr}: {fn} keeps {shape}', fa: '{expr}: {fn} ابعاد {shape} را نگه می‌دارد' },
  'shape.step.softmax-keeps': { en: '{expr}: softmax over each row keeps {shape}', fa: '{expr}: softmax روی هر سطر ابعاد {shape} را نگه می‌دارد' },
  'shape.step.heads-side-by-side': { en: '{expr}: {count} heads of {shape} side by side → {r}', fa: '{expr}: {count} سرِ {shape} کنار هم → {r}' },
  'shape.step.heads-merged': { en: '{expr}: {shape} heads merged → {r}', fa: '{expr}: سرهای {shape} یکی می‌شوند → {r}' },
  'shape.step.side-by-side': { en: '{expr}: side by side → {r}', fa: '{expr}: کنار هم → {r}' },
  'shape.with-assumption': { en: '{message} ({assumption})', fa: '{message} ({assumption})' },
  'shape.assumed': {
    en: 'assumed {shapes}{dk}; declare {names} with {declaration} to use your own shapes',
    fa: 'فرض شد {shapes}{dk}؛ برای به‌کار بردن ابعاد خودتان، {names} را با {declaration} تعریف کنید',
  },

  // ---- recurrences (bptt/recurrence.ts): why a formula is not a recurrence BPTT can read ---------------
  'recurrence.no-equation': {
    en: 'no equation found: write the recurrence as {example}',
    fa: 'معادله‌ای پیدا نشد: رابطهٔ بازگشتی را به شکل {example} بنویسید',
  },
  'recurrence.not-readable': {
    en: 'not a recurrence I can read: {reason}',
    fa: 'این رابطهٔ بازگشتی خوانده نمی‌شود: {reason}',
  },
  'recurrence.no-state-equation': {
    en: 'no state equation such as h_t = …',
    fa: 'معادلهٔ حالتی مانند h_t = … نیست',
  },
  'recurrence.lhs': {
    en: 'the left-hand side must be an indexed state such as h_t',
    fa: 'سمت چپ باید حالتی اندیس‌دار مانند h_t باشد',
  },
  'recurrence.terms-outside': {
    en: 'terms outside {activation}(…) are not supported: put every term inside the activation',
    fa: 'جمله‌های بیرون از {activation}(…) پشتیبانی نمی‌شوند: همهٔ جمله‌ها را درون تابع فعال‌سازی بگذارید',
  },
  'recurrence.activation-inside': {
    en: '{activation} inside the sum is not supported: one activation around the whole sum',
    fa: '{activation} درون جمع پشتیبانی نمی‌شود: یک تابع فعال‌سازی دور کل جمع',
  },
  'recurrence.max-arguments': {
    en: '\\max needs two arguments, e.g. \\max(0, z_t)',
    fa: '\\max دو آرگومان می‌خواهد، مثلاً \\max(0, z_t)',
  },
  'recurrence.max-relu': {
    en: '\\max(…) is understood only as ReLU, \\max(0, z_t)',
    fa: '\\max(…) فقط به‌صورت ReLU فهمیده می‌شود، \\max(0, z_t)',
  },
  'recurrence.concatenation': {
    en: 'a concatenation {expr} is not supported: write it as {example}',
    fa: 'الحاق {expr} پشتیبانی نمی‌شود: آن را به شکل {example} بنویسید',
  },
  'recurrence.product': {
    en: 'cannot read the product {expr}: only a number, one weight and one of {previous}, {second}, {input} can be multiplied',
    fa: 'ضرب {expr} خوانده نمی‌شود: فقط یک عدد، یک وزن و یکی از {previous}، {second}، {input} را می‌توان ضرب کرد',
  },
  'recurrence.unreadable': {
    en: 'cannot read {expr}',
    fa: '{expr} خوانده نمی‌شود',
  },
  'recurrence.two-indexed': {
    en: 'the term {expr} multiplies two time-indexed quantities',
    fa: 'جملهٔ {expr} دو کمیت با اندیس زمانی را در هم ضرب می‌کند',
  },
  'recurrence.both-sides': {
    en: '{current} appears on both sides: the right-hand side must use {previous} (and optionally {second})',
    fa: '{current} در هر دو طرف آمده است: سمت راست باید از {previous} (و در صورت نیاز {second}) استفاده کند',
  },
  'recurrence.lag': {
    en: '{expr}: only {previous} and {second} are supported on the right-hand side',
    fa: '{expr}: در سمت راست فقط {previous} و {second} پشتیبانی می‌شوند',
  },
  'recurrence.input-step': {
    en: 'the input {input} must be at the same step as the left-hand side',
    fa: 'ورودی {input} باید در همان گامِ سمت چپ باشد',
  },
  'recurrence.no-index': {
    en: '{symbol} needs a time index such as {example}',
    fa: '{symbol} اندیس زمانی می‌خواهد، مانند {example}',
  },
  'recurrence.transposed': {
    en: 'transposed weights ({weight}) are not supported in the recurrence',
    fa: 'وزن ترانهاده ({weight}) در رابطهٔ بازگشتی پشتیبانی نمی‌شود',
  },
  'recurrence.two-weights': {
    en: 'the term {expr} has two weights ({first} and {second})',
    fa: 'جملهٔ {expr} دو وزن دارد ({first} و {second})',
  },
  'recurrence.two-terms': {
    en: 'two terms with {what}: combine them into one weight',
    fa: 'دو جمله با {what}: آن‌ها را در یک وزن ترکیب کنید',
  },
  'recurrence.what-input': { en: 'the input', fa: 'ورودی' },
  'recurrence.what-bias': { en: 'a bias', fa: 'بایاس' },
  'recurrence.one-input': {
    en: 'only one input sequence is supported',
    fa: 'فقط یک دنبالهٔ ورودی پشتیبانی می‌شود',
  },
  'recurrence.no-dependence': {
    en: '{current} does not depend on {previous}: this is not a recurrence',
    fa: '{current} به {previous} وابسته نیست: این رابطهٔ بازگشتی نیست',
  },
  'recurrence.weight-twice': {
    en: 'the weight {weight} is used in two terms: BPTT here needs a different weight per term',
    fa: 'وزن {weight} در دو جمله به کار رفته است: این‌جا BPTT برای هر جمله وزن جداگانه‌ای می‌خواهد',
  },
  'recurrence.preact-index': {
    en: '{preact} is not indexed by {t}',
    fa: 'اندیس {preact} بر حسب {t} نیست',
  },
  'recurrence.preact-step': {
    en: '{applied} must use the pre-activation of the same step',
    fa: '{applied} باید پیش‌فعال‌سازیِ همان گام را به کار ببرد',
  },
  'recurrence.preact-undefined': {
    en: '{preact} is not defined: write {example} next to it',
    fa: '{preact} تعریف نشده است: کنار آن {example} را بنویسید',
  },

  // ---- BPTT targets, derivations and values (bptt/target.ts, derive.ts, numeric.ts) -------------------
  'target.empty': {
    en: 'the target is empty: give h_0, h_k, a weight (W, U, b, M) or h_T/h_k',
    fa: 'هدف خالی است: h_0، h_k، یک وزن (W، U، b، M) یا h_T/h_k بدهید',
  },
  'target.unreadable': { en: 'cannot read the target {target}', fa: 'هدف {target} خوانده نمی‌شود' },
  'target.unreadable-ratio': {
    en: 'cannot read the target {target}: write dL/dh_k, dL/dW or dh_T/dh_k',
    fa: 'هدف {target} خوانده نمی‌شود: dL/dh_k، dL/dW یا dh_T/dh_k بنویسید',
  },
  'target.unknown': {
    en: 'unknown target {target}: give {first} or {any}{weights}, or {jacobian}',
    fa: 'هدف ناشناخته {target}: {first} یا {any}{weights}، یا {jacobian} بدهید',
  },
  'target.weights': { en: ', a weight of the recurrence ({list})', fa: '، یک وزنِ رابطهٔ بازگشتی ({list})' },
  'role.recurrent': { en: 'recurrent weight', fa: 'وزن بازگشتی' },
  'role.skip': { en: 'skip weight', fa: 'وزن پرش' },
  'role.input': { en: 'input weight', fa: 'وزن ورودی' },
  'role.bias': { en: 'bias', fa: 'بایاس' },
  'derive.no-term': {
    en: 'the recurrence has no {role} term ({letter}); its terms are {terms}',
    fa: 'رابطهٔ بازگشتی جمله‌ای با {role} ({letter}) ندارد؛ جمله‌هایش {terms} هستند',
  },
  'derive.fixed-number': {
    en: 'the {role} in this recurrence is the fixed number {value}, not a parameter: nothing to differentiate',
    fa: '{role} در این رابطهٔ بازگشتی عدد ثابت {value} است، نه پارامتر: چیزی برای مشتق‌گیری نیست',
  },
  'derive.outside': {
    en: '{state} is outside the unrolled steps {first} … {last}',
    fa: '{state} بیرون از گام‌های بازشدهٔ {first} … {last} است',
  },
  'derive.jacobian-order': { en: '{jacobian} needs 0 ≤ k ≤ t', fa: '{jacobian} به 0 ≤ k ≤ t نیاز دارد' },
  'derive.no-role': { en: 'no {role} term', fa: 'جملهٔ {role} نیست' },
  'derive.steps': {
    en: 'the number of steps must be a whole number from 1 to {max}, not {steps}',
    fa: 'تعداد گام‌ها باید عددی صحیح از 1 تا {max} باشد، نه {steps}',
  },
  'bptt.multiply': {
    en: 'cannot multiply {left} by {right}: inner sizes {inner} and {other} differ',
    fa: 'ضرب {left} در {right} ممکن نیست: اندازه‌های داخلی {inner} و {other} فرق دارند',
  },
  'bptt.add': { en: 'cannot add {left} and {right}', fa: 'جمع {left} و {right} ممکن نیست' },
  'bptt.unknown-activation': {
    en: '{activation} is not a known function: numeric values need \\sigma, \\tanh, ReLU or no activation',
    fa: '{activation} تابع شناخته‌شده‌ای نیست: مقدار عددی به \\sigma، \\tanh، ReLU یا بدون تابع فعال‌سازی نیاز دارد',
  },
  'bptt.symbolic-index': { en: 'cannot evaluate the symbolic index {index}', fa: 'اندیس نمادین {index} محاسبه نمی‌شود' },
  'bptt.no-value': { en: 'no value for {name}', fa: 'مقداری برای {name} نیست' },
  'bptt.internal': { en: 'internal: {detail}', fa: 'خطای داخلی: {detail}' },
  'values.not-object': {
    en: 'the values must be a JSON object such as {example}',
    fa: 'مقدارها باید یک شیء JSON باشند، مانند {example}',
  },
  'values.vector': {
    en: '{what} must be a number or a list of numbers, not {got}',
    fa: '{what} باید یک عدد یا فهرستی از عددها باشد، نه {got}',
  },
  'values.matrix': {
    en: '{what} must be a number or a list of rows of numbers, not {got}',
    fa: '{what} باید یک عدد یا فهرستی از سطرهای عددی باشد، نه {got}',
  },
  'values.sequence': {
    en: '{what} must be a list with one entry per step ({steps}), not {got}',
    fa: '{what} باید فهرستی با یک درایه برای هر گام ({steps}) باشد، نه {got}',
  },
  'values.got-list': { en: 'a list of {count}', fa: 'فهرستی {count}تایی' },
  'values.got-string': { en: 'a string', fa: 'یک رشته' },
  'values.got-null': { en: 'null', fa: 'تهی (null)' },
  'values.got-other': { en: '{type}', fa: '{type}' },
  'values.ragged': { en: 'the rows of {what} have different lengths', fa: 'سطرهای {what} طول‌های متفاوتی دارند' },
  'values.too-few': { en: '{what} has {entries}, but {steps} steps need {steps}', fa: '{what} {entries} دارد، ولی {steps} گام {steps} درایه می‌خواهد' },
  'values.one-entry': { en: '1 entry', fa: '1 درایه' },
  'values.entries': { en: '{count} entries', fa: '{count} درایه' },
  'values.one-component': { en: '1 component', fa: '1 مؤلفه' },
  'values.components': { en: '{count} components', fa: '{count} مؤلفه' },
  'values.one-row': { en: '1 row', fa: '1 سطر' },
  'values.rows': { en: '{count} rows', fa: '{count} سطر' },
  'values.missing-weight': { en: 'missing "{name}" (the weight {weight})', fa: '"{name}" نیامده است (وزن {weight})' },
  'values.missing-bias': { en: 'missing "{name}" (the bias {weight})', fa: '"{name}" نیامده است (بایاس {weight})' },
  'values.missing-x': { en: 'missing "x" (the inputs {first} … {last})', fa: '"x" نیامده است (ورودی‌های {first} … {last})' },
  'values.w-shape': {
    en: '{name} is {dims}, but the state has {components}: it must be {square}',
    fa: '{name} ابعاد {dims} دارد، ولی حالت {components} دارد: باید {square} باشد',
  },
  'values.m-shape': { en: '{name} is {dims}, but it must be {square}', fa: '{name} ابعاد {dims} دارد، ولی باید {square} باشد' },
  'values.u-rows': { en: '{name} is {dims}, but it must have {rows}', fa: '{name} ابعاد {dims} دارد، ولی باید {rows} داشته باشد' },
  'values.size': { en: '{what} has {count} entries, but the state has {state}', fa: '{what} {count} درایه دارد، ولی حالت {state} مؤلفه دارد' },
  'values.x-size': { en: '{what} has {entries}, but {expected}', fa: '{what} {entries} دارد، ولی {expected}' },
  'values.u-columns': { en: '{name} has {count} columns', fa: '{name} {count} ستون دارد' },
  'values.state-components': { en: 'the state has {count} components', fa: 'حالت {count} مؤلفه دارد' },
  'values.x-unweighted': {
    en: 'the input is added without a weight, so x_t needs {count} entries',
    fa: 'ورودی بدون وزن جمع شده است، پس x_t به {count} درایه نیاز دارد',
  },
  'values.g-per-step': {
    en: 'g has one entry per step, which is for the summed loss; the loss at the last step needs one vector g (L = g·h_T)',
    fa: 'g برای هر گام یک درایه دارد که مخصوص زیان جمع‌شده است؛ زیان در گام آخر یک بردار g می‌خواهد (L = g·h_T)',
  },

  // ---- the sentences of a BPTT derivation (bptt/derive.ts): every parameter that is text is a formula
  // (LaTeX, written as $…$ in the inserted Markdown and inside \text{…} pieces in the CLI's block) ------
  'row.layout': {
    en: 'Layout: the Jacobians {jacobian} are in numerator layout (row {i} is component {i} of {state}); the gradients {gradient} are in denominator layout (the same shape as the variable), hence the transposes.',
    fa: 'چیدمان: ژاکوبی‌های {jacobian} در چیدمان صورت‌اند (سطر {i} مؤلفهٔ {i} از {state} است) و گرادیان‌های {gradient} در چیدمان مخرج (هم‌شکلِ متغیر)؛ ترانهاده‌ها از همین‌جا می‌آیند.',
  },
  'row.relu-entries': {
    en: 'Its diagonal entries are {one} where {positive} and {zero} elsewhere.',
    fa: 'درایه‌های قطری آن جایی که {positive} برابر {one} و در بقیهٔ جاها {zero} هستند.',
  },
  'row.relu-scalar': {
    en: 'It is {one} where {positive} and {zero} elsewhere.',
    fa: 'این مشتق جایی که {positive} برابر {one} و در بقیهٔ جاها {zero} است.',
  },
  'row.no-activation-matrix': {
    en: 'No activation: {identity}, so it is left out.',
    fa: 'بدون تابع فعال‌سازی: {identity}، پس از ضرب‌ها کنار گذاشته می‌شود.',
  },
  'row.no-activation-scalar': {
    en: 'No activation: the derivative is {one}.',
    fa: 'بدون تابع فعال‌سازی: مشتق برابر {one} است.',
  },
  'row.generic-derivative': {
    en: '{derivative} is the derivative of {activation}.',
    fa: 'مشتقِ {activation} را {derivative} می‌نویسیم.',
  },
  'row.latest-left': {
    en: 'The latest step is on the left.',
    fa: 'در این ضرب، آخرین گام سمت چپ است.',
  },
  'row.two-predecessors': {
    en: 'Two predecessors: the Jacobian is a sum over all paths from {from} to {to} made of one-step links ({one}) and two-step links ({two}).',
    fa: 'دو پیشین: ژاکوبی، مجموعی روی همهٔ مسیرهای {from} تا {to} است که از پیوندهای یک‌گامی ({one}) و دوگامی ({two}) ساخته می‌شوند.',
  },
  'row.unrolled': { en: 'Unrolled for {steps}:', fa: 'بازشده برای {steps}:' },
  'row.unrolled-at': { en: 'Unrolled for {steps}, {at}:', fa: 'بازشده برای {steps}، در {at}:' },
  'row.stepwise': {
    en: 'Too many paths to write out one by one: the same expansion step by step, each part defined once.',
    fa: 'مسیرها برای نوشتنِ تک‌تک بیش از حد زیادند: همان بسط، گام‌به‌گام، و هر بخش یک بار تعریف شده است.',
  },
  'row.closed-form': {
    en: 'Closed form (a linear recurrence, unrolled from {start}):',
    fa: 'شکل بسته (رابطهٔ بازگشتی خطی، بازشده از {start}):',
  },
  'row.exact-linear': {
    en: 'Linear, with no activation, so {gamma}: this is exact, not just a bound.',
    fa: 'خطی و بدون تابع فعال‌سازی، پس {gamma}: این مقدار دقیق است، نه فقط یک کران.',
  },
  'row.keeps-size': {
    en: '{condition}: the gradient neither vanishes nor explodes; it keeps its size.',
    fa: 'چون {condition}، گرادیان نه محو می‌شود و نه منفجر؛ اندازه‌اش ثابت می‌ماند.',
  },
  'row.keeps-size-alternates': {
    en: '{condition}: the gradient neither vanishes nor explodes; it keeps its size and alternates its sign each step.',
    fa: 'چون {condition}، گرادیان نه محو می‌شود و نه منفجر؛ اندازه‌اش ثابت می‌ماند و علامتش در هر گام عوض می‌شود.',
  },
  'row.vanishes-geometrically': {
    en: '{condition}: the gradient vanishes geometrically with the distance {distance}.',
    fa: 'چون {condition}، گرادیان با فاصلهٔ {distance} به‌طور هندسی محو می‌شود.',
  },
  'row.explodes-geometrically': {
    en: '{condition}: the gradient explodes geometrically with the distance {distance}.',
    fa: 'چون {condition}، گرادیان با فاصلهٔ {distance} به‌طور هندسی منفجر می‌شود.',
  },
  'row.bound-head': {
    en: "How the gradient's size depends on the distance {distance} (vanishing and exploding gradients):",
    fa: 'اندازهٔ گرادیان بر حسب فاصلهٔ {distance} (محوشدگی و انفجار گرادیان):',
  },
  'row.gamma-at-zero': { en: 'The supremum is reached at {z}.', fa: 'این سوپریمم در {z} به دست می‌آید.' },
  'row.gamma-identity': { en: 'No activation: {gamma}.', fa: 'بدون تابع فعال‌سازی: {gamma}.' },
  'row.spectral-norm': {
    en: 'Here {norm} is the spectral norm, the largest singular value.',
    fa: 'این‌جا {norm} نُرم طیفی است، یعنی بزرگ‌ترین مقدار تکین.',
  },
  'row.vanishing-when': {
    en: 'Vanishing when {condition}: the bound shrinks geometrically in {distance}.',
    fa: 'محوشدگی وقتی {condition}: کران بر حسب {distance} به‌طور هندسی کوچک می‌شود.',
  },
  'row.exploding-when': {
    en: 'Exploding is possible only when {condition} (the bound then allows growth; it does not force it).',
    fa: 'انفجار فقط وقتی ممکن است که {condition} (آن‌گاه کران اجازهٔ رشد می‌دهد، نه این‌که آن را تحمیل کند).',
  },
  'row.skip-bound': { en: 'So {bound}, where', fa: 'پس {bound}، که در آن' },
  'row.skip-vanishing': {
    en: 'Vanishing when {sum} (equivalently {rho}); exploding is possible only when {rhoAbove}, i.e. {sumAbove}.',
    fa: 'محوشدگی وقتی {sum} (یا معادلاً {rho})؛ انفجار فقط وقتی ممکن است که {rhoAbove}، یعنی {sumAbove}.',
  },
  'row.skip-paths': {
    en: 'Skip term: besides the chain of one-step links, {later} reaches {earlier} through two-step links, so some paths have only about {half} factors: they shrink like {fast} instead of {slow}, and the number of paths grows like the Fibonacci numbers. The gradient from distant steps survives longer: better long-range gradient flow, and a larger {rho} than without it.',
    fa: 'جملهٔ پرش: افزون بر زنجیرهٔ پیوندهای یک‌گامی، {later} از راه پیوندهای دوگامی هم به {earlier} می‌رسد، پس برخی مسیرها فقط حدود {half} عامل دارند: به‌جای {slow} مانند {fast} کوچک می‌شوند، و شمار مسیرها مانند اعداد فیبوناچی رشد می‌کند. گرادیانِ گام‌های دور بیشتر می‌ماند: جریان گرادیان در فاصله‌های بلند بهتر است و {rho} از حالتِ بدون این جمله بزرگ‌تر است.',
  },
  // ---- the numeric check of a derivation (bptt/verify.ts) ------------------------------------------
  'verify.not-evaluable': {
    en: '{activation} is not an activation DL Math can evaluate (σ, tanh, ReLU or none)',
    fa: '{activation} تابع فعال‌سازی‌ای نیست که DL Math بتواند محاسبه کند (σ، tanh، ReLU یا هیچ)',
  },
  'verify.sizes-differ': {
    en: 'the derivation and the finite differences have different sizes',
    fa: 'اشتقاق و تفاضل‌های متناهی اندازه‌های متفاوتی دارند',
  },

  // ---- BPTT slips (bptt/slips.ts) -------------------------------------------------------------------
  'slip.sigma-prime': {
    en: "σ'(z) already means σ(z)(1−σ(z)), so σ'({arg})(1−σ'({arg})) is not the sigmoid's derivative; the intended factor is likely σ({arg})(1−σ({arg})), which equals σ'({arg}).",
    fa: "σ'(z) خودش یعنی σ(z)(1−σ(z))، پس σ'({arg})(1−σ'({arg})) مشتق سیگموید نیست؛ عاملِ موردنظر احتمالاً σ({arg})(1−σ({arg})) است که برابر σ'({arg}) است.",
  },
  // ---- symbolic steps (src/core/symbolic/) --------------------------------------------------------
  'step.wrong': {
    en: 'This step does not hold: {left} ≠ {right} at {values} (left {leftValue}, right {rightValue})',
    fa: 'این گام برقرار نیست: {left} ≠ {right} به ازای {values} (سمت چپ {leftValue}، سمت راست {rightValue})',
  },
  'step.wrong-matrix': {
    en: 'This step does not hold: {left} ≠ {right} for random matrices of the declared shapes{sizes}: entry ({row}, {col}) is {leftValue} on the left, {rightValue} on the right',
    fa: 'این گام برقرار نیست: {left} ≠ {right} برای ماتریس‌های تصادفی با شکل‌های اعلام‌شده{sizes}: درایهٔ ({row}، {col}) در سمت چپ {leftValue} و در سمت راست {rightValue} است',
  },
  'step.matrix-values': {
    en: ' at {values}',
    fa: ' به ازای {values}',
  },
  'related.step-definition': {
    en: '{name} as defined here was used to check the step',
    fa: 'برای بررسی این گام، تعریف {name} در این‌جا به کار رفت',
  },
  'related.step-recurrence': {
    en: 'the recurrence for {name} here was run to check the step',
    fa: 'برای بررسی این گام، رابطهٔ بازگشتی {name} در این‌جا اجرا شد',
  },
  'fix.step-closed-form': {
    en: 'Replace with the closed form {actual}',
    fa: 'جایگزینی با شکل بسته {actual}',
  },
  'fix.sigma-prime': {
    en: 'Write σ(z)(1−σ(z)) (drop the primes)',
    fa: 'σ(z)(1−σ(z)) بنویس (پریم‌ها را حذف کن)',
  },

  // ---- evaluating a selection (evaluateLatex.ts: Evaluate Selection, dlmath eval) -------------------
  'eval.empty': {
    en: 'Nothing to evaluate: the selection is empty.',
    fa: 'چیزی برای محاسبه نیست: انتخاب خالی است.',
  },
  'eval.too-long': {
    en: 'The expression is {length} characters long, above the {limit}-character limit.',
    fa: 'عبارت {length} نویسه است، بیش از حد {limit} نویسه.',
  },
  'eval.unreadable': { en: 'Could not read the expression', fa: 'عبارت خوانده نشد' },
  'eval.nested': { en: 'The expression is nested too deeply', fa: 'عبارت بیش از حد تودرتو است' },
  'eval.not-computable': { en: 'Cannot evaluate: {why}.', fa: 'محاسبه ممکن نیست: {why}.' },
  'eval.no-value': {
    en: '{name} has no value (give it one earlier in the answer, e.g. {name} = 2)',
    fa: '{name} مقداری ندارد (پیش‌تر در پاسخ به آن مقدار بدهید، مثلاً {name} = 2)',
  },
  'eval.nothing-computable': { en: 'no computable expression', fa: 'عبارت قابل‌محاسبه‌ای نیست' },
} as const satisfies Record<string, Record<Lang, string>>;

type Catalog = typeof CATALOG;

/** Every message the core can write. */
export type MessageId = keyof Catalog;

/** The placeholder names of a template: `'{a} by {b}'` → `'a' | 'b'`; `\begin{{env}}` → `'env'`. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? Innermost<P> | Placeholders<Rest> : never;
type Innermost<P extends string> = P extends `${string}{${infer Q}` ? Innermost<Q> : P;

/** A value put into a message: text or a number as it is, or another message in the same language. */
export type Param = string | number | Message;

/** The parameters of one message, one per placeholder of its English text. */
export type MessageParams<Id extends MessageId> = { [K in Placeholders<Catalog[Id]['en']>]: Param };

/** A message not yet written in a language: its id and parameters. */
export type Message = { [Id in MessageId]: { id: Id; params: MessageParams<Id> } }[MessageId];

// The Persian text of every message has exactly the placeholders of its English text (checked by tsc).
type Disagreeing = {
  [Id in MessageId]: [Placeholders<Catalog[Id]['en']>] extends [Placeholders<Catalog[Id]['fa']>]
    ? [Placeholders<Catalog[Id]['fa']>] extends [Placeholders<Catalog[Id]['en']>] ? never : Id
    : Id;
}[MessageId];
type AssertNever<T extends never> = T;
export type CatalogPlaceholdersAgree = AssertNever<Disagreeing>;

export type ParamsArg<Id extends MessageId> = keyof MessageParams<Id> extends never ? [params?: MessageParams<Id>] : [params: MessageParams<Id>];

/** A message to write later (errors thrown inside the engine carry these). */
export function message<Id extends MessageId>(id: Id, ...params: ParamsArg<Id>): Message {
  return { id, params: params[0] ?? {} } as Message;
}

/** Writes message `id` in `lang`. */
export function msg<Id extends MessageId>(lang: Lang, id: Id, ...params: ParamsArg<Id>): string {
  return render(lang, message(id, ...params));
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE. */
export const LRI = '\u2066';
/** U+2067 RIGHT-TO-LEFT ISOLATE. */
export const RLI = '\u2067';
export const PDI = '\u2069';

/**
 * `s` as a left-to-right island inside right-to-left text: math and values keep their order
 * (`[0; 2; −1]` does not turn into `[1− ;2 ;0]`) wherever the sentence is shown (Problems view,
 * hover, panel, quick-fix titles). Text already isolated is left as it is.
 */
export function isolate(s: string): string {
  return s.startsWith(LRI) && s.endsWith(PDI) ? s : LRI + s + PDI;
}

/** Whether messages in `lang` are written right to left. */
export function isRtl(lang: Lang): boolean {
  return lang === 'fa';
}

/**
 * Writes a message in `lang` (nested messages in the same language). In a right-to-left language
 * every text or number put into the sentence (an expression, a value, a name, a size) is isolated
 * as left-to-right; nested messages are sentence text and are not.
 */
export function render(lang: Lang, m: Message): string {
  const sentence = write(lang, m);
  // the whole sentence is a right-to-left island too, so that it reads right to left also where it is
  // shown in a left-to-right line (the Problems view, a quick-fix menu, an English hover)
  return isRtl(lang) ? RLI + sentence + PDI : sentence;
}

function write(lang: Lang, m: Message): string {
  const params = m.params as Record<string, Param | undefined>;
  const parts = partsOf(template(m.id, lang));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const v = params[name];
    if (v === undefined) out += '{' + name + '}';
    else if (typeof v === 'object') out += write(lang, v);
    else out += isRtl(lang) ? isolate(String(v)) : String(v);
    out += parts[i + 1];
  }
  return out;
}

/** Each template cut at its placeholders (text, name, text, … text), cut once: a long answer writes tens of thousands of messages. */
const cut = new Map<string, readonly string[]>();
function partsOf(tpl: string): readonly string[] {
  let parts = cut.get(tpl);
  if (!parts) {
    const out = [''];
    let at = 0;
    for (const p of tpl.matchAll(PLACEHOLDER)) {
      out[out.length - 1] += tpl.slice(at, p.index);
      out.push(p[1], '');
      at = (p.index ?? 0) + p[0].length;
    }
    out[out.length - 1] += tpl.slice(at);
    cut.set(tpl, (parts = out));
  }
  return parts;
}

/** A piece of a message: sentence text, or a parameter that is text or a number (nested messages are written into the text). */
export type MessagePiece = { text: string } | { value: string | number };

/**
 * A message in `lang` cut at its parameters, for writers that set the sentence and its values
 * apart (a derivation's sentences: the words as prose, each value as a formula). No directional
 * marks are added: the writer isolates the values its own way.
 */
export function messagePieces(lang: Lang, m: Message): MessagePiece[] {
  const out: MessagePiece[] = [];
  const text = (t: string) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last && 'text' in last) last.text += t;
    else out.push({ text: t });
  };
  const walk = (msg: Message) => {
    const params = msg.params as Record<string, Param | undefined>;
    const tpl = template(msg.id, lang);
    let at = 0;
    for (const p of tpl.matchAll(PLACEHOLDER)) {
      text(tpl.slice(at, p.index));
      at = (p.index ?? 0) + p[0].length;
      const v = params[p[1]];
      if (v === undefined) text(p[0]);
      else if (typeof v === 'object') walk(v);
      else out.push({ value: v });
    }
    text(tpl.slice(at));
  };
  walk(m);
  return out;
}

/** The text of a message without its directional marks (for comparisons and plain logs). */
export function stripIsolates(s: string): string {
  return s.replace(/[\u2066-\u2069]/g, '');
}

/** The raw template of a message (tests compare the placeholders of both languages). */
export function template(id: MessageId, lang: Lang): string {
  const entry: Record<Lang, string> = CATALOG[id];
  return entry[lang] ?? entry.en;
}

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** Every message id, for tests and tools. */
export const MESSAGE_IDS = Object.keys(CATALOG) as MessageId[];

/** `'fa'` for `fa`, `fa-IR`…; English otherwise. */
export function langOf(locale: string | undefined): Lang {
  return locale !== undefined && /^fa\b/i.test(locale) ? 'fa' : 'en';
}
