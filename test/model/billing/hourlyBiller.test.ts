import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CompensatedSum, roundCents } from '../../../src/model/money.js';
import {
  AWS_PER_SECOND,
  HourlyBiller,
  emptyHourCost,
  reservedEffectiveUsdPerHour,
  runEndAdjustmentSeconds,
  TERM_HOURS,
  type Commitment,
  type UsageLine,
} from '../../../src/model/billing/index.js';

const M5_LARGE: UsageLine = { instanceType: 'm5.large', family: 'm5', region: 'us-east-1', onDemandUsdPerHour: 0.096 };
const M5_XLARGE: UsageLine = { instanceType: 'm5.xlarge', family: 'm5', region: 'us-east-1', onDemandUsdPerHour: 0.192 };
const C5_LARGE: UsageLine = { instanceType: 'c5.large', family: 'c5', region: 'us-east-1', onDemandUsdPerHour: 0.085 };

function runHours(biller: HourlyBiller, hours: number, perHour: (b: HourlyBiller) => void) {
  const totals = { total: new CompensatedSum(), od: new CompensatedSum(), spot: new CompensatedSum(), used: new CompensatedSum(), unused: new CompensatedSum() };
  const out = emptyHourCost();
  for (let h = 0; h < hours; h++) {
    perHour(biller);
    biller.settleHour(out);
    totals.total.add(out.totalUsd);
    totals.od.add(out.onDemandUsd);
    totals.spot.add(out.spotUsd);
    totals.used.add(out.committedUsedUsd);
    totals.unused.add(out.committedUnusedUsd);
  }
  return { total: totals.total.value, onDemand: totals.od.value, spot: totals.spot.value, used: totals.used.value, unused: totals.unused.value };
}

describe('HourlyBiller: hand-computed bills', () => {
  it('10 × m5.large on-demand for 720 h = $691.20 exactly', () => {
    // 10 instances × 720 h × $0.096 = $691.20
    const biller = new HourlyBiller([M5_LARGE]);
    const bill = runHours(biller, 720, (b) => b.addOnDemand(0, 10 * 3600));
    expect(roundCents(bill.total)).toBe(691.2);
    expect(Math.abs(bill.total - 691.2)).toBeLessThan(1e-9);
    expect(bill.onDemand).toBe(bill.total);
  });

  it('the same bill is independent of how the hour is chopped into steps', () => {
    const biller = new HourlyBiller([M5_LARGE]);
    const bill = runHours(biller, 720, (b) => {
      for (let minute = 0; minute < 60; minute++) b.addOnDemand(0, 10 * 60);
    });
    expect(roundCents(bill.total)).toBe(691.2);
  });

  it('a Savings Plan only half used still bills the whole commitment', () => {
    // Commit $0.12/h at an SP rate of $0.06/h for m5.large: capacity for 2 instances.
    // One instance runs: it is covered ($0.06 used), $0.06 is unused, nothing is on-demand.
    // 730 h: used 43.80 + unused 43.80 = $87.60; all on-demand would have been $70.08.
    const sp: Commitment = { kind: 'savings-plan', id: 'sp-1', scope: 'compute', commitUsdPerHour: 0.12, ratesUsdPerHour: { 'm5.large': 0.06 } };
    const biller = new HourlyBiller([M5_LARGE], [sp]);
    const bill = runHours(biller, 730, (b) => b.addOnDemand(0, 3600));
    expect(roundCents(bill.used)).toBe(43.8);
    expect(roundCents(bill.unused)).toBe(43.8);
    expect(bill.onDemand).toBe(0);
    expect(roundCents(bill.total)).toBe(87.6);
    expect(biller.commitmentUsedUsd[0]).toBeCloseTo(0.06, 12);
    expect(biller.commitmentUnusedUsd[0]).toBeCloseTo(0.06, 12);
  });

  it('a Reserved Instance block half used: 4 RIs, 2 instances running', () => {
    // Partial upfront 1y: $294 upfront + $0.034/h → 294/8760 + 0.034 = $0.0675616…/h per RI.
    const rate = reservedEffectiveUsdPerHour({ upfrontUsd: 294, recurringUsdPerHour: 0.034, termHours: TERM_HOURS['1y'] });
    expect(rate).toBeCloseTo(294 / 8760 + 0.034, 15);
    const ri: Commitment = { kind: 'reserved', id: 'ri-1', instanceType: 'm5.large', region: 'us-east-1', instances: 4, usdPerHourPerInstance: rate };
    const biller = new HourlyBiller([M5_LARGE], [ri]);
    const out = biller.settleHour(emptyHourCost());
    expect(out.committedUnusedUsd).toBeCloseTo(4 * rate, 12); // an idle hour still costs 4 RIs
    biller.addOnDemand(0, 2 * 3600);
    biller.settleHour(out);
    expect(out.committedUsedUsd).toBeCloseTo(2 * rate, 12);
    expect(out.committedUnusedUsd).toBeCloseTo(2 * rate, 12);
    expect(out.onDemandUsd).toBe(0);
    expect(out.coveredSeconds).toBe(7200);
    // Six instances: four covered, two at on-demand.
    biller.addOnDemand(0, 6 * 3600);
    biller.settleHour(out);
    expect(out.committedUnusedUsd).toBe(0);
    expect(out.onDemandUsd).toBeCloseTo(2 * 0.096, 12);
    expect(out.totalUsd).toBeCloseTo(4 * rate + 2 * 0.096, 12);
  });

  it('a Savings Plan covers the highest-savings usage first and the rest goes on-demand', () => {
    // m5.large saves 1 − 0.06/0.096 = 37.5 %; c5.large saves 1 − 0.06/0.085 = 29.4 %.
    // Commit $0.15/h: 2 m5.large-hours at $0.06 = $0.12, then $0.03 buys 0.5 c5.large-hours;
    // the other 1.5 c5.large-hours are on-demand: 1.5 × 0.085 = $0.1275.
    const sp: Commitment = { kind: 'savings-plan', id: 'csp', scope: 'compute', commitUsdPerHour: 0.15, ratesUsdPerHour: { 'm5.large': 0.06, 'c5.large': 0.06 } };
    const biller = new HourlyBiller([C5_LARGE, M5_LARGE], [sp]);
    biller.addOnDemand(0, 2 * 3600);
    biller.addOnDemand(1, 2 * 3600);
    const out = biller.settleHour();
    expect(out.committedUsedUsd).toBeCloseTo(0.15, 12);
    expect(out.committedUnusedUsd).toBe(0);
    expect(out.onDemandUsd).toBeCloseTo(0.1275, 12);
    expect(biller.lineCoveredSeconds[1]).toBe(7200);
    expect(biller.lineCoveredSeconds[0]).toBeCloseTo(1800, 9);
    expect(biller.lineOnDemandSeconds[0]).toBeCloseTo(5400, 9);
  });

  it('applies RIs before EC2 Instance SPs before Compute SPs, whatever order they are given in', () => {
    const csp: Commitment = { kind: 'savings-plan', id: 'csp', scope: 'compute', commitUsdPerHour: 0.07, ratesUsdPerHour: { 'm5.large': 0.07, 'm5.xlarge': 0.14 } };
    const isp: Commitment = { kind: 'savings-plan', id: 'isp', scope: 'ec2-instance', family: 'm5', region: 'us-east-1', commitUsdPerHour: 0.05, ratesUsdPerHour: { 'm5.large': 0.05, 'm5.xlarge': 0.1 } };
    const ri: Commitment = { kind: 'reserved', id: 'ri', instanceType: 'm5.large', region: 'us-east-1', instances: 1, usdPerHourPerInstance: 0.04 };
    const biller = new HourlyBiller([M5_LARGE, M5_XLARGE], [csp, isp, ri]);
    biller.addOnDemand(0, 2 * 3600); // 2 × m5.large
    biller.addOnDemand(1, 3600); // 1 × m5.xlarge
    const out = biller.settleHour();
    // RI takes one m5.large. ISP ($0.05) sorts m5.large and m5.xlarge by savings:
    // m5.large 1 − .05/.096 = 47.9 %, m5.xlarge 1 − .1/.192 = 47.9 %: a tie, lower rate first →
    // the second m5.large (1 h × 0.05). CSP ($0.07) then buys 0.5 h of m5.xlarge at 0.14.
    expect(biller.commitmentUsedUsd[2]).toBeCloseTo(0.04, 12);
    expect(biller.commitmentUsedUsd[1]).toBeCloseTo(0.05, 12);
    expect(biller.commitmentUsedUsd[0]).toBeCloseTo(0.07, 12);
    expect(biller.lineOnDemandSeconds[0]).toBe(0);
    expect(biller.lineOnDemandSeconds[1]).toBeCloseTo(1800, 9);
    expect(out.onDemandUsd).toBeCloseTo(0.5 * 0.192, 12);
    expect(out.totalUsd).toBeCloseTo(0.04 + 0.05 + 0.07 + 0.096, 12);
  });

  it('an EC2 Instance SP does not cover other families; an inactive commitment costs nothing', () => {
    const isp: Commitment = { kind: 'savings-plan', id: 'isp', scope: 'ec2-instance', family: 'm5', commitUsdPerHour: 0.1, ratesUsdPerHour: { 'c5.large': 0.05 } };
    const biller = new HourlyBiller([C5_LARGE], [isp]);
    biller.addOnDemand(0, 3600);
    let out = biller.settleHour();
    expect(out.onDemandUsd).toBeCloseTo(0.085, 12);
    expect(out.committedUnusedUsd).toBeCloseTo(0.1, 12);
    biller.setCommitmentActive(0, false);
    biller.addOnDemand(0, 3600);
    out = biller.settleHour();
    expect(out.totalUsd).toBeCloseTo(0.085, 12);
  });

  it('spot is billed at the price passed in, and a first-hour AWS interruption is refunded', () => {
    const biller = new HourlyBiller([M5_LARGE]);
    // One spot instance runs 40 minutes at $0.035/h, then AWS interrupts it.
    biller.addSpot(0, 2400, 0.035);
    const refund = runEndAdjustmentSeconds(AWS_PER_SECOND, 2400, 'provider-interruption', true);
    expect(refund).toBe(-2400);
    biller.addSpot(0, refund, 0.035);
    const out = biller.settleHour();
    expect(out.spotUsd).toBeCloseTo(0, 15);
    expect(out.totalUsd).toBeCloseTo(0, 15);
  });

  it('bills a partial last hour pro rata for commitments', () => {
    const ri: Commitment = { kind: 'reserved', id: 'ri', instanceType: 'm5.large', region: 'us-east-1', instances: 2, usdPerHourPerInstance: 0.06 };
    const biller = new HourlyBiller([M5_LARGE], [ri]);
    biller.addOnDemand(0, 1800);
    const out = biller.settleHour(emptyHourCost(), 0.5);
    expect(out.committedUsedUsd).toBeCloseTo(0.03, 12);
    expect(out.committedUnusedUsd).toBeCloseTo(0.03, 12);
  });

  it('rejects a negative rate and an EC2 Instance SP without a family', () => {
    expect(() => new HourlyBiller([{ ...M5_LARGE, onDemandUsdPerHour: -1 }])).toThrow(/on-demand rate/);
    expect(() => new HourlyBiller([M5_LARGE], [{ kind: 'savings-plan', id: 'x', scope: 'ec2-instance', commitUsdPerHour: 1, ratesUsdPerHour: {} }])).toThrow(/family/);
  });
});

describe('HourlyBiller: invariants (property-based)', () => {
  const lines = [M5_LARGE, M5_XLARGE, C5_LARGE];
  it('total = on-demand + spot + committed; committed = the sum of commitment fees; coverage never exceeds usage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50 * 3600, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        (seconds, commit, instances) => {
          const commitments: Commitment[] = [
            { kind: 'reserved', id: 'ri', instanceType: 'm5.xlarge', region: 'us-east-1', instances, usdPerHourPerInstance: 0.12 },
            { kind: 'savings-plan', id: 'sp', scope: 'compute', commitUsdPerHour: commit, ratesUsdPerHour: { 'm5.large': 0.061, 'm5.xlarge': 0.122, 'c5.large': 0.058 } },
          ];
          const b = new HourlyBiller(lines, commitments);
          seconds.forEach((s, i) => b.addOnDemand(i, s));
          const out = b.settleHour();
          const fees = instances * 0.12 + commit;
          expect(out.committedUsedUsd + out.committedUnusedUsd).toBeCloseTo(fees, 9);
          expect(out.totalUsd).toBeCloseTo(out.onDemandUsd + out.spotUsd + out.committedUsedUsd + out.committedUnusedUsd, 9);
          for (let i = 0; i < 3; i++) {
            expect(b.lineCoveredSeconds[i]! + b.lineOnDemandSeconds[i]!).toBeCloseTo(seconds[i]!, 6);
            expect(b.lineOnDemandSeconds[i]!).toBeGreaterThanOrEqual(-1e-6);
          }
          // Never worse than paying on-demand for covered usage plus the fees.
          const allOnDemand = seconds.reduce((s, x, i) => s + (x / 3600) * lines[i]!.onDemandUsdPerHour, 0);
          expect(out.totalUsd).toBeLessThanOrEqual(allOnDemand + fees + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
