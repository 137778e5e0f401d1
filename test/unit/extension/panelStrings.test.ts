// The panel speaks the language of the answer it shows: its strings come from the message language
// (`dlmath.messages.language`, or the answer's prose with `auto`), not from VS Code's display language,
// which has no Persian language pack. Every panel string has its Persian in l10n/bundle.l10n.fa.json.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { panelStrings, translate } from '../../../src/features/panel/strings';

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
});
