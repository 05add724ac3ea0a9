/**
 * Parses scenario text into a YAML document that remembers where every node came from, so any
 * later problem (a zod issue, a bad reference, a bad variant) can be reported at its line and
 * column. JSON files go through the same parser (JSON is YAML 1.2) after a strict JSON check.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Issue } from './issue.js';
import type { SourceText } from './source.js';

export type InputFormat = 'yaml' | 'json';

export interface ParsedSource {
  readonly source: SourceText;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data. */
  readonly data: unknown;
}

/** Aliases beyond this many expansions are an alias bomb ("billion laughs"), not a scenario. */
const MAX_ALIAS_COUNT = 100;
/** Flow collections nested deeper than this are hostile; the YAML parser recurses per level. */
export const MAX_NESTING = 128;
/** A broken file can yield one syntax error per character; the first few are the useful ones. */
const MAX_SYNTAX_ERRORS = 20;

export function formatFor(label: string): InputFormat {
  return /\.json$/i.test(label) ? 'json' : 'yaml';
}

export function parseSource(source: SourceText, format: InputFormat = formatFor(source.label)): { ok: true; parsed: ParsedSource } | { ok: false; issues: Issue[] } {
  const lineCounter = new LineCounter();
  const tooDeep = firstTooDeep(source.text);
  if (tooDeep >= 0) {
    const before = source.text.slice(0, tooDeep);
    const line = before.split('\n').length;
    const col = tooDeep - before.lastIndexOf('\n');
    return {
      ok: false,
      issues: [{ file: source.label, line, col, path: '', message: `nested too deeply (got more than ${MAX_NESTING} levels of [ and {; expected a scenario, which needs fewer than 10)` }],
    };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  } catch (err) {
    return { ok: false, issues: [fileIssue(source.label, parserCrash(err))] };
  }
  const issues: Issue[] = [];
  for (const e of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const [line, col] = linePos(lineCounter, e.pos[0]);
    issues.push({ file: source.label, line, col, path: '', message: `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${firstLine(e.message)}` });
  }
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    issues.push({ file: source.label, line: 0, col: 0, path: '', message: `${doc.errors.length - MAX_SYNTAX_ERRORS} more syntax errors not shown` });
  }
  if (issues.length > 0) return { ok: false, issues };

  if (format === 'json') {
    try {
      JSON.parse(source.text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const pos = /position (\d+)/.exec(message);
      const [line, col] = pos ? linePos(lineCounter, Number(pos[1])) : [0, 0];
      return { ok: false, issues: [{ file: source.label, line, col, path: '', message: `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}` }] };
    }
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      return { ok: false, issues: [fileIssue(source.label, `too many YAML alias expansions (got more than ${MAX_ALIAS_COUNT}; expected a plain scenario: this looks like an alias bomb)`)] };
    }
    return { ok: false, issues: [fileIssue(source.label, parserCrash(err))] };
  }
  if (data === null || data === undefined) {
    return { ok: false, issues: [fileIssue(source.label, 'is empty (expected a scenario mapping starting with schemaVersion: 1)')] };
  }
  return { ok: true, parsed: { source, doc, lineCounter, data } };
}

/**
 * Line and column of the value at `path`, or of the key itself when `atKey` is set (used for
 * unknown keys). Falls back to the nearest ancestor that exists (a missing key is reported
 * at its parent).
 */
export function positionOf(parsed: ParsedSource, path: readonly PropertyKey[], atKey = false): [number, number] {
  const segments = path.map((p) => (typeof p === 'number' ? p : String(p)));
  for (let n = segments.length; n >= 0; n--) {
    const prefix = segments.slice(0, n);
    if (atKey && n === segments.length && n > 0) {
      const parent = n === 1 ? parsed.doc.contents : parsed.doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const wanted = prefix[n - 1];
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(wanted));
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) return linePos(parsed.lineCounter, keyNode.range[0]);
      }
    }
    const node = n === 0 ? parsed.doc.contents : (parsed.doc.getIn(prefix, true) as Node | undefined);
    if (node && typeof node === 'object' && 'range' in node && node.range) return linePos(parsed.lineCounter, node.range[0]);
  }
  return [1, 1];
}

/** Offset where flow nesting first exceeds MAX_NESTING, or -1. Quoted text and comments are skipped. */
function firstTooDeep(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote only opens a scalar at the start of a value; inside plain words it is literal.
      const prev = text[i - 1];
      if (prev === undefined || ' \t\n[{,:'.includes(prev)) quote = c;
    } else if (c === '#') {
      const prev = text[i - 1];
      if (prev === undefined || prev === ' ' || prev === '\t' || prev === '\n') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      }
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

function linePos(lineCounter: LineCounter, offset: number): [number, number] {
  const pos = lineCounter.linePos(offset);
  return [pos.line, pos.col];
}

function fileIssue(file: string, message: string): Issue {
  return { file, line: 0, col: 0, path: '', message };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function parserCrash(err: unknown): string {
  if (err instanceof RangeError) return 'is nested too deeply to parse (expected a scenario, not thousands of nested levels)';
  return `could not be parsed (${err instanceof Error ? err.message : String(err)})`;
}
