// The test oracle for "where the math is": VS Code's own Markdown preview, i.e. markdown-it with
// @vscode/markdown-it-katex configured as VS Code 1.100's built-in markdown-math extension does
// (`enableFencedBlocks: true`, HTML allowed as in the preview). Both packages are devDependencies
// used only here; nothing at runtime requires them, and a test that uses this skips when they are
// not installed (a node_modules made before they were added).
import { createRequire } from 'node:module';

/** One formula as the preview renders it: its LaTeX and whether it is display math. */
export interface PreviewMath {
  content: string;
  display: boolean;
}

interface Token {
  type: string;
  content: string;
  info: string;
  children: Token[] | null;
}
interface MarkdownIt {
  parse(src: string, env: object): Token[];
  use(plugin: unknown, options: object): MarkdownIt;
}

let cached: MarkdownIt | null | undefined;

/** The preview's parser, or null when markdown-it or the katex plugin is not installed. */
export function previewParser(): MarkdownIt | null {
  if (cached !== undefined) return cached;
  try {
    const req = createRequire(__filename);
    const markdownIt = req('markdown-it') as (options: object) => MarkdownIt;
    const katex = (req('@vscode/markdown-it-katex') as { default: unknown }).default;
    // VS Code's markdown engine: html on; markdown-math: fenced ```math blocks on, bare
    // \begin{…} blocks off (so `\(`, `\[` and bare environments are not math in the preview).
    cached = markdownIt({ html: true }).use(katex, { enableFencedBlocks: true, globalGroup: true });
  } catch {
    cached = null;
  }
  return cached;
}

/** Every formula the preview renders in `text`, in document order. */
export function previewMath(text: string): PreviewMath[] {
  const md = previewParser();
  if (!md) throw new Error('markdown-it is not installed');
  const out: PreviewMath[] = [];
  const visit = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'math_inline') out.push({ content: t.content, display: false });
      else if (t.type === 'math_block' || t.type === 'math_inline_block') out.push({ content: t.content, display: true });
      else if (t.type === 'fence' && t.info.trim().toLowerCase() === 'math') out.push({ content: t.content, display: true });
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(text, {}));
  return out;
}
