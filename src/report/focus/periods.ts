/**
 * Charge periods of a simulated bill. Simulated time has no calendar of its own; t = 0 is the
 * simulation epoch (2024-01-01T00:00:00Z, a Monday, as in the cron calendar), and every period
 * is a whole UTC hour or day counted from it. FOCUS wants UTC ISO-8601 `YYYY-MM-DDTHH:mm:ssZ`,
 * start inclusive and end exclusive; the billing period is the calendar month of the charge.
 */

export type Granularity = 'hourly' | 'daily';

export interface ChargePeriod {
  /** Hours [fromHour, toHour) of the bill's hourly arrays. */
  readonly fromHour: number;
  readonly toHour: number;
  /** Simulated hours the period covers (less than its length for a partial last period). */
  readonly hours: number;
  readonly start: string;
  readonly end: string;
  readonly billingStart: string;
  readonly billingEnd: string;
}

export function chargePeriods(epoch: string, horizonHours: number, granularity: Granularity): ChargePeriod[] {
  const epochMs = Date.parse(epoch);
  const size = granularity === 'daily' ? 24 : 1;
  const count = Math.ceil(horizonHours / size - 1e-9);
  const out: ChargePeriod[] = [];
  for (let i = 0; i < count; i++) {
    const from = i * size;
    const to = Math.min(from + size, horizonHours);
    const startMs = epochMs + from * 3_600_000;
    const start = new Date(startMs);
    out.push({
      fromHour: from,
      toHour: Math.ceil(to - 1e-9),
      hours: to - from,
      start: isoSeconds(startMs),
      end: isoSeconds(epochMs + Math.round(to * 3600) * 1000),
      billingStart: isoSeconds(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)),
      billingEnd: isoSeconds(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
    });
  }
  return out;
}

/** `2024-01-01T00:00:00Z`: FOCUS's date-time format (no fractional seconds). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
