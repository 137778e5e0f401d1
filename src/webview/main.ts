/**
 * The DL Math panel's webview: renders what the extension sends (`update`) with KaTeX, and sends back
 * what the student asks for (a fix, a derivation, a parameter count, an insertion). Every incoming
 * message is checked with `isToPanel`; the page is built with DOM calls (KaTeX output is the only
 * generated markup, with `trust` off). Form values survive hiding the view through `setState`.
 *
 * This file only wires: the state lives in `state.ts`, the DOM helpers in `dom.ts`, and each part of
 * the page in `sections/` (the document, the BPTT calculator, the transformer calculator).
 */
import { isToPanel } from '../shared/protocol';
import { scheduleFit } from './dom';
import { buildBptt, refreshBptt, showBptt } from './sections/bptt';
import { docPart, forgetDocument, renderDocument, renderLastResult, showLastResult } from './sections/document';
import { buildTransformer, fillTransformer, refreshTransformer, showTransformer } from './sections/transformer';
import { setStrings, vscode } from './state';

new ResizeObserver(() => scheduleFit()).observe(document.documentElement);

const root = document.getElementById('root') as HTMLElement;
const live = document.getElementById('live') as HTMLElement;

/** The language the page was built in (undefined: not built yet). */
let builtLocale: string | undefined;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Builds the page in the language of `init`; a later `init` in another language (the panel now follows
 * an answer in another language) builds the calculators' forms again from the saved form state,
 * redraws the document with the next update, and derives or counts again what the calculators show.
 */
function build(locale: string): void {
  if (builtLocale === locale) return;
  const rebuilt = builtLocale !== undefined;
  builtLocale = locale;
  root.replaceChildren(docPart, buildBptt(), buildTransformer());
  if (!rebuilt) return;
  forgetDocument();
  refreshBptt();
  refreshTransformer();
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg: unknown = event.data;
  if (!isToPanel(msg)) return; // not ours, or malformed: dropped
  switch (msg.type) {
    case 'init':
      setStrings(msg.strings);
      document.documentElement.lang = msg.locale;
      document.documentElement.dir = msg.rtl ? 'rtl' : 'ltr';
      build(msg.locale);
      renderLastResult();
      break;
    case 'update': {
      if (builtLocale === undefined) return;
      const t0 = performance.now();
      renderDocument(msg.document, msg.model, msg.reason);
      scheduleFit();
      // when the last update arrived and how long drawing it took (read by the end-to-end test)
      document.body.dataset.updateAt = String(Date.now());
      document.body.dataset.renderMs = (performance.now() - t0).toFixed(1);
      break;
    }
    case 'bpttResult':
      showBptt(msg);
      break;
    case 'transformerResult':
      showTransformer(msg);
      break;
    case 'transformerConfigResult':
      fillTransformer(msg);
      break;
    case 'lastResult':
      showLastResult(msg.result);
      scheduleFit();
      break;
    case 'notice':
      live.textContent = msg.text;
      live.className = msg.level;
      // the note is announced (aria-live) and then goes away, so it never hides the panel for long
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        live.textContent = '';
        live.className = '';
      }, msg.level === 'error' ? 10_000 : 4_000);
      // a failed fix leaves its button usable again
      document.querySelectorAll<HTMLButtonElement>('button.fix').forEach((b) => (b.disabled = false));
      break;
  }
});

vscode.postMessage({ type: 'ready' });
