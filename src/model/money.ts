/**
 * Money is float64 in US dollars. Long simulations add millions of tiny per-step charges, and a
 * naive running sum loses cents over a year, so every ledger total goes through a Neumaier
 * (improved Kahan) compensated sum. Rounding happens only at display time.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) {
      this.compensation += this.sum - t + value;
    } else {
      this.compensation += value - t + this.sum;
    }
    this.sum = t;
  }

  addAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i]!);
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }
}

/** Compensated sum of a list of numbers. */
export function compensatedTotal(values: ArrayLike<number>): number {
  const acc = new CompensatedSum();
  acc.addAll(values);
  return acc.value;
}

/** Round to whole cents, half away from zero, for display and for "exact to the cent" checks. */
export function roundCents(usd: number): number {
  const cents = Math.round(Math.abs(usd) * 100 + 1e-9);
  return (Math.sign(usd) * cents) / 100 || 0;
}

/** "$1,234.56". Display only: never feed the result back into arithmetic. */
export function formatUsd(usd: number, fractionDigits = 2): string {
  const rounded = fractionDigits === 2 ? roundCents(usd) : usd;
  return (rounded < 0 ? '-$' : '$') + Math.abs(rounded).toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}
