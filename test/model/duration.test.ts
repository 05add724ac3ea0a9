import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/model/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['30d', 30 * 86400],
    ['1y', 8760 * 3600],
    ['1mo', 730 * 3600],
    ['2w', 14 * 86400],
    ['40ms', 0.04],
    ['250us', 0.00025],
    ['250µs', 0.00025],
    ['1.5h', 5400],
    ['.5s', 0.5],
    ['10d12h', 10 * 86400 + 12 * 3600],
    ['1h1m1s', 3661],
    ['0', 0],
    ['0s', 0],
    [' 15s ', 15],
  ])('%s = %d s', (text, seconds) => {
    const r = parseDuration(text);
    expect(r).toEqual({ ok: true, seconds: expect.closeTo(seconds, 12) });
  });

  it.each([
    ['', 'empty duration'],
    ['90', 'the number "90" has no unit'],
    ['5 minutes', 'cannot read "5 minutes"'],
    ['1h30', 'the number "30" has no unit'],
    ['-5m', 'cannot read "-5m"'],
    ['1x', 'cannot read "1x"'],
    ['h', 'cannot read "h"'],
  ])('rejects %j: %s', (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });

  it('rejects a duration that overflows float64', () => {
    expect(parseDuration(`${'9'.repeat(400)}y`)).toEqual({ ok: false, message: 'duration is too large' });
  });
});

describe('formatDuration', () => {
  it.each([
    [5400, '1h30m'],
    [0.04, '40ms'],
    [30 * 86400, '30d'],
    [90, '1m30s'],
    [0, '0s'],
    [0.00025, '250us'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
