import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_FUNCTIONS, type Expression } from '../../src/scenario/expression.js';
import { math } from '../../src/scenario/math.js';

function compiled(source: string): Expression {
  const r = compileExpression(source);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(source)} to compile, got: ${r.message}`);
  return r.fn;
}

const FUNCTIONS =
  'sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, exp, log, log10, log2, sqrt, cbrt, abs, sign, floor, ceil, round, min, max, pow, mod';
const NAMES = 't (time in hours), pi and e';
const OPERATORS = '+ - * / ^ % (mod), < <= > >= == !=, and, or, not, and c ? a : b';
const notAllowedFn = (name: string) => `function "${name}" is not allowed; allowed functions: ${FUNCTIONS}`;
const unknownName = (name: string) => `unknown name "${name}"; the only names are ${NAMES}`;
const badOperator = (op: string, text: string) => `operator "${op}" is not allowed: ${text}; allowed operators: ${OPERATORS}`;
const PROPERTY = 'property and index access is not allowed: ';
const IMPLICIT = (text: string) =>
  `implicit multiplication next to "/" is ambiguous: ${text}; write "*" and brackets, e.g. (1 / 2) * t or 1 / (2 * t)`;
const PERCENT = 'percent signs are not allowed (mathjs reads "x - 10%" as x minus 10% of x); write a fraction such as 0.1';
const notFinite = (text: string, v: string) =>
  `${text} does not give a finite number (it is ${v}); the expression must stay finite`;

describe('compileExpression: accepted', () => {
  const day = (t: number) => 400 + 200 * Math.sin((2 * Math.PI * t) / 24);
  it.each<[string, Array<[number, number]>]>([
    ['400 + 200*sin(2*pi*t/24)', [[0, 400], [6, 600], [18, 200], [1.5, day(1.5)], [8759.98, day(8759.98)]]],
    ['400 + 200 sin(2 pi t / 24)', [[6, 600], [18, 200]]],
    ['t', [[0, 0], [2.5, 2.5]]],
    ['42', [[0, 42], [100, 42]]],
    ['2^3^2', [[0, 512]]],
    ['-t^2', [[3, -9]]],
    ['(1 + t) * (2 - t)', [[1, 2]]],
    ['t % 24', [[25, 1], [-1, 23]]],
    ['mod(t, 24)', [[49, 1]]],
    ['mod(t, 0)', [[5, 5]]],
    ['t < 12 ? 100 : 200', [[11.99, 100], [12, 200]]],
    ['t >= 8 and t < 20 ? 1000 : 300', [[7, 300], [8, 1000], [20, 300]]],
    ['t < 8 or t > 20', [[7, 1], [10, 0], [21, 1]]],
    ['not (t > 1)', [[0, 1], [2, 0]]],
    ['1 < t < 3', [[1, 0], [2, 1], [3, 0]]],
    ['t == 3', [[3, 1], [3.1, 0]]],
    ['t != 3', [[3, 0], [3.1, 1]]],
    ['t <= 3', [[3, 1], [4, 0]]],
    ['0.1 + 0.2 == 0.3', [[0, 1]]],
    ['min(t, 5, 3)', [[1, 1], [4, 3]]],
    ['max(0, t - 10)', [[5, 0], [12, 2]]],
    ['log(t)', [[Math.E, 1]]],
    ['log(t, 2)', [[8, 3]]],
    ['log10(t) + log2(t)', [[1000, 3 + Math.log2(1000)]]],
    ['exp(t)', [[1, Math.E]]],
    ['sqrt(t) + cbrt(t)', [[64, 12]]],
    ['abs(t) * sign(t)', [[-3, -3], [3, 3], [0, 0]]],
    ['floor(t / 24)', [[47.9, 1], [48, 2]]],
    ['floor(0.1 * 3 * 10)', [[0, 3]]],
    ['ceil(t)', [[1.2, 2], [1, 1]]],
    ['round(t)', [[2.5, 3], [-2.5, -3], [2.4, 2]]],
    ['pow(t, 2)', [[3, 9]]],
    ['atan2(1, t)', [[1, Math.PI / 4]]],
    ['cos(pi * t) + tan(0) + sinh(0) + cosh(0) + tanh(0)', [[1, 0]]],
    ['asin(1) + acos(1) + atan(0)', [[0, Math.PI / 2]]],
    ['e^t', [[2, Math.E ** 2]]],
    ['2pi', [[0, 2 * Math.PI]]],
    ['3 t', [[2, 6]]],
    ['(t)(2)', [[3, 6]]],
    ['0x10 + 1e3 + .5', [[0, 1016.5]]],
    ['sin(t) # comments are ignored', [[1, Math.sin(1)]]],
    ['  t  +\t1  ', [[1, 2]]],
    ['(400\n + t)', [[1, 401]]],
  ])('%s', (source, points) => {
    const fn = compiled(source);
    for (const [t, expected] of points) expect(fn(t)).toBeCloseTo(expected, 9);
  });

  it('agrees with mathjs evaluate wherever mathjs gives a real number', () => {
    const sources = [
      '400 + 200*sin(2*pi*t/24)',
      '2pi t / 24',
      't % 7 - mod(-t, 5)',
      'floor(t / 3) + ceil(t / 3) + round(t / 3)',
      't > 10 ? sqrt(t) : t^2',
      '1 < t < 20',
      't >= 5 and t <= 15 or t == 30',
      'min(t, 17, 2 t) + max(1, t / 2)',
      'log(t + 1, 3) + exp(-t / 10)',
      'abs(sin(t)) * sign(cos(t))',
      'pow(1.1, t / 100) - 1.1^(t / 100)',
    ];
    for (const source of sources) {
      const fn = compiled(source);
      for (const t of [0, 0.5, 1, 2.75, 3, 9, 10, 15, 30, 47.5, 8759]) {
        const expected = Number(math.evaluate(source, { t }));
        expect(fn(t), `${source} at t=${t}`).toBeCloseTo(expected, 9);
      }
    }
  });

  it('returns NaN where mathjs would give a complex number, and leaves non-finite results to the caller', () => {
    expect(compiled('sqrt(t)')(-1)).toBeNaN();
    expect(compiled('log(t)')(-1)).toBeNaN();
    expect(compiled('1 / t')(0)).toBe(Infinity);
  });

  it('gives a pure function of t', () => {
    const fn = compiled('t > 5 ? 2 t : 1 + 3');
    expect([fn(1), fn(6), fn(1), fn(6)]).toEqual([4, 12, 4, 12]);
  });

  it('accepts every listed function', () => {
    expect(EXPRESSION_FUNCTIONS).toHaveLength(25);
    for (const name of EXPRESSION_FUNCTIONS) {
      const args = ['atan2', 'pow', 'mod'].includes(name) ? '(t, 2)' : '(t)';
      expect(compileExpression(`${name}${args}`).ok, name).toBe(true);
    }
  });

  it('accepts expressions at the limits', () => {
    expect(compileExpression(`${'('.repeat(64)}t${')'.repeat(64)}`).ok).toBe(true);
    expect(compileExpression('t+'.repeat(999) + 't').ok).toBe(false); // 2,000 chars, but 1,000 levels deep
    expect(compileExpression('t+'.repeat(200) + 't').ok).toBe(true);
    expect(compileExpression(`t + ${'0'.repeat(1990)}`).ok).toBe(true);
  });
});

describe('compileExpression: attack corpus', () => {
  const corpus: Array<[string, string]> = [
    // mathjs's own dangerous functions
    ['import({}, {override:true})', notAllowedFn('import')],
    ['createUnit("x")', notAllowedFn('createUnit')],
    ['evaluate("1")', notAllowedFn('evaluate')],
    ['parse("1")', notAllowedFn('parse')],
    ['compile("t")', notAllowedFn('compile')],
    ['simplify("t")', notAllowedFn('simplify')],
    ['derivative("t", "t")', notAllowedFn('derivative')],
    ['typeOf(t)', notAllowedFn('typeOf')],
    ['help(sin)', notAllowedFn('help')],
    ['chain(3)', notAllowedFn('chain')],
    ['matrix([1])', notAllowedFn('matrix')],
    ['reviver()', notAllowedFn('reviver')],
    ['config({number: "BigNumber"})', notAllowedFn('config')],
    ['cot(t)', notAllowedFn('cot')],
    ['sin(t) ; import(1)', 'only one expression is allowed, without ";" or line breaks between statements: sin(t); import(1)'],
    ['sin(t)\nimport(1)', 'only one expression is allowed, without ";" or line breaks between statements: sin(t) import(1)'],
    ['sin(t);', 'only one expression is allowed, without ";" or line breaks between statements: sin(t);'],
    // definitions and assignment
    ['f(x)=x', 'defining functions is not allowed: f(x) = x; write a single formula of t'],
    ['a=1', 'assignment is not allowed: a = 1; write a single formula of t'],
    ['t = 5', 'assignment is not allowed: t = 5; write a single formula of t'],
    ['pi = 3', 'assignment is not allowed: pi = 3; write a single formula of t'],
    ['(t)=1', 'syntax error at character 4: Invalid left hand side of assignment operator ='],
    ['x = 1; x', 'only one expression is allowed, without ";" or line breaks between statements: x = 1; x'],
    // property access and containers
    ['t.constructor', `${PROPERTY}t.constructor`],
    ['t["constructor"]', `${PROPERTY}t["constructor"]`],
    ['t?.constructor', `${PROPERTY}t?.constructor`],
    ['t.constructor("return process")(1)', `${PROPERTY}t.constructor`],
    ['(t.constructor)("return process")', `${PROPERTY}t.constructor`],
    ['sin.constructor', `${PROPERTY}sin.constructor`],
    ['[1,2]', 'arrays and matrices are not allowed: [1, 2]'],
    ['[1,2][1]', `${PROPERTY}[1, 2][1]`],
    ['{a:1}', 'objects are not allowed: {"a": 1}'],
    ['{a:1}.a', `${PROPERTY}{"a": 1}.a`],
    ['"str"', 'strings are not allowed: "str"'],
    ["'str'", 'strings are not allowed: "str"'],
    ['"\\u0063onstructor"', 'strings are not allowed: "constructor"'],
    ['1:3', 'ranges are not allowed: 1:3'],
    // names from JavaScript's world
    ['__proto__', unknownName('__proto__')],
    ['constructor', unknownName('constructor')],
    ['prototype', unknownName('prototype')],
    ['this', unknownName('this')],
    ['process', unknownName('process')],
    ['require', unknownName('require')],
    ['globalThis', unknownName('globalThis')],
    ['eval', unknownName('eval')],
    ['Function', unknownName('Function')],
    ['import', unknownName('import')],
    ['x', unknownName('x')],
    ['$x', unknownName('$x')],
    ['require("fs")', `unknown function "require"; allowed functions: ${FUNCTIONS}`],
    ['eval("1")', `unknown function "eval"; allowed functions: ${FUNCTIONS}`],
    ['Function("return 1")', `unknown function "Function"; allowed functions: ${FUNCTIONS}`],
    ['__proto__(1)', `unknown function "__proto__"; allowed functions: ${FUNCTIONS}`],
    ['f(1)(2)', `unknown function "f"; allowed functions: ${FUNCTIONS}`],
    ['t(2)', '"t" is not a function'],
    ['pi(2)', '"pi" is not a function'],
    // near misses get a suggestion
    ['sine(t)', `unknown function "sine" (did you mean "sin"?); allowed functions: ${FUNCTIONS}`],
    ['Sin(t)', `unknown function "Sin" (did you mean "sin"?); allowed functions: ${FUNCTIONS}`],
    ['sqr(t)', `unknown function "sqr" (did you mean "sqrt"?); allowed functions: ${FUNCTIONS}`],
    ['PI', `unknown name "PI" (did you mean "pi"?); the only names are ${NAMES}`],
    ['T', `unknown name "T" (did you mean "t"?); the only names are ${NAMES}`],
    ['sin t', '"sin" is a function; call it like sin(t)'],
    // unicode and escape tricks
    ['\\u0063onstructor', 'syntax error at character 1: Syntax error in part "\\u0063onstructor"'],
    ['\u0455in(t)', 'character "\u0455" (U+0455) at position 1 is not allowed; expressions are written in plain ASCII'],
    ['t\u200b', 'character "\u200b" (U+200B) at position 2 is not allowed; expressions are written in plain ASCII'],
    ['\u03c0*t', 'character "\u03c0" (U+03C0) at position 1 is not allowed; write pi instead of \u03c0'],
    ['t\u0000', 'character "\\u0000" (U+0000) at position 2 is not allowed; expressions are written in plain ASCII'],
    ['@', 'syntax error at character 1: Syntax error in part "@"'],
    ['`t`', 'syntax error at character 1: Syntax error in part "`t`"'],
    // units
    ['5 cm', 'units are not allowed: "cm"; the expression gives a plain number in the load\'s own unit'],
    ['400 req', 'units are not allowed: "req"; the expression gives a plain number in the load\'s own unit'],
    ['t to cm', badOperator('to', 't to cm')],
    ['t in cm', badOperator('in', 't in cm')],
    // operators outside the whitelist
    ['t!', badOperator('!', 't!')],
    ["t'", badOperator("'", "t'")],
    ['t & 1', badOperator('&', 't & 1')],
    ['t | 1', badOperator('|', 't | 1')],
    ['~t', badOperator('~', '~t')],
    ['t << 1', badOperator('<<', 't << 1')],
    ['t .* 2', badOperator('.*', 't .* 2')],
    ['t xor 1', badOperator('xor', 't xor 1')],
    // implicit multiplication and percent surprises
    ['pi / 2 pi', IMPLICIT('pi / 2 pi')],
    ['1/2t', IMPLICIT('1 / 2 t')],
    ['50%', PERCENT],
    ['t - 10%', PERCENT],
    // non-numbers and overflow
    ['true', 'true and false are not allowed; use 1 and 0'],
    ['null', 'null is not allowed; expressions work on numbers only'],
    ['undefined', 'undefined is not allowed; expressions work on numbers only'],
    ['NaN', 'NaN is not allowed; the expression must give a number'],
    ['Infinity', 'a number in the expression is too large (it overflows to Infinity)'],
    ['1e400', 'a number in the expression is too large (it overflows to Infinity)'],
    ['10^1000', notFinite('10 ^ 1000', 'Infinity')],
    ['exp(1000) * t', notFinite('exp(1000)', 'Infinity')],
    ['1/0', notFinite('1 / 0', 'Infinity')],
    ['0/0', notFinite('0 / 0', 'NaN')],
    ['log(0)', notFinite('log(0)', '-Infinity')],
    ['sqrt(-1)', notFinite('sqrt(-1)', 'NaN')],
    ['t > 0 ? 1 : 1/0', notFinite('1 / 0', 'Infinity')],
    // arity
    ['sin()', 'sin() was given 0 arguments; use sin(x)'],
    ['sin(1, 2)', 'sin() was given 2 arguments; use sin(x)'],
    ['log(1, 2, 3)', 'log() was given 3 arguments; use log(x) or log(x, base)'],
    ['min()', 'min() was given 0 arguments; use min(a, b, ...)'],
    ['pow(t)', 'pow() was given 1 argument; use pow(x, y)'],
    // syntax, size and depth
    ['', 'the expression is empty'],
    ['   ', 'the expression is empty'],
    ['sin(', 'syntax error at character 5: Unexpected end of expression'],
    ['sin(,)', 'syntax error at character 5: Value expected'],
    ['x'.repeat(100_000), 'the expression is 100000 characters long; the limit is 2000'],
    [`${'('.repeat(10_000)}t${')'.repeat(10_000)}`, 'the expression is 20001 characters long; the limit is 2000'],
    [`${'('.repeat(900)}t${')'.repeat(900)}`, 'brackets are nested more than 64 deep (at position 65)'],
    [`${'['.repeat(65)}`, 'brackets are nested more than 64 deep (at position 65)'],
    [`${'-'.repeat(1999)}t`, 'the expression is nested more than 256 levels deep'],
    [`${'2^'.repeat(999)}t`, 'the expression is nested more than 256 levels deep'],
    [`${'sin('.repeat(65)}t${')'.repeat(65)}`, 'brackets are nested more than 64 deep (at position 260)'],
  ];

  it('has at least 50 attempts', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.map(([source, message]) => [source.length > 40 ? `${source.slice(0, 37)}...` : source, source, message]))(
    'refuses %j',
    (_label, source, message) => {
      expect(compileExpression(source)).toEqual({ ok: false, message });
    },
  );

  it('refuses a non-string without throwing', () => {
    expect(compileExpression(42 as unknown as string)).toEqual({
      ok: false,
      message: 'expected the expression as a string (got number)',
    });
    expect(compileExpression(null as unknown as string)).toEqual({
      ok: false,
      message: 'expected the expression as a string (got null)',
    });
  });

  it('leaves the mathjs instance untouched by refused attempts', () => {
    const before = Object.keys(math).length;
    compileExpression('import({x: 1}, {override: true})');
    compileExpression('createUnit("foo")');
    expect(Object.keys(math).length).toBe(before);
    expect(math.Unit.isValuelessUnit('foo')).toBe(false);
  });

  it('never throws, whatever the input', () => {
    const alphabet = fc.constantFrom(...'t pi e sin( ) [ ] { } , ; : ? = . " \' 1 2 + - * / ^ % ! < > & | ~ # \n \\ x import'.split(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''))), (source) => {
        const r = compileExpression(source);
        if (r.ok) expect(typeof r.fn(1)).toBe('number');
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
