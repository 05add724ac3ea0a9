import { RuntimeUserError, ValidationError } from '../model/errors.js';

/** Past this many, a broken multi-gigabyte file would drown the terminal; the rest are counted. */
const MAX_LISTED = 200;

/**
 * Collects every problem in an input instead of stopping at the first, formatted the way the
 * rest of capsim reports input errors: `file:line column: problem`.
 */
export class ProblemList {
  private readonly items: string[] = [];
  private total = 0;

  constructor(readonly file: string) {}

  add(problem: string, line?: number, column?: string): void {
    this.total++;
    if (this.items.length >= MAX_LISTED) return;
    const where = line === undefined ? this.file : `${this.file}:${line}`;
    this.items.push(column ? `${where} ${column}: ${problem}` : `${where}: ${problem}`);
  }

  get count(): number {
    return this.total;
  }

  lines(): string[] {
    const out = [...this.items];
    if (this.total > this.items.length) out.push(`… and ${this.total - this.items.length} more problems in ${this.file}`);
    return out;
  }

  /** Throws the ValidationError for the problems collected so far (at least one must be). */
  fail(what: string): never {
    this.throwIfAny(what);
    throw new ValidationError([`${this.file}: ${what}`]);
  }

  /** Throws a ValidationError (exit 2) listing every problem, if there is any. */
  throwIfAny(what: string): void {
    if (this.total === 0) return;
    const lines = this.lines();
    throw new ValidationError(lines, `${this.file}: ${this.total} problem${this.total === 1 ? '' : 's'} in ${what}:\n${lines.join('\n')}`);
  }
}

/** A user-facing error for a file that cannot be read at all. */
export function unreadable(path: string, err: unknown): RuntimeUserError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new RuntimeUserError(`${path}: no such file`);
  if (code === 'EISDIR') return new RuntimeUserError(`${path}: is a directory, expected a file`);
  if (code === 'EACCES') return new RuntimeUserError(`${path}: permission denied`);
  return new RuntimeUserError(`${path}: cannot read (${err instanceof Error ? err.message : String(err)})`);
}
