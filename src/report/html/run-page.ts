/**
 * The HTML page of `capsim run`: headline figures, charts over time (load vs ready capacity,
 * instances by purchase option, latency or lag, cumulative cost by purchase option), the Monte
 * Carlo cost distribution, then the same tables as the Markdown report and the assumptions.
 * Every scenario string is escaped where it is written (htmlTable, escapeXml, the SVG charts).
 */
import { formatDuration } from '../../model/duration.js';
import { SECONDS_PER_HOUR } from '../../model/time.js';
import { amountsOf } from '../bill.js';
import { formatAxis, formatCount, formatMs, formatPercent, formatSeconds, formatUsd } from '../format.js';
import type { RunReport, WorkloadReport } from '../model.js';
import { escapeXml } from '../svg/escape.js';
import { renderHistogram } from '../svg/histogram.js';
import { renderLineChart, type LineSeries, type Rule } from '../svg/line-chart.js';
import type { HtmlPage, HtmlSection } from './document.js';
import { hourlyPoints, type TimeAxis, timeAxis } from './hourly.js';
import { htmlTable, type Cell } from './table.js';

const UNITS = { inference: 'req/s', streaming: 'MB/s', batch: 'vCPUs' } as const;

export function runPage(report: RunReport): HtmlPage {
  const s = report.scenario;
  const subtitle = [
    ...(s.description ? [s.description] : []),
    `${formatDuration(s.horizonHours * SECONDS_PER_HOUR)} simulated at ${formatDuration(s.stepSeconds)} steps · seed ${s.seed} · ${s.runs} run${s.runs === 1 ? '' : 's'}${s.variant ? ` · variant ${s.variant}` : ''}`,
  ];
  const sections: HtmlSection[] = [chartsSection(report)];
  if (report.monteCarlo) sections.push(monteCarloSection(report));
  sections.push(costSection(report), workloadsSection(report), poolsSection(report));
  if (report.summary.featureStore) sections.push(featureStoreSection(report));
  sections.push({ id: 'assumptions', title: 'Assumptions', body: `<ul>${report.assumptions.map((a) => `<li>${escapeXml(a)}</li>`).join('')}</ul>` });
  return {
    title: s.variant ? `${s.name} (variant ${s.variant})` : s.name,
    subtitle,
    headline: headline(report),
    sections,
    footer:
      `capsim ${escapeXml(report.toolVersion)} · seed ${s.seed} · ${s.runs} run${s.runs === 1 ? '' : 's'} · scenario sha256 <code>${escapeXml(s.hash)}</code><br>` +
      'Simulated time starts at t = 0 = 2024-01-01 00:00 UTC (a Monday). Charts show run 0; prices are list prices of the bundled catalogs.',
  };
}

function headline(report: RunReport): string {
  const c = report.summary.cost;
  const slos = report.summary.workloads.filter((w) => w.slo);
  const met = slos.filter((w) => w.slo!.met).length;
  const cards = [
    card('Total cost', formatUsd(c.total), `over ${formatDuration(report.scenario.horizonHours * SECONDS_PER_HOUR)}`),
    card('Per month', formatUsd(c.perMonth), '730 h month'),
  ];
  if (slos.length > 0) cards.push(card('SLOs met', `${met} of ${slos.length}`, met === slos.length ? 'every SLO holds' : 'see Workloads', met === slos.length ? 'pass' : 'fail'));
  if (report.monteCarlo) {
    const mc = report.monteCarlo.cost;
    cards.push(card('Cost P5–P95', `${formatUsd(mc.p5)} – ${formatUsd(mc.p95)}`, `P50 ${formatUsd(mc.p50)} over ${report.monteCarlo.runs} runs`));
  }
  return `<div class="cards">${cards.join('')}</div>`;
}

function card(label: string, value: string, note: string, tone?: 'pass' | 'fail'): string {
  return `<div class="card"><div class="label">${escapeXml(label)}</div><div class="value${tone ? ` ${tone}` : ''}">${escapeXml(value)}</div><div class="note">${escapeXml(note)}</div></div>`;
}

// ---------------------------------------------------------------------------------------------
// Charts over time

function chartsSection(report: RunReport): HtmlSection {
  const figures: string[] = [];
  const series = report.series;
  const axis = timeAxis(report.scenario.horizonHours);
  let n = 0;
  const id = () => `chart-${++n}`;
  if (series) {
    const seenPools = new Set<string>();
    for (const w of report.summary.workloads) {
      const ch = series.workloads[w.name];
      if (!ch || seenPools.has(w.pool)) continue;
      seenPools.add(w.pool);
      figures.push(`<h3>${escapeXml(w.kind === 'batch' ? `Pool ${w.pool} (${w.kind})` : `${w.name} (${w.kind}, pool ${w.pool})`)}</h3>`);
      if (ch.load && ch.capacity) figures.push(loadChart(id(), w, ch.load, ch.capacity, axis));
      if (ch.instancesOnDemand && ch.instancesSpot) figures.push(instancesChart(id(), w, ch.instancesOnDemand, ch.instancesSpot, axis));
      if (w.kind === 'inference' && ch.latencyMeanSeconds) figures.push(latencyChart(id(), w, ch.latencyMeanSeconds, axis));
      if (w.kind === 'streaming' && ch.lagSeconds) figures.push(lagChart(id(), w, ch.lagSeconds, axis));
    }
  }
  const cost = costChart(id(), report, axis);
  if (cost) figures.push('<h3>Bill</h3>', cost);
  if (!series) {
    figures.unshift(
      '<p class="notice">This result was saved without hourly series, so load, capacity and latency cannot be drawn. ' +
        'Save it with <code>capsim run &lt;scenario&gt; --format json --series hourly</code> to include them.</p>',
    );
  }
  return { id: 'over-time', title: 'Over time', body: figures.join('\n') };
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeXml(caption)}</figcaption></figure>`;
}

function loadChart(id: string, w: WorkloadReport, load: readonly number[], capacity: readonly number[], axis: TimeAxis): string {
  const unit = UNITS[w.kind];
  const batch = w.kind === 'batch';
  const title = batch ? `vCPUs demanded vs ready, pool ${w.pool}` : `Load vs ready capacity, ${w.name}`;
  const svg = renderLineChart({
    id,
    kind: 'load-capacity',
    title,
    description: `Hourly mean ${batch ? 'vCPUs demanded by running jobs' : 'offered load'} and ready capacity (${unit}) over the horizon.`,
    x: axis.axis,
    y: { label: batch ? 'vCPUs' : `load and capacity (${unit})`, format: formatAxis },
    series: [
      { name: batch ? 'demanded (vCPUs)' : `load (${unit})`, ...hourlyPoints(load, axis), style: 'area' },
      { name: `ready capacity (${unit})`, ...hourlyPoints(capacity, axis), style: 'line' },
    ],
  });
  return figure(svg, `${title}: hourly means. Capacity counts ready instances only (booting ones do not serve).`);
}

function instancesChart(id: string, w: WorkloadReport, onDemand: readonly number[], spot: readonly number[], axis: TimeAxis): string {
  const title = `Instances by purchase option, pool ${w.pool}`;
  const svg = renderLineChart({
    id,
    kind: 'instances',
    title,
    description: 'Hourly mean ready instances bought on demand and on spot.',
    x: axis.axis,
    y: { label: 'ready instances', format: formatAxis },
    series: [
      { name: 'on-demand', ...hourlyPoints(onDemand, axis), style: 'line' },
      { name: 'spot', ...hourlyPoints(spot, axis), style: 'dashed' },
    ],
  });
  return figure(svg, `${title}: hourly means of ready instances.`);
}

function latencyChart(id: string, w: WorkloadReport, meanSeconds: readonly number[], axis: TimeAxis): string {
  const rules: Rule[] = [];
  if (w.slo?.thresholdSeconds !== undefined) rules.push({ name: `SLO target (${w.slo.label})`, axis: 'y', value: w.slo.thresholdSeconds * 1000 });
  if (w.latencyMs) rules.push({ name: `p99 over the horizon (${formatMs(w.latencyMs.p99)})`, axis: 'y', value: w.latencyMs.p99 });
  const title = `Latency over time, ${w.name}`;
  const svg = renderLineChart({
    id,
    kind: 'latency',
    title,
    description: 'Mean response time of the requests served in each hour, in milliseconds, with the SLO target and the horizon-wide p99.',
    x: axis.axis,
    y: { label: 'latency (ms)', format: formatAxis },
    series: [{ name: 'mean latency of the hour (ms)', ...hourlyPoints(meanSeconds.map((v) => v * 1000), axis), style: 'line' }],
    rules,
  });
  return figure(svg, `${title}: the engine keeps full percentiles over the whole horizon (the p99 line) and the mean per hour.`);
}

function lagChart(id: string, w: WorkloadReport, lag: readonly number[], axis: TimeAxis): string {
  const rules: Rule[] = [];
  if (w.slo?.thresholdSeconds !== undefined) rules.push({ name: `SLO target (${w.slo.label})`, axis: 'y', value: w.slo.thresholdSeconds });
  const title = `Consumer lag over time, ${w.name}`;
  const svg = renderLineChart({
    id,
    kind: 'lag',
    title,
    description: 'Mean consumer lag in each hour, in seconds, with the SLO target.',
    x: axis.axis,
    y: { label: 'lag (s)', format: formatAxis },
    series: [{ name: 'mean lag of the hour (s)', ...hourlyPoints(lag, axis), style: 'line' }],
    rules,
  });
  return figure(svg, `${title}: hourly means; lag = backlog / capacity.`);
}

/** Cumulative cost by purchase option from the hourly bill (or only the total, from the series). */
function costChart(id: string, report: RunReport, axis: TimeAxis): string | undefined {
  const parts = costParts(report);
  if (parts.length === 0) return undefined;
  const total = new Array<number>(parts[0]!.hourly.length).fill(0);
  for (const p of parts) p.hourly.forEach((v, h) => (total[h]! += v));
  const series: LineSeries[] = parts.length > 1 ? parts.map((p) => ({ name: p.name, ...cumulative(p.hourly, axis), style: 'line' as const })) : [];
  series.push({ name: 'total', ...cumulative(total, axis), style: 'dashed' });
  const title = 'Cumulative cost by purchase option';
  const svg = renderLineChart({
    id,
    kind: 'cumulative-cost',
    title,
    description: 'Running total of the bill in US dollars, by purchase option and in total.',
    x: axis.axis,
    y: { label: 'cumulative cost (USD)', format: (v) => `$${formatAxis(v)}` },
    series,
  });
  const note = report.bill
    ? 'Commitments are billed every hour, used or not; disks, traffic and the feature store are spread evenly over the horizon.'
    : 'This result has no hourly bill (saved without --series hourly), so only the total is drawn.';
  return figure(svg, `${title}, run 0: ${formatUsd(report.summary.cost.total)} in all. ${note}`);
}

interface CostPart {
  readonly name: string;
  readonly hourly: number[];
}

function costParts(report: RunReport): CostPart[] {
  const bill = report.bill;
  if (!bill) return report.series ? [{ name: 'total', hourly: [...report.series.costUsd] }] : [];
  const hours = bill.hours;
  const zero = () => new Array<number>(hours).fill(0);
  const onDemand = zero();
  const spot = zero();
  const committed = zero();
  const onPrem = zero();
  const other = zero();
  for (const p of bill.pools) {
    if (p.kind === 'on-prem') {
      p.hourly.onPremUsd.forEach((v, h) => (onPrem[h]! += v));
      continue;
    }
    const [od, sp, used, unused] = amountsOf(p);
    od!.forEach((v, h) => (onDemand[h]! += v));
    sp!.forEach((v, h) => (spot[h]! += v));
    used!.forEach((v, h) => (committed[h]! += v + (unused![h] ?? 0)));
  }
  const otherTotal = bill.charges.reduce((a, c) => a + c.totalUsd, 0);
  for (let h = 0; h < hours; h++) other[h] = (otherTotal * (Math.min(h + 1, bill.horizonHours) - h)) / bill.horizonHours;
  return [
    { name: 'on-demand', hourly: onDemand },
    { name: 'spot', hourly: spot },
    { name: 'committed (used + unused)', hourly: committed },
    { name: 'on-prem', hourly: onPrem },
    { name: 'storage, network, feature store', hourly: other },
  ].filter((p) => p.hourly.some((v) => Math.abs(v) > 1e-9));
}

function cumulative(hourly: readonly number[], axis: TimeAxis): { x: number[]; y: number[] } {
  const sums = [0];
  for (const v of hourly) sums.push(sums[sums.length - 1]! + v);
  // Point h is the total at the end of hour h − 1 (x = h hours), starting from 0 at t = 0.
  return hourlyPoints(sums, axis, 'instant');
}

// ---------------------------------------------------------------------------------------------
// Tables

function monteCarloSection(report: RunReport): HtmlSection {
  const mc = report.monteCarlo!;
  const parts: string[] = [];
  if (mc.costs && mc.costs.length > 0) {
    const title = `Total cost over ${mc.runs} Monte Carlo runs`;
    const svg = renderHistogram({
      id: 'chart-mc-cost',
      kind: 'cost-distribution',
      title,
      description: 'How many runs ended with each total cost, with the P5–P95 band and the median.',
      values: mc.costs,
      barsName: 'runs',
      x: { label: 'total cost of a run (USD)', format: usdTick },
      yLabel: 'runs',
      band: { name: `P5–P95 (${formatUsd(mc.cost.p5)} – ${formatUsd(mc.cost.p95)})`, from: mc.cost.p5, to: mc.cost.p95 },
      rules: [{ name: `P50 (${formatUsd(mc.cost.p50)})`, axis: 'x', value: mc.cost.p50 }],
    });
    parts.push(figure(svg, `${title}: runs differ in spot interruptions and load noise (independent seeded streams per run).`));
  }
  const p = (x: { p5: number; p50: number; p95: number }, f: (v: number) => string): Cell[] => [f(x.p5), f(x.p50), f(x.p95)];
  const rows: Cell[][] = [
    ['total cost', ...p(mc.cost, formatUsd)],
    ['SLO attainment (worst workload)', ...p(mc.sloAttainment, formatPercent)],
  ];
  for (const [name, w] of Object.entries(mc.workloads)) {
    rows.push([`${name} cost`, ...p(w.cost, formatUsd)]);
    if (!Number.isNaN(w.sloAttainment.p50)) rows.push([`${name} SLO attainment`, ...p(w.sloAttainment, formatPercent)]);
  }
  parts.push(htmlTable([{ title: `over ${mc.runs} runs` }, { title: 'P5', numeric: true }, { title: 'P50', numeric: true }, { title: 'P95', numeric: true }], rows));
  return { id: 'monte-carlo', title: 'Monte Carlo', body: parts.join('\n') };
}

function costSection(report: RunReport): HtmlSection {
  const c = report.summary.cost;
  const p = c.byPurchase;
  const k = c.byCategory;
  const byPurchase = htmlTable(
    [{ title: 'by purchase option' }, { title: 'USD', numeric: true }],
    [['on-demand', formatUsd(p.onDemand)], ['spot', formatUsd(p.spot)], ['committed', formatUsd(p.committed)], ['on-prem', formatUsd(p.onPrem)], [{ html: '<strong>total</strong>' }, formatUsd(c.total)]],
  );
  const byCategory = htmlTable(
    [{ title: 'by category' }, { title: 'USD', numeric: true }],
    [['compute', formatUsd(k.compute)], ['storage', formatUsd(k.storage)], ['network', formatUsd(k.network)], ['feature store', formatUsd(k.featureStore)]],
  );
  const byWorkload = htmlTable(
    [{ title: 'by workload' }, { title: 'USD', numeric: true }],
    Object.entries(c.byWorkload).map(([name, usd]) => [name, formatUsd(usd)]),
  );
  return { id: 'cost', title: 'Cost', body: `<div class="tables">${[byPurchase, byCategory, byWorkload].join('\n')}</div>` };
}

function workloadsSection(report: RunReport): HtmlSection {
  const rows = report.summary.workloads.map((w): Cell[] => [
    w.name,
    w.kind,
    w.pool,
    formatUsd(w.cost),
    performance(w),
    w.slo ? w.slo.label : '—',
    Number.isNaN(w.sloAttainment) ? '—' : formatPercent(w.sloAttainment),
    w.slo ? { html: w.slo.met ? '<span class="pass">pass</span>' : '<span class="fail">fail</span>' } : '—',
    w.unitCost ? `${formatUsd(w.unitCost.usd)} per ${w.unitCost.per}` : '—',
    String(w.peakInstances),
    String(w.interruptions),
  ]);
  const table = htmlTable(
    [
      { title: 'workload' }, { title: 'kind' }, { title: 'pool' }, { title: 'cost', numeric: true }, { title: 'performance' }, { title: 'SLO' },
      { title: 'attained', numeric: true }, { title: 'verdict' }, { title: 'unit cost', numeric: true }, { title: 'peak', numeric: true }, { title: 'interrupted', numeric: true },
    ],
    rows,
  );
  return { id: 'workloads', title: 'Workloads', body: table };
}

function poolsSection(report: RunReport): HtmlSection {
  const rows = report.summary.pools.map((p): Cell[] => [
    p.name,
    p.instance,
    formatUsd(p.cost),
    formatCount(p.onDemandInstanceHours),
    formatCount(p.spotInstanceHours),
    String(p.peakInstances),
    p.interruptionEvents > 0 ? `${p.interruptions} in ${p.interruptionEvents} events` : '0',
  ]);
  const table = htmlTable(
    [{ title: 'pool' }, { title: 'instance' }, { title: 'cost', numeric: true }, { title: 'on-demand h', numeric: true }, { title: 'spot h', numeric: true }, { title: 'peak', numeric: true }, { title: 'interruptions', numeric: true }],
    rows,
  );
  return { id: 'pools', title: 'Pools', body: table };
}

function featureStoreSection(report: RunReport): HtmlSection {
  const f = report.summary.featureStore!;
  return {
    id: 'feature-store',
    title: 'Feature store',
    body: `<p>Reuse ${f.reuse ? 'on' : 'off'}; the online store costs ${escapeXml(formatUsd(f.storeCost))}; reuse saves ${escapeXml(formatUsd(f.reuseSavings))} net of it.</p>`,
  };
}

function performance(w: WorkloadReport): string {
  if (w.latencyMs) return `p50 ${formatMs(w.latencyMs.p50)}, p95 ${formatMs(w.latencyMs.p95)}, p99 ${formatMs(w.latencyMs.p99)}`;
  if (w.lagSeconds) return `lag p99 ${formatSeconds(w.lagSeconds.p99)}, max ${formatSeconds(w.lagSeconds.max)}`;
  if (w.jobs) return `${w.jobs.completed}/${w.jobs.arrived} jobs, ${w.jobs.meanRuntimeHours.toFixed(2)} h mean`;
  return '—';
}

/** Dollar ticks with cents only when the ticks are that close. */
function usdTick(v: number): string {
  if (Math.abs(v) >= 1000) return `$${formatAxis(v)}`;
  return `$${Number(v.toFixed(2))}`;
}
