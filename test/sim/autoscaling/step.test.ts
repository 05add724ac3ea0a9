import { describe, expect, it } from 'vitest';
import { StepScaling, applyAdjustment, stepAdjustmentFor, type StepAdjustment } from '../../../src/sim/autoscaling/step.js';

describe('applyAdjustment (models.md §2.1)', () => {
  it.each([
    ['30% of 11 → +3 (3.3 rounds toward zero)', 11, 30, 14],
    ['10% of 14 → +1 (1.4 rounds toward zero)', 14, 10, 15],
    ['−10% of 14 → −1', 14, -10, 13],
    ['−30% of 11 → −3', 11, -30, 8],
    ['5% of 10 = 0.5 becomes +1', 10, 5, 11],
    ['−5% of 10 = −0.5 becomes −1', 10, -5, 9],
    ['0% is no change', 10, 0, 10],
  ])('%s', (_name, capacity, percent, expected) => {
    expect(applyAdjustment(capacity, 'PercentChangeInCapacity', percent)).toBe(expected);
  });

  it('MinAdjustmentMagnitude raises small percent changes', () => {
    expect(applyAdjustment(10, 'PercentChangeInCapacity', 10, 3)).toBe(13);
    expect(applyAdjustment(10, 'PercentChangeInCapacity', -10, 3)).toBe(7);
    expect(applyAdjustment(100, 'PercentChangeInCapacity', 10, 3)).toBe(110);
  });

  it('ChangeInCapacity adds; ExactCapacity sets', () => {
    expect(applyAdjustment(10, 'ChangeInCapacity', -3)).toBe(7);
    expect(applyAdjustment(10, 'ExactCapacity', 4)).toBe(4);
  });
});

describe('stepAdjustmentFor: bounds relative to the threshold', () => {
  const up: StepAdjustment[] = [
    { lowerBound: 0, upperBound: 10, scalingAdjustment: 1 },
    { lowerBound: 10, upperBound: 20, scalingAdjustment: 2 },
    { lowerBound: 20, scalingAdjustment: 3 },
  ];
  const down: StepAdjustment[] = [
    { lowerBound: -10, upperBound: 0, scalingAdjustment: -1 },
    { upperBound: -10, scalingAdjustment: -2 },
  ];

  it('above the threshold the lower bound is inclusive', () => {
    expect(stepAdjustmentFor(up, 0, false)).toBe(1);
    expect(stepAdjustmentFor(up, 9.99, false)).toBe(1);
    expect(stepAdjustmentFor(up, 10, false)).toBe(2);
    expect(stepAdjustmentFor(up, 1e9, false)).toBe(3);
    expect(stepAdjustmentFor(up, -1, false)).toBeNaN();
  });

  it('below the threshold the upper bound is inclusive', () => {
    expect(stepAdjustmentFor(down, 0, true)).toBe(-1);
    expect(stepAdjustmentFor(down, -9.99, true)).toBe(-1);
    expect(stepAdjustmentFor(down, -10, true)).toBe(-2); // (−∞, −10] owns −10
    expect(stepAdjustmentFor(down, 0.01, true)).toBeNaN();
  });
});

describe('StepScaling', () => {
  const scaling = () =>
    new StepScaling({
      minCapacity: 2,
      maxCapacity: 30,
      scaleOut: {
        alarmThreshold: 60,
        comparison: 'GreaterThanOrEqualToThreshold',
        adjustmentType: 'PercentChangeInCapacity',
        steps: [
          { lowerBound: 0, upperBound: 10, scalingAdjustment: 10 },
          { lowerBound: 10, scalingAdjustment: 30 },
        ],
      },
      scaleIn: {
        alarmThreshold: 30,
        comparison: 'LessThanThreshold',
        adjustmentType: 'ChangeInCapacity',
        evaluationPeriods: 3,
        steps: [{ upperBound: 0, scalingAdjustment: -1 }],
      },
    });

  it("AWS's warmup example: +10% at 60, then +30% at 70 while one instance warms → 13, not 14", () => {
    const s = scaling();
    expect(s.evaluate(65, 10, 0)).toBe(11);
    expect(s.evaluate(65, 11, 1)).toBe(11); // same step again: nothing added twice
    expect(s.evaluate(75, 11, 1)).toBe(13); // 30% of the 10 in service, warming one included
  });

  it('scale-in needs 3 consecutive breaching datapoints', () => {
    const s = scaling();
    expect(s.evaluate(20, 10)).toBe(10);
    expect(s.evaluate(20, 10)).toBe(10);
    expect(s.evaluate(20, 10)).toBe(9);
    expect(s.evaluate(20, 9)).toBe(8); // still in ALARM: invoked again
    expect(s.evaluate(50, 8)).toBe(8); // back to OK
    expect(s.evaluate(20, 8)).toBe(8);
  });

  it('clamps to [min, max]', () => {
    const s = scaling();
    expect(s.evaluate(99, 28)).toBe(30);
    const low = scaling();
    for (let i = 0; i < 2; i++) low.evaluate(0, 2);
    expect(low.evaluate(0, 2)).toBe(2);
  });

  it('defaults: 300 s warmup, 60 s datapoints', () => {
    expect(scaling().instanceWarmupSeconds).toBe(300);
    expect(scaling().metricPeriodSeconds).toBe(60);
  });
});
