// Sandbox proof: nothing written in an answer file or given to `dlmath eval` runs code, reaches a
// JavaScript object, or touches Object.prototype. The payloads are the shapes of the published mathjs
// expression-injection reports (issues #821/#822 in 2017, the 2023 FunctionNode/SymbolNode bypass
// fixed in 11.9.1, the 2024 import/createUnit/reviver fixes, and GHSA-5v89-rwgr-qj6g /
// GHSA-29qv-4j9f-fjw5 fixed in 15.2.0), rewritten so that if any of them ran it would leave a mark
// this test can see: a global flag or a file.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { evaluateLatex } from '../../../src/core/eval/evaluateLatex';
import { explainAt } from '../../../src/core/views/explain';
import { sandboxReport } from '../../../src/core/eval/mathjs';
import { evalCommand } from '../../../src/cli/evalCommand';
import { CliError } from '../../../src/cli/io';

const FLAG = '__dlmathSandboxPwned';
const FILE = join(tmpdir(), `dlmath-sandbox-${process.pid}.txt`);
const SET_FLAG = `globalThis.${FLAG} = 1`;
const WRITE_FILE = `require('fs').writeFileSync('${FILE.replace(/\\/g, '/')}', 'x')`;

/** Injection payloads, in mathjs syntax and in LaTeX dress. */
const PAYLOADS: string[] = [
  // the constructor of any function is Function: the classic escape
  `cos.constructor("${SET_FLAG}")()`,
  `\\cos.constructor("${SET_FLAG}")()`,
  `\\cos.constructor('${WRITE_FILE}')()`,
  `[].map.constructor("${SET_FLAG}")()`,
  `(1).constructor.constructor("${SET_FLAG}")()`,
  `"".toString.constructor("${SET_FLAG}")()`,
  `f(x) = x; f.constructor("${SET_FLAG}")()`,
  // #821: functions smuggled through import, _data.map and isRange
  `import({matrix: cos.constructor}, {override: true}); x = ["${SET_FLAG}"]; x()`,
  `["", "${SET_FLAG}"]._data.map(cos.constructor)[1]()`,
  `a = ["${SET_FLAG}"]._data; a.isRange = true; x = {subset: cos.constructor}[a]; x()`,
  // #822: Object.assign onto the Function constructor
  `{}.constructor.assign(cos.constructor, {binding: cos.bind}); cos.constructor.binding()("${SET_FLAG}")()`,
  // 2024: the functions that reach the namespace
  `import({evaluate: 1}, {override: true})`,
  `createUnit("pwn", "1 m"); createUnit("x")`,
  `reviver("", {mathjs: "Unit", value: 1, unit: "constructor"})`,
  `evaluate("${SET_FLAG}")`,
  `parse("1 + 1").compile().evaluate()`,
  `compile("x").evaluate({x: cos.constructor})`,
  `simplify("x").constructor("${SET_FLAG}")()`,
  // GHSA-5v89-rwgr-qj6g: an index object with length/reduce walked into Function
  `x = {length: 1, reduce: cos.constructor}; [1, 2][x]("${SET_FLAG}")()`,
  // GHSA-29qv-4j9f-fjw5: a non-index property set on an array hijacks .map
  `a = [1, 2]; a.map = cos.constructor; a + 1`,
  // prototype pollution
  `__proto__.polluted = 1`,
  `x = {}; x.__proto__.polluted = 1`,
  `constructor.prototype.polluted = 1`,
  `toString.call(1)`,
  `valueOf()`,
  `hasOwnProperty("x")`,
  // plain JavaScript
  `process.exit(3)`,
  WRITE_FILE,
  SET_FLAG,
  `eval("${SET_FLAG}")`,
  `Function("${SET_FLAG}")()`,
  `globalThis["${FLAG}"] = 1`,
  // the same names in LaTeX forms the engine does read
  '\\text{constructor}',
  '\\mathrm{constructor}(1)',
  '\\operatorname{__proto__}(2)',
  '\\operatorname{evaluate}(1 + 1)',
  '\\mathrm{import}(x)',
  '\\text{createUnit}(5)',
  'parse(2) + compile(3)',
  '\\toString + 1',
  '\\valueOf{1} = 1',
  '1 \\hasOwnProperty 2 = 1',
  '5 \\text{constructor} = 5',
  '5 \\text{toString} = 10',
  '\\begin{constructor} 1 \\end{constructor}',
  '\\begin{__proto__} 1 \\end{__proto__}',
  '\\begin{bmatrix} constructor & 1 \\\\ 2 & toString \\end{bmatrix}',
  '\\sum_{constructor=1}^{3} constructor',
  '\\sum_{i=1}^{3} \\text{constructor}_i',
  'x_{constructor} + W^{\\__proto__}',
  '\\hat{\\constructor} = 2 \\times 3 = 6',
  // LaTeX's own ways to run things: nothing in DL Math reads them as anything but unknown commands
  '\\input{/etc/passwd}',
  '\\immediate\\write18{touch /tmp/dlmath-pwned}',
  '\\def\\x{1} \\x + 1',
  '\\newcommand{\\x}{1} \\x',
  '\\href{javascript:alert(1)}{1} + 1',
];

/** How the payloads reach the engine in an answer file. */
const DOCUMENTS = (p: string) => [
  `$${p}$`,
  `$$\n${p}\n$$`,
  `پاسخ: $x = ${p}$ و $x + 1 = 2$`,
  `$${p} = 2$`,
  `$constructor = ${p}$ $constructor \\times 2 = 4$`,
];

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTO_BEFORE = protoNames();
const FUNCTION_CTOR = Function.prototype.constructor;
const ARRAY_MAP = Array.prototype.map;

function assertNothingRan(where: string): void {
  assert.equal((globalThis as Record<string, unknown>)[FLAG], undefined, `a payload set the global flag (${where})`);
  assert.equal(existsSync(FILE), false, `a payload wrote ${FILE} (${where})`);
  assert.equal(protoNames(), PROTO_BEFORE, `Object.prototype changed (${where})`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `Object.prototype polluted (${where})`);
  assert.equal(Function.prototype.constructor, FUNCTION_CTOR, `Function.prototype changed (${where})`);
  assert.equal(Array.prototype.map, ARRAY_MAP, `Array.prototype.map replaced (${where})`);
}

/** Text the engine shows must never carry a JavaScript object's rendering. */
function assertNoObjectLeak(text: string, where: string): void {
  assert.doesNotMatch(text, /\[native code\]|function\s*\w*\s*\(|\[object \w+\]|=>/, `${where} shows a JavaScript object: ${text.slice(0, 200)}`);
}

/** A value is inert when it is plain numbers (a number, or arrays of numbers), nothing callable. */
function assertPlainNumbers(v: unknown, where: string): void {
  if (typeof v === 'number') return;
  assert.ok(Array.isArray(v), `${where}: value is ${typeof v}`);
  for (const x of v as unknown[]) assertPlainNumbers(x, where);
}

after(() => rmSync(FILE, { force: true }));

describe('the mathjs instance has no parser', () => {
  test('evaluate, parse, import, createUnit, compile, simplify and derivative are absent or throw', () => {
    const report = sandboxReport();
    for (const name of ['evaluate', 'parse', 'import', 'createUnit', 'compile', 'simplify', 'derivative']) {
      assert.ok(name in report, `sandboxReport covers ${name}`);
      assert.ok(report[name] === 'absent' || report[name] === 'throws', `${name} is ${report[name]}`);
    }
  });
});

describe('injection payloads are rejected or inert', () => {
  for (const p of PAYLOADS) {
    test(`evaluateLatex: ${p.slice(0, 70)}`, () => {
      for (const src of [p, `$${p}$`]) {
        const r = evaluateLatex(src);
        if (r.ok) {
          assertPlainNumbers(r.json, 'evaluateLatex');
          assertNoObjectLeak(r.plain + r.latex + r.steps.join(' '), 'evaluateLatex result');
        } else assertNoObjectLeak(r.message, 'evaluateLatex message');
      }
      assertNothingRan(p);
    });

    test(`analyzeDocument and explainAt: ${p.slice(0, 70)}`, () => {
      for (const doc of DOCUMENTS(p)) {
        const a = analyzeDocument(doc);
        assert.equal(a.variables.get('__proto__'), undefined);
        for (const f of a.findings) {
          assertNoObjectLeak(f.message, 'finding message');
          if (f.actualValue !== undefined) assertPlainNumbers(f.actualValue, 'finding actualValue');
        }
        for (const v of a.variables.values()) assertNoObjectLeak(JSON.stringify(v.value), `variable ${v.name}`);
        for (let off = 0; off <= doc.length; off += Math.max(1, doc.length >> 3)) assertNoObjectLeak(explainAt(a, off).markdown, 'hover');
      }
      assertNothingRan(p);
    });

    test(`dlmath eval: ${p.slice(0, 70)}`, async () => {
      for (const args of [[p], [p, '--json']]) {
        let out = '';
        try {
          const code = await evalCommand.run(args, { stdout: (t) => (out += t), stderr: (t) => (out += t) });
          assert.equal(code, 0);
          if (args.includes('--json')) assertPlainNumbers(JSON.parse(out).value, 'dlmath eval --json');
        } catch (e) {
          // a usage or input error is the CLI's way to reject: exit 2 with a one-line message
          assert.ok(e instanceof CliError, `dlmath eval threw ${e instanceof Error ? e.name + ': ' + e.message : String(e)}`);
          assert.equal(e.exitCode, 2);
          out += e.message;
          assert.doesNotMatch(e.message, /\n\s+at /, 'no stack trace');
        }
        assertNoObjectLeak(out, 'dlmath eval output');
      }
      assertNothingRan(p);
    });
  }
});

describe('names that mean something to JavaScript are ordinary symbols', () => {
  const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

  for (const name of NAMES) {
    test(`${name} without a value is an unknown symbol, silently`, () => {
      const r = evaluateLatex(name);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.code, 'not-computable');
      const a = analyzeDocument(`$${name} + 1 = 5$ $2 \\times ${name} = 7$`);
      assert.deepEqual(a.findings, [], `no finding about ${name}`);
      assert.equal(a.claims, 0);
    });

    test(`${name} defined in the answer is a document variable like any other`, () => {
      const a = analyzeDocument(`$${name} = 3$\n\n$${name} + 1 = 4$\n\n$${name} \\times 2 = 7$`);
      assert.equal(a.variables.get(name)?.value, 3);
      assert.equal(a.claims, 2);
      assert.equal(a.findings.length, 1, JSON.stringify(a.findings.map((f) => f.message)));
      assert.equal(a.findings[0].code, 'wrong-result');
      assert.equal(a.findings[0].actualValue, 6);
      // scopes look names up in Maps, never in objects: before the definition the name is unknown
      assert.equal(a.formulas[0].scope.get(name), undefined);
      assert.equal(a.formulas[0].scope.has(name), false);
      assert.equal(a.formulas[1].scope.get(name)?.value, 3);
      assert.equal(analyzeDocument(`$x = 1$ $x + 1 = 2$`).formulas[1].scope.get(name), undefined, `${name} is not found in a scope without it`);
    });
  }

  test('__proto__ cannot be written as a symbol: it reads as subscripts and stays unknown', () => {
    for (const src of ['__proto__', '\\text{__proto__}', 'x_{__proto__}', '__proto__ + 1']) {
      const r = evaluateLatex(src);
      assert.equal(r.ok, false, src);
    }
    const a = analyzeDocument('$x_{__proto__} = 2$ $x_{__proto__} + 1 = 3$ $x_{__proto__} + 1 = 4$');
    assert.equal(a.variables.get('x___proto__')?.value, 2);
    assert.deepEqual(a.findings.map((f) => f.actualValue), [3]);
    assertNothingRan('__proto__ symbol');
  });

  test('a unit word after a number that names an Object member does not scale it', () => {
    // `5 \text{constructor}` once read Object as a scale factor and claimed 5 = NaN
    for (const w of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      assert.deepEqual(analyzeDocument(`$5 \\text{${w}} = 5$`).findings, [], w);
    }
  });

  test('a tensor size named after an Object member is a size without a value', () => {
    // `ℝ^{n × constructor}` once gave the size `constructor` the value 1 in the shape flow: (n×1)·(1×m)
    for (const w of ['constructor', '\\text{toString}', '\\mathrm{valueOf}']) {
      const doc = `$X \\in \\mathbb{R}^{n \\times ${w}}$ و $W \\in \\mathbb{R}^{${w} \\times m}$\n\n$$Y = XW$$\n`;
      const a = analyzeDocument(doc);
      assert.deepEqual(a.findings, [], w);
      const e = explainAt(a, doc.indexOf('XW') + 1, doc);
      assert.equal(e.kind, 'shape', w);
      assert.match(e.markdown ?? '', /→ n×m/, w);
      assert.doesNotMatch(e.markdown ?? '', /×1\)|\(1×/, `${w} was given a value: ${e.markdown}`);
    }
  });

  test('a command named after an Object member is not a relation', () => {
    // `\constructor` once split `1 \constructor 2 × 3 = 7` like `≠`, judging 2 × 3 against 1
    const a = analyzeDocument('$\\constructor + 1 = 2 \\times 3 = 6$ $1 \\valueOf 2 = 2$');
    assert.deepEqual(a.findings, []);
  });
});
