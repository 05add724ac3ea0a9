import type { MathNode, OperatorNode, OperatorNodeFn, OperatorNodeOp } from 'mathjs';
import { math } from './math.js';
import { editDistance } from './suggest.js';

/**
 * `load.expression`: a formula of `t` (hours since the start) that scenario files may contain.
 *
 * mathjs does the parsing only. Its `evaluate` is a full language (`import`, `createUnit`,
 * assignment, functions) and costs microseconds per call, so the tree is checked against a
 * whitelist and turned into a tree of plain closures. The closures use the same number
 * semantics as mathjs for everything allowed (mod of negatives, tolerant comparisons, floor that
 * snaps values within 1e-12 of an integer); where mathjs would return a complex number
 * (`sqrt(-1)`) the closure returns NaN, which the simulation core reports.
 */
export type Expression = (tHours: number) => number;
export type CompileResult = { ok: true; fn: Expression } | { ok: false; message: string };

export const MAX_EXPRESSION_LENGTH = 2000;
/** Brackets, checked before parsing so mathjs's recursive descent never sees deep input. */
export const MAX_BRACKET_DEPTH = 64;
/** Tree depth; also bounds the closure call depth per evaluation. */
export const MAX_TREE_DEPTH = 256;

type F1 = (x: number) => number;
type F2 = (x: number, y: number) => number;
/** A compiled node: a number when it does not depend on t (folded at compile time), else a closure. */
type Compiled = number | Expression;

interface FunctionSpec {
  readonly one?: F1;
  readonly two?: F2;
  /** Folded left over the arguments, for min and max. */
  readonly variadic?: F2;
  readonly usage: string;
}

// mathjs's default relTol and absTol: comparisons and floor/ceil/mod must agree with mathjs,
// or `floor(0.1*3*10)` would be 2 here and 3 in every mathjs-based tool a user checks against.
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}
const round: F1 = (x) => (x < 0 ? -Math.round(-x) : Math.round(x));
const floor: F1 = (x) => {
  const f = Math.floor(x);
  const r = round(x);
  return f !== r && nearlyEqual(x, r) && !nearlyEqual(x, f) ? r : f;
};
const ceil: F1 = (x) => {
  const c = Math.ceil(x);
  const r = round(x);
  return c !== r && nearlyEqual(x, r) && !nearlyEqual(x, c) ? r : c;
};
const mod: F2 = (x, y) => (y === 0 ? x : x - y * floor(x / y));
const pow: F2 = (x, y) =>
  (x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity) ? 0 : Math.pow(x, y);
const log2: F2 = (x, base) => Math.log(x) / Math.log(base);

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ['sin', { one: Math.sin, usage: 'sin(x)' }],
  ['cos', { one: Math.cos, usage: 'cos(x)' }],
  ['tan', { one: Math.tan, usage: 'tan(x)' }],
  ['asin', { one: Math.asin, usage: 'asin(x)' }],
  ['acos', { one: Math.acos, usage: 'acos(x)' }],
  ['atan', { one: Math.atan, usage: 'atan(x)' }],
  ['atan2', { two: Math.atan2, usage: 'atan2(y, x)' }],
  ['sinh', { one: Math.sinh, usage: 'sinh(x)' }],
  ['cosh', { one: Math.cosh, usage: 'cosh(x)' }],
  ['tanh', { one: Math.tanh, usage: 'tanh(x)' }],
  ['exp', { one: Math.exp, usage: 'exp(x)' }],
  ['log', { one: Math.log, two: log2, usage: 'log(x) or log(x, base)' }],
  ['log10', { one: Math.log10, usage: 'log10(x)' }],
  ['log2', { one: Math.log2, usage: 'log2(x)' }],
  ['sqrt', { one: Math.sqrt, usage: 'sqrt(x)' }],
  ['cbrt', { one: Math.cbrt, usage: 'cbrt(x)' }],
  ['abs', { one: Math.abs, usage: 'abs(x)' }],
  ['sign', { one: Math.sign, usage: 'sign(x)' }],
  ['floor', { one: floor, usage: 'floor(x)' }],
  ['ceil', { one: ceil, usage: 'ceil(x)' }],
  ['round', { one: round, usage: 'round(x)' }],
  ['min', { variadic: Math.min, usage: 'min(a, b, ...)' }],
  ['max', { variadic: Math.max, usage: 'max(a, b, ...)' }],
  ['pow', { two: pow, usage: 'pow(x, y)' }],
  ['mod', { two: mod, usage: 'mod(x, y)' }],
]);

const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

const bool = (b: boolean): number => (b ? 1 : 0);
const COMPARISONS: ReadonlyMap<string, F2> = new Map<string, F2>([
  ['smaller', (x, y) => bool(x < y && !nearlyEqual(x, y))],
  ['larger', (x, y) => bool(x > y && !nearlyEqual(x, y))],
  ['smallerEq', (x, y) => bool(x <= y || nearlyEqual(x, y))],
  ['largerEq', (x, y) => bool(x >= y || nearlyEqual(x, y))],
  ['equal', (x, y) => bool(nearlyEqual(x, y))],
  ['unequal', (x, y) => bool(!nearlyEqual(x, y))],
]);

export const EXPRESSION_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys()];
const ALLOWED_FUNCTIONS = EXPRESSION_FUNCTIONS.join(', ');
const ALLOWED_NAMES = 't (time in hours), pi and e';
const ALLOWED_OPERATORS = '+ - * / ^ % (mod), < <= > >= == !=, and, or, not, and c ? a : b';

/** Internal control flow: the walk throws one of these, compileExpression turns it into a result. */
class Refusal {
  constructor(readonly message: string) {}
}

export function compileExpression(source: string): CompileResult {
  try {
    const fn = compileOrRefuse(source);
    return { ok: true, fn };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, message: err.message };
    if (err instanceof RangeError) return { ok: false, message: 'the expression is nested too deeply' };
    return { ok: false, message: `cannot compile the expression: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function compileOrRefuse(source: unknown): Expression {
  if (typeof source !== 'string') {
    throw new Refusal(`expected the expression as a string (got ${source === null ? 'null' : typeof source})`);
  }
  if (source.trim() === '') throw new Refusal('the expression is empty');
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new Refusal(`the expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`);
  }
  checkCharacters(source);
  checkBracketDepth(source);
  const compiled = compile(parse(source), 0);
  if (typeof compiled === 'number') return () => compiled;
  return compiled;
}

// Non-ASCII letters are where homoglyphs (Cyrillic "ѕin"), zero-width joiners and look-alike
// quotes hide; mathjs accepts some of them in names, so they are refused up front.
function checkCharacters(source: string): void {
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || code === 0x09 || code === 0x0a || code === 0x0d) continue;
    const char = String.fromCodePoint(source.codePointAt(i) ?? code);
    const hex = (source.codePointAt(i) ?? code).toString(16).toUpperCase().padStart(4, '0');
    const hint = char === 'π' ? '; write pi instead of π' : '; expressions are written in plain ASCII';
    throw new Refusal(`character ${JSON.stringify(char)} (U+${hex}) at position ${i + 1} is not allowed${hint}`);
  }
}

function checkBracketDepth(source: string): void {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_BRACKET_DEPTH) {
        throw new Refusal(`brackets are nested more than ${MAX_BRACKET_DEPTH} deep (at position ${i + 1})`);
      }
    } else if (c === ')' || c === ']' || c === '}') depth--;
  }
}

function parse(source: string): MathNode {
  try {
    return math.parse(source);
  } catch (err) {
    if (err instanceof RangeError) throw new Refusal('the expression is nested too deeply');
    const message = err instanceof Error ? err.message : String(err);
    const char = (err as { char?: unknown }).char;
    if (typeof char === 'number') {
      const what = message.replace(/\s*\(char \d+\)$/, '');
      throw new Refusal(`syntax error at character ${char}: ${what}`);
    }
    throw new Refusal(`syntax error: ${message}`);
  }
}

function compile(node: MathNode, depth: number): Compiled {
  if (depth > MAX_TREE_DEPTH) throw new Refusal(`the expression is nested more than ${MAX_TREE_DEPTH} levels deep`);
  const next = depth + 1;
  if (math.isConstantNode(node)) return constant(node.value as unknown);
  if (math.isSymbolNode(node)) return symbol(node.name);
  if (math.isParenthesisNode(node)) return compile(node.content, next);
  if (math.isOperatorNode(node)) return checkedConstant(operator(node, next), node);
  if (math.isFunctionNode(node)) return checkedConstant(call(node.fn, node.args, next), node);
  if (math.isConditionalNode(node)) {
    const cond = compile(node.condition, next);
    const yes = compile(node.trueExpr, next);
    const no = compile(node.falseExpr, next);
    if (typeof cond === 'number') return cond ? yes : no;
    const fy = lift(yes);
    const fn = lift(no);
    return (t) => (cond(t) ? fy(t) : fn(t));
  }
  if (math.isRelationalNode(node)) return checkedConstant(relational(node.conditionals, node.params, next), node);
  throw new Refusal(refusedNode(node));
}

function refusedNode(node: MathNode): string {
  const text = snippet(node);
  if (math.isBlockNode(node)) return `only one expression is allowed, without ";" or line breaks between statements: ${text}`;
  if (math.isAssignmentNode(node)) return `assignment is not allowed: ${text}; write a single formula of t`;
  if (math.isFunctionAssignmentNode(node)) return `defining functions is not allowed: ${text}; write a single formula of t`;
  if (math.isAccessorNode(node) || math.isIndexNode(node)) return `property and index access is not allowed: ${text}`;
  if (math.isArrayNode(node)) return `arrays and matrices are not allowed: ${text}`;
  if (math.isObjectNode(node)) return `objects are not allowed: ${text}`;
  if (math.isRangeNode(node)) return `ranges are not allowed: ${text}`;
  return `${node.type} is not allowed: ${text}`;
}

function constant(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new Refusal('NaN is not allowed; the expression must give a number');
    if (!Number.isFinite(value)) throw new Refusal('a number in the expression is too large (it overflows to Infinity)');
    return value;
  }
  if (typeof value === 'string') throw new Refusal(`strings are not allowed: ${JSON.stringify(value)}`);
  if (typeof value === 'boolean') throw new Refusal('true and false are not allowed; use 1 and 0');
  throw new Refusal(`${String(value)} is not allowed; expressions work on numbers only`);
}

function symbol(name: string): Compiled {
  if (name === 't') return identity;
  const value = CONSTANTS.get(name);
  if (value !== undefined) return value;
  if (FUNCTIONS.has(name)) throw new Refusal(`"${name}" is a function; call it like ${name}(t)`);
  const suggestion = suggest(name, ['t', ...CONSTANTS.keys()], false);
  if (suggestion !== undefined) {
    throw new Refusal(`unknown name "${name}" (did you mean "${suggestion}"?); the only names are ${ALLOWED_NAMES}`);
  }
  if (isUnit(name)) {
    throw new Refusal(`units are not allowed: "${name}"; the expression gives a plain number in the load's own unit`);
  }
  throw new Refusal(`unknown name "${shorten(name)}"; the only names are ${ALLOWED_NAMES}`);
}

const identity: Expression = (t) => t;

const UNARY: ReadonlyMap<string, F1 | null> = new Map<string, F1 | null>([
  ['unaryMinus', (x) => -x],
  ['unaryPlus', null],
  ['not', (x) => (x ? 0 : 1)],
]);
const BINARY: ReadonlyMap<string, F2> = new Map<string, F2>([
  ['pow', pow],
  ['mod', mod],
  ['and', (x, y) => (x && y ? 1 : 0)],
  ['or', (x, y) => (x || y ? 1 : 0)],
  ...COMPARISONS,
]);

function operator(node: OperatorNode<OperatorNodeOp, OperatorNodeFn>, depth: number): Compiled {
  const fn: string = node.fn;
  const args = node.args;
  const [left, right] = args;
  if ((node as { isPercentage?: unknown }).isPercentage === true) {
    throw new Refusal('percent signs are not allowed (mathjs reads "x - 10%" as x minus 10% of x); write a fraction such as 0.1');
  }
  if ((fn === 'multiply' && node.implicit && isDivision(left)) || (fn === 'divide' && isImplicitProduct(right))) {
    throw new Refusal(
      `implicit multiplication next to "/" is ambiguous: ${snippet(node)}; write "*" and brackets, e.g. (1 / 2) * t or 1 / (2 * t)`,
    );
  }
  if (args.length === 1 && left !== undefined && UNARY.has(fn)) {
    const f = UNARY.get(fn);
    const a = compile(left, depth);
    return f ? map1(a, f) : a;
  }
  if (args.length === 2 && left !== undefined && right !== undefined) {
    const binary = BINARY.get(fn);
    const known = binary !== undefined || fn === 'add' || fn === 'subtract' || fn === 'multiply' || fn === 'divide';
    if (known) {
      const a = compile(left, depth);
      const b = compile(right, depth);
      if (binary !== undefined) return map2(a, b, binary);
      return arithmetic(fn, a, b);
    }
  }
  throw new Refusal(`operator "${node.op}" is not allowed: ${snippet(node)}; allowed operators: ${ALLOWED_OPERATORS}`);
}

// + - * / are most of any load formula; closures specialised for a constant side save a call
// per step, which is much of what makes the compiled form fast.
function arithmetic(fn: string, a: Compiled, b: Compiled): Compiled {
  if (typeof a === 'number' && typeof b === 'number') {
    if (fn === 'add') return a + b;
    if (fn === 'subtract') return a - b;
    if (fn === 'multiply') return a * b;
    return a / b;
  }
  if (typeof a === 'number' && typeof b !== 'number') {
    if (fn === 'add') return (t) => a + b(t);
    if (fn === 'subtract') return (t) => a - b(t);
    if (fn === 'multiply') return (t) => a * b(t);
    return (t) => a / b(t);
  }
  if (typeof a !== 'number' && typeof b === 'number') {
    if (fn === 'add') return (t) => a(t) + b;
    if (fn === 'subtract') return (t) => a(t) - b;
    if (fn === 'multiply') return (t) => a(t) * b;
    return (t) => a(t) / b;
  }
  const fa = a as Expression;
  const fb = b as Expression;
  if (fn === 'add') return (t) => fa(t) + fb(t);
  if (fn === 'subtract') return (t) => fa(t) - fb(t);
  if (fn === 'multiply') return (t) => fa(t) * fb(t);
  return (t) => fa(t) / fb(t);
}

function isDivision(node: MathNode | undefined): boolean {
  return node !== undefined && math.isOperatorNode(node) && node.fn === 'divide';
}

function isImplicitProduct(node: MathNode | undefined): boolean {
  return node !== undefined && math.isOperatorNode(node) && node.fn === 'multiply' && node.implicit;
}

function call(fnNode: unknown, argNodes: readonly MathNode[], depth: number): Compiled {
  if (!math.isSymbolNode(fnNode)) {
    if (math.isNode(fnNode)) compile(fnNode, depth);
    throw new Refusal(`only named functions can be called; allowed functions: ${ALLOWED_FUNCTIONS}`);
  }
  const name = fnNode.name;
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) throw new Refusal(refusedFunction(name));
  const args = argNodes.map((a) => compile(a, depth));
  const [a, b] = args;
  if (spec.variadic !== undefined && a !== undefined) {
    return args.slice(1).reduce<Compiled>((acc, x) => map2(acc, x, spec.variadic!), a);
  }
  if (args.length === 1 && spec.one !== undefined && a !== undefined) return map1(a, spec.one);
  if (args.length === 2 && spec.two !== undefined && a !== undefined && b !== undefined) return map2(a, b, spec.two);
  const count = `${args.length} argument${args.length === 1 ? '' : 's'}`;
  throw new Refusal(`${name}() was given ${count}; use ${spec.usage}`);
}

function refusedFunction(name: string): string {
  if (name === 't' || CONSTANTS.has(name)) return `"${name}" is not a function`;
  if (isMathjsFunction(name)) return `function "${name}" is not allowed; allowed functions: ${ALLOWED_FUNCTIONS}`;
  const suggestion = suggest(name, EXPRESSION_FUNCTIONS, true);
  const did = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown function "${shorten(name)}"${did}; allowed functions: ${ALLOWED_FUNCTIONS}`;
}

function relational(conditionals: readonly string[], paramNodes: readonly MathNode[], depth: number): Compiled {
  const compares = conditionals.map((c) => {
    const f = COMPARISONS.get(c);
    if (f === undefined) throw new Refusal(`comparison "${c}" is not allowed; allowed operators: ${ALLOWED_OPERATORS}`);
    return f;
  });
  const params = paramNodes.map((p) => compile(p, depth));
  if (params.length !== compares.length + 1) throw new Refusal('malformed comparison chain');
  if (params.every((p) => typeof p === 'number')) {
    const values = params as number[];
    return bool(compares.every((f, i) => f(values[i]!, values[i + 1]!) === 1));
  }
  const fs = params.map(lift);
  return (t) => {
    let prev = fs[0]!(t);
    for (let i = 0; i < compares.length; i++) {
      const nextValue = fs[i + 1]!(t);
      if (compares[i]!(prev, nextValue) === 0) return 0;
      prev = nextValue;
    }
    return 1;
  };
}

function lift(c: Compiled): Expression {
  return typeof c === 'number' ? () => c : c;
}

function map1(a: Compiled, f: F1): Compiled {
  if (typeof a === 'number') return f(a);
  return (t) => f(a(t));
}

function map2(a: Compiled, b: Compiled, f: F2): Compiled {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const fa = lift(a);
  const fb = lift(b);
  return (t) => f(fa(t), fb(t));
}

/** A subtree without t is folded once; if it is not a finite number no step of the run can be. */
function checkedConstant(c: Compiled, node: MathNode): Compiled {
  if (typeof c === 'number' && !Number.isFinite(c)) {
    throw new Refusal(`${snippet(node)} does not give a finite number (it is ${c}); the expression must stay finite`);
  }
  return c;
}

function isUnit(name: string): boolean {
  try {
    return /^[A-Za-z]+$/.test(name) && math.Unit.isValuelessUnit(name);
  } catch {
    return false;
  }
}

function isMathjsFunction(name: string): boolean {
  return Object.hasOwn(math, name) && typeof (math as unknown as Record<string, unknown>)[name] === 'function';
}

/** A case-insensitive match, or for unknown words a close spelling ("sine" → "sin"). */
function suggest(name: string, candidates: readonly string[], fuzzy: boolean): string | undefined {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact !== undefined || !fuzzy || name.length > 20) return exact;
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function snippet(node: MathNode): string {
  let text: string;
  try {
    text = node.toString();
  } catch {
    text = node.type;
  }
  return shorten(text);
}

function shorten(raw: string): string {
  const text = raw.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
