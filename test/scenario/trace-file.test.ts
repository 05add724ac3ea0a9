import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp, parseTrace, readTraceFile } from '../../src/scenario/trace-file.js';
import { resampleTrace, traceSpanSeconds } from '../../src/sim/trace.js';

const base = { time: 'timestamp', value: 'value', intervalSeconds: 1, unit: 'per-second' as const };
const TRACES = '../shared/data/traces';

describe('parseTimestamp', () => {
  it.each([
    ['2014-04-10 00:04:00', Date.UTC(2014, 3, 10, 0, 4, 0) / 1000],
    ['2023-11-16 18:15:46.6805900', Date.UTC(2023, 10, 16, 18, 15, 46) / 1000 + 0.68059],
    ['2014-04-10T00:04:00Z', Date.UTC(2014, 3, 10, 0, 4, 0) / 1000],
    ['1995-07-01 00:00:01-04:00', Date.UTC(1995, 6, 1, 4, 0, 1) / 1000],
    ['3600', 3600],
    ['12.5', 12.5],
  ])('%s', (text, seconds) => expect(parseTimestamp(text)).toBeCloseTo(seconds, 6));

  it('rejects what is not a time', () => {
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('10/04/2014')).toBeNaN();
  });
});

describe('parseTrace', () => {
  it('reads time,value samples (the NAB format), sorting rows by time', () => {
    const t = parseTrace('timestamp,value\n2014-04-10 00:09:00,56\n2014-04-10 00:04:00,94\n', { ...base, format: 'samples', unit: 'per-sample' });
    expect(t.kind).toBe('samples');
    expect([...t.timesSeconds]).toEqual([0, 300]);
    expect(t.kind === 'samples' && [...t.values]).toEqual([94, 56]);
  });

  it('reads a whitespace-separated per-second series (the NASA format)', () => {
    const t = parseTrace('1 0 0 2 \n', { ...base, format: 'series' });
    expect(t.kind === 'samples' && [...t.values]).toEqual([1, 0, 0, 2]);
    expect([...t.timesSeconds]).toEqual([0, 1, 2, 3]);
  });

  it('reads one-row-per-request event logs (the Azure LLM format), optionally weighted', () => {
    const text = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n';
    const count = parseTrace(text, { ...base, time: 'TIMESTAMP', format: 'events' });
    expect(count.kind === 'events' && count.weights).toBeUndefined();
    expect(count.timesSeconds[1]).toBeCloseTo(4.314579, 6);
    const tokens = parseTrace(text, { ...base, time: 'TIMESTAMP', format: 'events', weight: 'GeneratedTokens' });
    expect(tokens.kind === 'events' && [...tokens.weights!]).toEqual([44, 109]);
  });

  it.each([
    ['a missing column', 'time,v\n1,2\n', 'column "timestamp" not found (got columns "time", "v"; set trace.time / trace.value / trace.weight)'],
    ['a bad time', 'timestamp,value\nsoon,2\n', 'row 2: cannot read time "soon" (expected "YYYY-MM-DD HH:MM:SS" or seconds)'],
    ['a negative value', 'timestamp,value\n0,-2\n', 'row 2: column "value" is not a non-negative number (got "-2")'],
    ['an empty file', 'timestamp,value\n', 'the trace has no rows'],
  ])('rejects %s', (_label, text, message) => {
    expect(() => parseTrace(text, { ...base, format: 'samples' })).toThrow(message);
  });

  it('rejects a series with a bad token', () => {
    expect(() => parseTrace('1 2 x', { ...base, format: 'series' })).toThrow('value 3 is not a non-negative number (got "x")');
  });
});

describe('readTraceFile', () => {
  it('resolves relative to the scenario file and explains a missing file', async () => {
    const r = await readTraceFile({ ...base, file: 'nope.csv', format: 'samples' }, '/tmp/dir/scenario.yaml', '/');
    expect(r).toEqual({ ok: false, message: 'trace file not found (got /tmp/dir/nope.csv; expected a file relative to the scenario file)' });
  });
});

describe.skipIf(!existsSync(TRACES))(`the real traces in ${TRACES} (skipped: ../shared/data absent)`, () => {
  it('NAB ELB request counts: 4,032 five-minute counts over 14 days', async () => {
    const r = await readTraceFile({ ...base, file: 'nab_elb_request_count_8c0756.csv', format: 'samples', unit: 'per-sample' }, `${TRACES}/x.yaml`, '.');
    if (!r.ok) throw new Error(r.message);
    expect(r.trace.timesSeconds.length).toBe(4032);
    // The series has gaps, so it spans a little more than 14 days.
    const steps = Math.ceil(traceSpanSeconds(r.trace) / 60);
    expect(steps).toBeGreaterThan(14 * 1440);
    const perMinute = resampleTrace(r.trace, { steps, stepSeconds: 60, scale: 1, loop: false });
    const total = perMinute.reduce((a, x) => a + x * 60, 0);
    const expected = r.trace.kind === 'samples' ? r.trace.values.reduce((a, x) => a + x, 0) : 0;
    expect(total).toBeCloseTo(expected, 3);
  });

  it('NASA per-second counts: 567,785 requests in the first 7 days, peak 15 req/s', async () => {
    const r = await readTraceFile({ ...base, file: 'nasa_http_1995-07-01_to_07_requests_per_second.txt', format: 'series' }, `${TRACES}/x.yaml`, '.');
    if (!r.ok) throw new Error(r.message);
    expect(r.trace.timesSeconds.length).toBe(604_800);
    const values = r.trace.kind === 'samples' ? r.trace.values : new Float64Array();
    expect(values.reduce((a, x) => a + x, 0)).toBe(567_785);
    expect(values.reduce((a, x) => Math.max(a, x), 0)).toBe(15);
    const perMinute = resampleTrace(r.trace, { steps: 7 * 1440, stepSeconds: 60, scale: 1, loop: false });
    expect(perMinute.reduce((a, x) => a + x * 60, 0)).toBeCloseTo(567_785, 3);
  });

  it('Azure LLM conversation trace: 19,366 requests in about an hour, aggregated per minute', async () => {
    const r = await readTraceFile({ ...base, file: 'azure_llm_inference_trace_2023_conv.csv', format: 'events', time: 'TIMESTAMP' }, `${TRACES}/x.yaml`, '.');
    if (!r.ok) throw new Error(r.message);
    expect(r.trace.timesSeconds.length).toBe(19_366);
    const perMinute = resampleTrace(r.trace, { steps: 60, stepSeconds: 60, scale: 1, loop: false });
    expect(perMinute.reduce((a, x) => a + x * 60, 0)).toBeCloseTo(19_366, 6);
  });
});
