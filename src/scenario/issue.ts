/**
 * One problem found in an input file, located precisely enough for an editor to jump to it.
 * Every validator in src/scenario collects these instead of throwing, so a user sees all of
 * their mistakes in one run.
 */
export interface Issue {
  readonly file: string;
  /** 1-based; 0 when the problem has no position (e.g. the file is unreadable). */
  readonly line: number;
  readonly col: number;
  /** Dotted path into the document, e.g. `pools.api.purchase.spotShare`; '' for the file itself. */
  readonly path: string;
  /** What is wrong, ending in "(got …; expected …)" where both are known. */
  readonly message: string;
}

/** `file:line:col path: message`, the format editors and CI annotators understand. */
export function formatIssue(issue: Issue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path),
  );
}

/** Renders a path segment list the way users write it: `workloads.0.slo`, `variants.x["a.b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    const s = String(seg);
    if (/^[A-Za-z0-9_$-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A short, safe rendering of a user-supplied value for the "got …" part of a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
