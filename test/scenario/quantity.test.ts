import { describe, expect, it } from 'vitest';
import { CANONICAL_UNIT, parseQuantity, QUANTITY_KINDS, type QuantityKind } from '../../src/scenario/quantity.js';

describe('parseQuantity: accepted', () => {
  it.each<[unknown, QuantityKind, number]>([
    // request rates, canonical req/s
    [400, 'requestRate', 400],
    ['400', 'requestRate', 400],
    ['400 req/s', 'requestRate', 400],
    ['400 requests/s', 'requestRate', 400],
    ['400 reqs / s', 'requestRate', 400],
    ['+400 req/s', 'requestRate', 400],
    ['24000 req/min', 'requestRate', 400],
    ['1.44e6 req/hour', 'requestRate', 400],
    ['1.2 Mreq/h', 'requestRate', 1.2e6 / 3600],
    ['5 kreq/s', 'requestRate', 5000],
    ['400/s', 'requestRate', 400],
    ['400 Hz', 'requestRate', 400],
    ['5 req s^-1', 'requestRate', 5],
    [0, 'requestRate', 0],
    ['0 req/s', 'requestRate', 0],
    // event rates, canonical events/s
    ['5000 events/s', 'eventRate', 5000],
    ['5 kevents/s', 'eventRate', 5000],
    ['300 event/min', 'eventRate', 5],
    // data rates, canonical MB/s (decimal)
    [150, 'byteRate', 150],
    ['150 MB/s', 'byteRate', 150],
    ['2 GB/s', 'byteRate', 2000],
    ['1 GiB/s', 'byteRate', 1073.741824],
    ['800 Mb/s', 'byteRate', 100],
    ['10 Gbps', 'byteRate', 1250],
    ['500 kB/s', 'byteRate', 0.5],
    ['60 GB/min', 'byteRate', 1000],
    // sizes, canonical GB
    [50, 'bytes', 50],
    ['50 GB', 'bytes', 50],
    ['2 TiB', 'bytes', 2199.023255552],
    ['1 TB', 'bytes', 1000],
    ['512 MiB', 'bytes', 0.536870912],
    ['.5 GB', 'bytes', 0.5],
    ['5e3 MB', 'bytes', 5],
    ['  50 GB  ', 'bytes', 50],
    // compute work, canonical vCPU-h
    [2400, 'work', 2400],
    ['2400 vCPU-h', 'work', 2400],
    ['2400 vCPU h', 'work', 2400],
    ['2400 vCPU*h', 'work', 2400],
    ['2400 vcpu-hours', 'work', 2400],
    ['2400 vCPU·h', 'work', 2400],
    ['60 vCPU-min', 'work', 1],
    // money, USD
    [1200, 'money', 1200],
    ['1200', 'money', 1200],
    ['$1200', 'money', 1200],
    ['$ 1200.50', 'money', 1200.5],
    ['1200 USD', 'money', 1200],
    // plain numbers and fractions
    [3, 'dimensionless', 3],
    ['3.5', 'dimensionless', 3.5],
    [0.7, 'fraction', 0.7],
    ['0.7', 'fraction', 0.7],
    ['70%', 'fraction', 0.7],
    ['100 %', 'fraction', 1],
    [0, 'fraction', 0],
    [1, 'fraction', 1],
    [-0, 'bytes', 0],
  ])('%j as %s = %d', (input, kind, value) => {
    const r = parseQuantity(input, kind);
    expect(r).toEqual({ ok: true, value: expect.closeTo(value, 9) });
  });

  it('normalises -0 to 0', () => {
    expect(Object.is((parseQuantity(-0, 'bytes') as { value: number }).value, 0)).toBe(true);
  });
});

describe('parseQuantity: rejected', () => {
  it.each<[unknown, QuantityKind, string]>([
    // wrong kind of quantity: say what it is and what was expected
    ['2 GB/s', 'requestRate', `a data rate, not a request rate (got "2 GB/s"; expected a request rate such as "400 req/s")`],
    ['400 req', 'requestRate', `a number of requests, not a request rate (got "400 req"; expected a request rate such as "400 req/s")`],
    ['5 events/s', 'requestRate', `an event rate, not a request rate (got "5 events/s"; expected a request rate such as "400 req/s")`],
    ['5 h', 'requestRate', `a duration, not a request rate (got "5 h"; expected a request rate such as "400 req/s")`],
    ['400 req/s', 'byteRate', `a request rate, not a data rate (got "400 req/s"; expected a data rate such as "150 MB/s")`],
    ['400/s', 'byteRate', `a frequency, not a data rate (got "400/s"; expected a data rate such as "150 MB/s")`],
    ['50 GB', 'byteRate', `a data size, not a data rate (got "50 GB"; expected a data rate such as "150 MB/s")`],
    ['2 GB/s', 'bytes', `a data rate, not a data size (got "2 GB/s"; expected a data size such as "50 GB")`],
    ['5 cm', 'bytes', `a length, not a data size (got "5 cm"; expected a data size such as "50 GB")`],
    ['5 GB^2', 'bytes', `not a data size (got "5 GB^2"; expected a quantity such as "50 GB")`],
    ['5 cm/s', 'byteRate', `not a data rate (got "5 cm/s"; expected a quantity such as "150 MB/s")`],
    ['2400 vCPU', 'work', `a vCPU count, not an amount of compute work (got "2400 vCPU"; expected an amount of compute work such as "2400 vCPU-h")`],
    ['30 s', 'work', `a duration, not an amount of compute work (got "30 s"; expected an amount of compute work such as "2400 vCPU-h")`],
    ['2 kg', 'work', `a mass, not an amount of compute work (got "2 kg"; expected an amount of compute work such as "2400 vCPU-h")`],
    // unknown units, with a hint for common misspellings
    ['5 widgets/s', 'requestRate', `unknown unit "widgets" (got "5 widgets/s"; expected a quantity such as "400 req/s")`],
    ['5 rps', 'requestRate', `unknown unit "rps" (got "5 rps"; did you mean "req/s"? expected a quantity such as "400 req/s")`],
    ['5 KB/s', 'byteRate', `unknown unit "KB" (got "5 KB/s"; did you mean "kB"? expected a quantity such as "150 MB/s")`],
    ['800 Mbit/s', 'byteRate', `unknown unit "Mbit" (got "800 Mbit/s"; did you mean "Mb"? expected a quantity such as "150 MB/s")`],
    ['5 vCPUh', 'work', `unknown unit "vCPUh" (got "5 vCPUh"; did you mean "vCPU-h"? expected a quantity such as "2400 vCPU-h")`],
    ['1 d', 'work', `unknown unit "d" (got "1 d"; did you mean "day"? expected a quantity such as "2400 vCPU-h")`],
    ['5 mvCPU h', 'work', `unknown unit "mvCPU" (got "5 mvCPU h"; expected a quantity such as "2400 vCPU-h")`],
    ['sqrt(4) GB', 'bytes', `unknown unit "sqrt" (got "sqrt(4) GB"; expected a quantity such as "50 GB")`],
    ['5 constructor', 'bytes', `unknown unit "constructor" (got "5 constructor"; expected a quantity such as "50 GB")`],
    // unreadable text
    ['5,000 GB', 'bytes', `not a quantity (got "5,000 GB"; expected a number or a quantity such as "50 GB")`],
    ['5 GB + 1', 'bytes', `not a quantity (got "5 GB + 1"; expected a number or a quantity such as "50 GB")`],
    ['5 2 GB', 'bytes', `not a quantity (got "5 2 GB"; expected a number or a quantity such as "50 GB")`],
    ['5 __proto__', 'bytes', `not a quantity (got "5 __proto__"; expected a number or a quantity such as "50 GB")`],
    ['req/s', 'requestRate', `no number (got "req/s"; expected a number with the unit, like "400 req/s")`],
    ['1200 EUR', 'money', `not an amount of money (got "1200 EUR"; expected an amount in USD such as 1200 or "$1200")`],
    ['x', 'dimensionless', `cannot read the value (got "x"; expected a number)`],
    ['5 GB', 'dimensionless', `cannot read the value (got "5 GB"; expected a number)`],
    ['half', 'fraction', `cannot read the value (got "half"; expected a fraction between 0 and 1 such as 0.7 or "70%")`],
    // not finite, negative, out of range
    [Number.NaN, 'requestRate', `not a finite number (got NaN; expected a number or a quantity such as "400 req/s")`],
    [Infinity, 'bytes', `not a finite number (got Infinity; expected a number or a quantity such as "50 GB")`],
    [-Infinity, 'bytes', `not a finite number (got -Infinity; expected a number or a quantity such as "50 GB")`],
    ['Infinity', 'bytes', `not a finite number (got "Infinity"; expected a number or a quantity such as "50 GB")`],
    ['NaN', 'bytes', `not a finite number (got "NaN"; expected a number or a quantity such as "50 GB")`],
    ['1e400', 'bytes', `too large (got "1e400"; expected a finite number)`],
    ['1e400 GB', 'bytes', `too large (got "1e400 GB"; expected a finite number)`],
    [-5, 'requestRate', `must not be negative (got -5; expected 0 or more)`],
    ['-5 req/s', 'requestRate', `must not be negative (got "-5 req/s"; expected 0 or more)`],
    ['-$5', 'money', `not an amount of money (got "-$5"; expected an amount in USD such as 1200 or "$1200")`],
    ['$-5', 'money', `must not be negative (got "$-5"; expected 0 or more)`],
    [1.5, 'fraction', `must be between 0 and 1 (got 1.5; expected a fraction such as 0.7 or "70%")`],
    ['150%', 'fraction', `must be between 0 and 1 (got "150%"; expected a fraction such as 0.7 or "70%")`],
    // not a number or string at all
    [true, 'bytes', `wrong type (got a boolean; expected a number or a quantity such as "50 GB")`],
    [null, 'bytes', `wrong type (got null; expected a number or a quantity such as "50 GB")`],
    [undefined, 'byteRate', `wrong type (got undefined; expected a number or a quantity such as "150 MB/s")`],
    [[1], 'bytes', `wrong type (got a list; expected a number or a quantity such as "50 GB")`],
    [{ value: 1 }, 'bytes', `wrong type (got an object; expected a number or a quantity such as "50 GB")`],
    [() => 1, 'dimensionless', `wrong type (got a function; expected a number)`],
    ['', 'bytes', `empty (got an empty string; expected a number or a quantity such as "50 GB")`],
    ['x'.repeat(300), 'bytes', `too long (got 300 characters; expected a number or a quantity such as "50 GB")`],
  ])('%j as %s: %s', (input, kind, message) => {
    expect(parseQuantity(input, kind)).toEqual({ ok: false, message });
  });
});

describe('canonical units', () => {
  it('names the unit a plain number is read in, for every kind', () => {
    expect(CANONICAL_UNIT).toEqual({
      requestRate: 'req/s',
      eventRate: 'events/s',
      byteRate: 'MB/s',
      bytes: 'GB',
      work: 'vCPU-h',
      money: 'USD',
      dimensionless: '',
      fraction: '',
    });
  });

  it('accepts its own example for every kind', () => {
    for (const [kind, info] of Object.entries(QUANTITY_KINDS)) {
      expect(parseQuantity(info.example, kind as QuantityKind).ok, kind).toBe(true);
    }
  });
});
