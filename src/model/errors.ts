/**
 * The closed set of errors a user can cause. Each carries the process exit code the CLI maps
 * it to (PRODUCT.md §2), so the one catch in src/cli never has to guess. Anything that is not a
 * CapsimError is a bug and is reported as one.
 */
export abstract class CapsimError extends Error {
  abstract readonly exitCode: number;
}

/** Bad flags, bad arguments, a gate expression that does not parse: exit 2. */
export class UsageError extends CapsimError {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** Input that failed validation; `lines` are already formatted `file:line:col path: problem`. Exit 2. */
export class ValidationError extends CapsimError {
  readonly exitCode = 2;
  override name = 'ValidationError';
  constructor(readonly lines: readonly string[], summary?: string) {
    super(summary ?? lines.join('\n'));
  }
}

/** The input was valid but the work cannot be done (missing file, over a resource cap): exit 1. */
export class RuntimeUserError extends CapsimError {
  readonly exitCode = 1;
  override name = 'RuntimeUserError';
}

/** The planner ran fine and nothing meets the SLO: exit 3. */
export class NoFeasibleConfigError extends CapsimError {
  readonly exitCode = 3;
  override name = 'NoFeasibleConfigError';
}

/** A cost or SLO gate (`--fail-if`, `diff --threshold`) failed: exit 4. */
export class GateFailedError extends CapsimError {
  readonly exitCode = 4;
  override name = 'GateFailedError';
}
