// The panel speaks the language of the answer it shows: its strings come from the message language
// (`dlmath.messages.language`, or the answer's prose with `auto`), not from VS Code's display language,
// which has no Persian language pack. Every panel string has its Persian in l10n/bundle.l10n.fa.json.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { panelStrings, translate } from '../../../src/features/panel/strings';
import { REPO_ROOT } from '../engineHelpers';

const PERSIAN = /[\u0600-\u06FF]/;

describe('panel strings', () => {
  test('English strings are the English keys, with placeholders kept for the page to fill', () => {
    const en = panelStrings('en');
    assert.equal(en.formula, 'Formula');
    assert.equal(en.moreSteps, '… and {0} more steps');
  });

  test('every panel string has a Persian translation', () => {
    const en = panelStrings('en') as unknown as Record<string, string>;
    const fa = panelStrings('fa') as unknown as Record<string, string>;
    const untranslated = Object.keys(en).filter((k) => /[A-Za-z]{3}/.test(en[k].replace(/\{\d+\}|DL Math|JSON|config\.json|Hugging Face|LayerNorm|BPTT|KaTeX|d_model|softmax/g, '')) && !PERSIAN.test(fa[k]));
    assert.deepEqual(untranslated, [], `panel strings without Persian: ${untranslated.map((k) => `${k}: "${en[k]}"`).join('; ')}`);
  });

  test('placeholders survive translation and are filled by translate()', () => {
    const en = panelStrings('en') as unknown as Record<string, string>;
    const fa = panelStrings('fa') as unknown as Record<string, string>;
    for (const k of Object.keys(en)) {
      const want = (en[k].match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal((fa[k].match(/\{\d+\}/g) ?? []).sort().join(), want, `${k}: "${fa[k]}" has other placeholders than "${en[k]}"`);
    }
    assert.equal(translate('en', '… and {0} more steps', 3), '… and 3 more steps');
    assert.ok(PERSIAN.test(translate('fa', '… and {0} more steps', 3)) && translate('fa', '… and {0} more steps', 3).includes('3'));
  });

  test('the notices the panel posts are in its language too: every one has its Persian', () => {
    // the panel's notices (inserted, fixed, nothing inserted…) go through its translate(), not vscode.l10n
    const source = readFileSync(path.join(REPO_ROOT, 'src/features/panel/panelView.ts'), 'utf8');
    const keys = [...source.matchAll(/this\.t\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
    assert.ok(keys.length >= 8, `${keys.length} notices found`);
    for (const key of keys) {
      assert.ok(PERSIAN.test(translate('fa', key)), `no Persian for the notice "${key}"`);
      assert.equal(translate('en', key), key);
    }
    assert.doesNotMatch(source.replace(/showOpenDialog\([^)]*\)/g, ''), /vscode\.l10n\.t\(/, 'a notice in VS Code\'s display language (no Persian pack) rather than the panel\'s');
    assert.equal(translate('fa', 'Inserted into {0}.', '\u2066answer.md\u2069'), 'در \u2066answer.md\u2069 درج شد.');
  });
});
