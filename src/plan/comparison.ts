/**
 * The comparison report model: several simulated sides (scenario files or variants), each
 * summarised, the cost waterfall from the first side to each other, and, when asked, the
 * migration TCO, the simpler-model analysis and the feature-reuse analysis. Pure: the shell
 * runs the simulations and hands the results in.
 */
import type { RunReport } from '../report/model.js';
import type { RunResult } from '../sim/run.js';
import type { SimSpec } from '../sim/spec.js';
import type { ModelChoiceRow } from './model-choice.js';
import type { TcoResult } from './tco.js';
import { costFactors, waterfall, type Waterfall } from './waterfall.js';

export interface CompareSideInput {
  readonly label: string;
  readonly spec: SimSpec;
  readonly run: RunResult;
  readonly report: RunReport;
}

export interface CompareSide {
  readonly label: string;
  readonly report: RunReport;
}

export interface CompareReport {
  readonly capsimCompare: 1;
  readonly toolVersion: string;
  readonly sides: readonly CompareSide[];
  /** From sides[0] to sides[i], i ≥ 1. */
  readonly waterfalls: ReadonlyArray<{ readonly from: string; readonly to: string; readonly waterfall: Waterfall }>;
  readonly tco?: ReadonlyArray<{
    readonly from: string;
    readonly to: string;
    readonly migrationUsd: number;
    readonly dualRunningMonths: number;
    readonly currentMonthlyUsd: readonly number[];
    readonly targetMonthlyUsd: readonly number[];
    readonly result: TcoResult;
  }>;
  readonly models?: ReadonlyArray<{ readonly side: string; readonly workload: string; readonly options: readonly ModelChoiceRow[] }>;
  readonly featureReuse?: {
    readonly side: string;
    readonly withReuseUsd: number;
    readonly withoutReuseUsd: number;
    readonly storeCostUsd: number;
    readonly savingsUsd: number;
  };
}

export function buildCompareReport(
  sides: readonly CompareSideInput[],
  extras: Omit<CompareReport, 'capsimCompare' | 'sides' | 'waterfalls' | 'toolVersion'>,
  toolVersion: string,
): CompareReport {
  const base = sides[0]!;
  const baseFactors = costFactors(base.spec, base.run);
  return {
    capsimCompare: 1,
    toolVersion,
    sides: sides.map((s) => ({ label: s.label, report: s.report })),
    waterfalls: sides.slice(1).map((s) => ({ from: base.label, to: s.label, waterfall: waterfall(baseFactors, costFactors(s.spec, s.run)) })),
    ...extras,
  };
}
