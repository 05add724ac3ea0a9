import { CompensatedSum } from '../money.js';
import { SECONDS_PER_HOUR } from '../time.js';
import { type Commitment, commitmentRank, savingsFraction } from './commitment.js';

/**
 * One kind of usage the engine bills: an instance type in a region, usually one per pool. Lines
 * are declared once, up front, so the per-hour path only touches typed arrays.
 */
export interface UsageLine {
  readonly instanceType: string;
  readonly family: string;
  readonly region: string;
  readonly onDemandUsdPerHour: number;
}

/** One settled hour. The four money parts add up to totalUsd. */
export interface HourCost {
  /** On-demand usage no commitment covered. */
  onDemandUsd: number;
  /** Spot usage at the spot price(s) passed in, refunds included. */
  spotUsd: number;
  /** Commitment fees that paid for usage (usage × committed rate). */
  committedUsedUsd: number;
  /** Commitment fees nobody used: billed anyway. */
  committedUnusedUsd: number;
  totalUsd: number;
  onDemandSeconds: number;
  spotSeconds: number;
  /** Instance-seconds a commitment covered. */
  coveredSeconds: number;
}

export function emptyHourCost(): HourCost {
  return {
    onDemandUsd: 0,
    spotUsd: 0,
    committedUsedUsd: 0,
    committedUnusedUsd: 0,
    totalUsd: 0,
    onDemandSeconds: 0,
    spotSeconds: 0,
    coveredSeconds: 0,
  };
}

interface CompiledCommitment {
  readonly source: Commitment;
  /** Eligible lines in application order (SPs: highest savings first, ties lower rate first). */
  readonly lines: Int32Array;
  /** Committed USD per instance-hour, parallel to `lines`. */
  readonly rates: Float64Array;
}

// Commitment fees left below this after covering usage are float dust, not unused commitment.
const DUST_USD = 1e-12;

/**
 * Bills one pool (or one account) hour by hour (models.md §3.5, PRODUCT.md §4 Billing).
 *
 * Per hour the engine calls `addOnDemand` / `addSpot` for the instance-seconds that ran, then
 * `settleHour`, which
 *   1. bills every active commitment for the hour, used or not;
 *   2. applies them to the hour's on-demand usage: RIs first, then EC2 Instance Savings Plans,
 *      then Compute Savings Plans; a Savings Plan covers the lines with the highest savings
 *      versus on-demand first, `covered = min(usage, remaining / rate)`, until usage or
 *      commitment runs out;
 *   3. bills what is left at on-demand and spot at the prices passed in;
 * and resets for the next hour. Per-line and per-commitment splits of the settled hour stay
 * readable in the public typed arrays until the next `settleHour` (for workload attribution
 * and FOCUS rows).
 *
 * Nothing is allocated after construction. Seconds added to an hour are assumed to have run
 * in that hour; a commitment's hourly capacity is not carried between hours (use it or lose it).
 */
export class HourlyBiller {
  readonly lines: readonly UsageLine[];
  readonly commitments: readonly Commitment[];

  /** Per line, for the last settled hour. */
  readonly lineOnDemandUsd: Float64Array;
  readonly lineSpotUsd: Float64Array;
  readonly lineCommittedUsd: Float64Array;
  readonly lineOnDemandSeconds: Float64Array;
  readonly lineSpotSeconds: Float64Array;
  readonly lineCoveredSeconds: Float64Array;
  /** Per commitment (in the order given), for the last settled hour. */
  readonly commitmentUsedUsd: Float64Array;
  readonly commitmentUnusedUsd: Float64Array;

  private readonly onDemandSecondsAcc: Float64Array;
  private readonly spotSecondsAcc: Float64Array;
  private readonly spotUsdAcc: Float64Array;
  private readonly remaining: Float64Array;
  private readonly active: Uint8Array;
  private readonly order: Int32Array;
  private readonly compiled: CompiledCommitment[];
  private readonly sums = {
    onDemand: new CompensatedSum(),
    spot: new CompensatedSum(),
    used: new CompensatedSum(),
    unused: new CompensatedSum(),
  };

  constructor(lines: readonly UsageLine[], commitments: readonly Commitment[] = []) {
    for (const [i, line] of lines.entries()) {
      if (!(line.onDemandUsdPerHour >= 0)) throw new RangeError(`usage line ${i} (${line.instanceType}): on-demand rate must be >= 0`);
    }
    this.lines = lines;
    this.commitments = commitments;
    const n = lines.length;
    this.lineOnDemandUsd = new Float64Array(n);
    this.lineSpotUsd = new Float64Array(n);
    this.lineCommittedUsd = new Float64Array(n);
    this.lineOnDemandSeconds = new Float64Array(n);
    this.lineSpotSeconds = new Float64Array(n);
    this.lineCoveredSeconds = new Float64Array(n);
    this.onDemandSecondsAcc = new Float64Array(n);
    this.spotSecondsAcc = new Float64Array(n);
    this.spotUsdAcc = new Float64Array(n);
    this.remaining = new Float64Array(n);
    this.commitmentUsedUsd = new Float64Array(commitments.length);
    this.commitmentUnusedUsd = new Float64Array(commitments.length);
    this.active = new Uint8Array(commitments.length).fill(1);
    this.compiled = commitments.map((c, i) => compile(c, i, lines));
    const idx = commitments.map((_, i) => i);
    idx.sort((a, b) => commitmentRank(commitments[a]!) - commitmentRank(commitments[b]!) || a - b);
    this.order = Int32Array.from(idx);
  }

  /** On-demand instance-seconds that ran this hour on `line`; commitments may cover them. */
  addOnDemand(line: number, instanceSeconds: number): void {
    this.onDemandSecondsAcc[line]! += instanceSeconds;
  }

  /**
   * Spot instance-seconds at this hour's spot price. Negative seconds are refunds (AWS: a spot
   * run interrupted by AWS within its first hour is free; see runEndAdjustmentSeconds).
   */
  addSpot(line: number, instanceSeconds: number, spotUsdPerHour: number): void {
    this.spotSecondsAcc[line]! += instanceSeconds;
    this.spotUsdAcc[line]! += (instanceSeconds / SECONDS_PER_HOUR) * spotUsdPerHour;
  }

  /** Commitments outside their term are inactive: neither billed nor applied. */
  setCommitmentActive(index: number, active: boolean): void {
    this.active[index] = active ? 1 : 0;
  }

  /**
   * Close the hour: apply commitments, price everything, write the result into `out` (reused by
   * the caller to avoid allocation) and reset. `hourFraction` < 1 bills a partial last hour:
   * commitment fees and RI capacity scale with it.
   */
  settleHour(out: HourCost = emptyHourCost(), hourFraction = 1): HourCost {
    const n = this.lines.length;
    const remaining = this.remaining;
    let onDemandSeconds = 0;
    let spotSeconds = 0;
    let coveredSeconds = 0;
    for (let l = 0; l < n; l++) {
      remaining[l] = this.onDemandSecondsAcc[l]!;
      this.lineCommittedUsd[l] = 0;
      this.lineCoveredSeconds[l] = 0;
    }
    const { used: usedSum, unused: unusedSum } = this.sums;
    usedSum.reset();
    unusedSum.reset();

    for (let k = 0; k < this.order.length; k++) {
      const ci = this.order[k]!;
      const c = this.compiled[ci]!;
      if (this.active[ci] === 0) {
        this.commitmentUsedUsd[ci] = 0;
        this.commitmentUnusedUsd[ci] = 0;
        continue;
      }
      const src = c.source;
      let used = 0;
      let unused = 0;
      if (src.kind === 'reserved') {
        const capacitySeconds = src.instances * SECONDS_PER_HOUR * hourFraction;
        let left = capacitySeconds;
        for (let j = 0; j < c.lines.length && left > 0; j++) {
          const l = c.lines[j]!;
          const cover = Math.min(remaining[l]!, left);
          if (cover <= 0) continue;
          remaining[l]! -= cover;
          left -= cover;
          this.lineCoveredSeconds[l]! += cover;
          this.lineCommittedUsd[l]! += (cover / SECONDS_PER_HOUR) * src.usdPerHourPerInstance;
          coveredSeconds += cover;
        }
        used = ((capacitySeconds - left) / SECONDS_PER_HOUR) * src.usdPerHourPerInstance;
        unused = (left / SECONDS_PER_HOUR) * src.usdPerHourPerInstance;
      } else {
        const commit = src.commitUsdPerHour * hourFraction;
        let budget = commit;
        for (let j = 0; j < c.lines.length && budget > DUST_USD; j++) {
          const l = c.lines[j]!;
          const rate = c.rates[j]!;
          const usageHours = remaining[l]! / SECONDS_PER_HOUR;
          if (usageHours <= 0) continue;
          const coverHours = Math.min(usageHours, budget / rate);
          const coverSeconds = coverHours === usageHours ? remaining[l]! : coverHours * SECONDS_PER_HOUR;
          remaining[l]! -= coverSeconds;
          budget -= coverHours * rate;
          this.lineCoveredSeconds[l]! += coverSeconds;
          this.lineCommittedUsd[l]! += coverHours * rate;
          coveredSeconds += coverSeconds;
        }
        if (budget < DUST_USD) budget = 0;
        used = commit - budget;
        unused = budget;
      }
      this.commitmentUsedUsd[ci] = used;
      this.commitmentUnusedUsd[ci] = unused;
      usedSum.add(used);
      unusedSum.add(unused);
    }

    const { onDemand: odSum, spot: spotSum } = this.sums;
    odSum.reset();
    spotSum.reset();
    for (let l = 0; l < n; l++) {
      const od = (remaining[l]! / SECONDS_PER_HOUR) * this.lines[l]!.onDemandUsdPerHour;
      this.lineOnDemandUsd[l] = od;
      this.lineOnDemandSeconds[l] = remaining[l]!;
      this.lineSpotUsd[l] = this.spotUsdAcc[l]!;
      this.lineSpotSeconds[l] = this.spotSecondsAcc[l]!;
      odSum.add(od);
      spotSum.add(this.spotUsdAcc[l]!);
      onDemandSeconds += remaining[l]!;
      spotSeconds += this.spotSecondsAcc[l]!;
      this.onDemandSecondsAcc[l] = 0;
      this.spotSecondsAcc[l] = 0;
      this.spotUsdAcc[l] = 0;
    }

    out.onDemandUsd = odSum.value;
    out.spotUsd = spotSum.value;
    out.committedUsedUsd = usedSum.value;
    out.committedUnusedUsd = unusedSum.value;
    odSum.add(spotSum.value);
    odSum.add(usedSum.value);
    odSum.add(unusedSum.value);
    out.totalUsd = odSum.value;
    out.onDemandSeconds = onDemandSeconds;
    out.spotSeconds = spotSeconds;
    out.coveredSeconds = coveredSeconds;
    return out;
  }
}

function compile(c: Commitment, index: number, lines: readonly UsageLine[]): CompiledCommitment {
  const where = `commitment ${index} (${c.id})`;
  if (c.kind === 'reserved') {
    if (!(c.instances >= 0)) throw new RangeError(`${where}: instances must be >= 0`);
    if (!(c.usdPerHourPerInstance >= 0)) throw new RangeError(`${where}: hourly rate must be >= 0`);
    const eligible: number[] = [];
    lines.forEach((line, l) => {
      if (line.instanceType === c.instanceType && line.region === c.region) eligible.push(l);
    });
    return { source: c, lines: Int32Array.from(eligible), rates: new Float64Array(eligible.length).fill(c.usdPerHourPerInstance) };
  }
  if (!(c.commitUsdPerHour >= 0)) throw new RangeError(`${where}: commitUsdPerHour must be >= 0`);
  if (c.scope === 'ec2-instance' && !c.family) throw new RangeError(`${where}: an EC2 Instance Savings Plan needs a family`);
  const eligible: Array<{ line: number; rate: number; saving: number }> = [];
  lines.forEach((line, l) => {
    if (c.scope === 'ec2-instance' && line.family !== c.family) return;
    if (c.region !== undefined && line.region !== c.region) return;
    const rate = c.ratesUsdPerHour[line.instanceType];
    if (rate === undefined) return;
    if (!(rate > 0)) throw new RangeError(`${where}: rate for ${line.instanceType} must be > 0`);
    eligible.push({ line: l, rate, saving: savingsFraction(line.onDemandUsdPerHour, rate) });
  });
  eligible.sort((a, b) => b.saving - a.saving || a.rate - b.rate || a.line - b.line);
  return {
    source: c,
    lines: Int32Array.from(eligible, (e) => e.line),
    rates: Float64Array.from(eligible, (e) => e.rate),
  };
}
