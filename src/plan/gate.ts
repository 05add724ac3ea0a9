/**
 * Cost and SLO gates for delivery pipelines: `--fail-if 'cost.total > 50000'` turns a result
 * into a pass/fail decision. A gate is a path into the report, a comparison and a number; it
 * fails when the comparison holds. Paths address workloads and pools by name.
 */
import type { RunReport } from '../report/model.js';

export type GateOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface Gate {
  readonly text: string;
  readonly path: readonly string[];
  readonly op: GateOp;
  readonly threshold: number;
}

export type GateParse = { ok: true; gate: Gate } | { ok: false; message: string };

const GATE = /^\s*([A-Za-z0-9_.$-]+)\s*(>=|<=|==|!=|>|<)\s*(.+?)\s*$/;

export function parseGate(text: string): GateParse {
  const m = GATE.exec(text);
  if (!m) {
    return { ok: false, message: `--fail-if: cannot read ${JSON.stringify(text)} (expected <path> <op> <number>, e.g. 'cost.total > 50000' or 'workloads.api.sloAttainment < 0.999')` };
  }
  const threshold = parseNumber(m[3]!);
  if (threshold === undefined) {
    return { ok: false, message: `--fail-if: ${JSON.stringify(m[3])} is not a number (in ${JSON.stringify(text)}; write 50000, 50,000, $50000 or 99.9%)` };
  }
  return { ok: true, gate: { text: text.trim(), path: m[1]!.split('.'), op: m[2] as GateOp, threshold } };
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/^\$/, '').replace(/,/g, '');
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(t);
  if (percent) return Number(percent[1]) / 100;
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

export type GateResult =
  | { readonly kind: 'passed'; readonly gate: Gate; readonly value: number }
  | { readonly kind: 'failed'; readonly gate: Gate; readonly value: number }
  | { readonly kind: 'unknown'; readonly gate: Gate; readonly message: string };

/** The report as the tree gates address: workloads and pools keyed by name. */
function gateRoot(report: RunReport): Record<string, unknown> {
  return {
    cost: report.summary.cost,
    workloads: Object.fromEntries(report.summary.workloads.map((w) => [w.name, w])),
    pools: Object.fromEntries(report.summary.pools.map((p) => [p.name, p])),
    ...(report.summary.featureStore ? { featureStore: report.summary.featureStore } : {}),
    ...(report.monteCarlo ? { monteCarlo: report.monteCarlo } : {}),
  };
}

export function evaluateGate(gate: Gate, report: RunReport): GateResult {
  let node: unknown = gateRoot(report);
  for (let i = 0; i < gate.path.length; i++) {
    const seg = gate.path[i]!;
    if (node === null || typeof node !== 'object' || !(seg in node)) {
      const here = gate.path.slice(0, i).join('.') || '(top)';
      const keys = node && typeof node === 'object' ? Object.keys(node).filter((k) => typeof (node as Record<string, unknown>)[k] !== 'function') : [];
      return { kind: 'unknown', gate, message: `--fail-if ${JSON.stringify(gate.text)}: no ${JSON.stringify(seg)} in ${here} (expected one of ${keys.join(', ') || 'nothing: it is a number'})` };
    }
    node = (node as Record<string, unknown>)[seg];
  }
  if (typeof node !== 'number') {
    return { kind: 'unknown', gate, message: `--fail-if ${JSON.stringify(gate.text)}: ${gate.path.join('.')} is not a number (it is ${node === null ? 'null' : Array.isArray(node) ? 'a list' : typeof node}; go one level deeper, e.g. .p99 or .total)` };
  }
  const value = node;
  const holds =
    gate.op === '>' ? value > gate.threshold
    : gate.op === '>=' ? value >= gate.threshold
    : gate.op === '<' ? value < gate.threshold
    : gate.op === '<=' ? value <= gate.threshold
    : gate.op === '==' ? value === gate.threshold
    : value !== gate.threshold;
  return { kind: holds ? 'failed' : 'passed', gate, value };
}
