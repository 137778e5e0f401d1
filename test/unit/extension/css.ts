// Reading a stylesheet in tests: the declarations of the rule that names a selector.

/** The declarations of the rules whose selector list contains `selector` (comments removed). */
export function declarationsFor(css: string, selector: string): Map<string, string> {
  const out = new Map<string, string>();
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of plain.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim());
    if (!selectors.includes(selector)) continue;
    for (const d of m[2].split(';')) {
      const [k, ...v] = d.split(':');
      if (k.trim()) out.set(k.trim(), v.join(':').trim());
    }
  }
  return out;
}
