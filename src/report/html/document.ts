/**
 * The page every HTML report kind shares: one self-contained file with inline CSS and inline SVG,
 * no script and no network. A Content-Security-Policy that forbids scripts and every remote
 * load makes that a property of the file, not only of how it was written: even a string that
 * escaped escaping could not run or phone home.
 *
 * Light and dark follow `prefers-color-scheme`; print gets black on white, no shadows, and charts
 * that do not split across pages. A report kind (run, and later compare, plan, sweep) builds an
 * `HtmlPage` of sections and this file turns it into the document.
 */
import { SERIES_COLORS, SERIES_COLORS_DARK, RULE_COLOR, RULE_COLOR_DARK } from '../svg/palette.js';
import { escapeXml } from '../svg/escape.js';

export interface HtmlSection {
  readonly id: string;
  /** Plain text (escaped here). */
  readonly title: string;
  /** Trusted markup built by the report kind, with every scenario string already escaped. */
  readonly body: string;
}

export interface HtmlPage {
  /** Plain text. */
  readonly title: string;
  /** Plain text lines under the title (scenario description, horizon, seed…). */
  readonly subtitle: readonly string[];
  /** Trusted markup: the headline figures. */
  readonly headline: string;
  readonly sections: readonly HtmlSection[];
  /** Trusted markup: version, seed, scenario hash. */
  readonly footer: string;
}

export function renderHtmlPage(page: HtmlPage): string {
  const nav = page.sections.map((s) => `<a href="#${escapeXml(s.id)}">${escapeXml(s.title)}</a>`).join(' · ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="generator" content="capsim">',
    `<title>${escapeXml(page.title)} · capsim</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeXml(page.title)}</h1>`,
    ...page.subtitle.map((line) => `<p class="subtitle">${escapeXml(line)}</p>`),
    page.headline,
    page.sections.length > 1 ? `<nav>${nav}</nav>` : '',
    '</header>',
    '<main>',
    ...page.sections.map((s) => `<section id="${escapeXml(s.id)}"><h2>${escapeXml(s.title)}</h2>${s.body}</section>`),
    '</main>',
    `<footer>${page.footer}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const colorVars = (colors: readonly string[], rule: string) => colors.map((c, i) => `--c${i}:${c};`).join('') + `--rule:${rule};`;
const colorClasses = SERIES_COLORS.map((_, i) => `.chart .c${i}{stroke:var(--c${i})}.chart .f${i}{fill:var(--c${i})}`).join('');

const CSS = [
  `:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--good:#1a7f37;--bad:#cf222e;${colorVars(SERIES_COLORS, RULE_COLOR)}}`,
  `@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;--good:#3fb950;--bad:#f85149;${colorVars(SERIES_COLORS_DARK, RULE_COLOR_DARK)}}}`,
  '*{box-sizing:border-box}',
  "body{margin:0 auto;max-width:1100px;padding:24px;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
  'h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.25em;margin:32px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line)}h3{font-size:1.02em;margin:20px 0 6px}',
  '.subtitle{margin:2px 0;color:var(--muted)}',
  'nav{margin:16px 0 0;font-size:.92em}a{color:inherit}',
  '.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:170px}',
  '.card .label{font-size:.8em;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}.card .value{font-size:1.35em;font-weight:600;font-variant-numeric:tabular-nums}.card .note{font-size:.85em;color:var(--muted)}',
  'table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}th,td{padding:4px 12px 4px 0;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}th{font-weight:600;color:var(--muted);font-size:.88em}td.num,th.num{text-align:right}',
  '.tables{display:flex;flex-wrap:wrap;gap:0 40px;align-items:flex-start}',
  '.scroll{max-width:100%;overflow-x:auto}',
  '.pass{color:var(--good);font-weight:600}.fail{color:var(--bad);font-weight:600}',
  'figure{margin:12px 0 24px}figure svg.chart{display:block;width:100%;height:auto;max-width:900px;color:var(--fg)}figcaption{font-size:.88em;color:var(--muted);margin-top:4px}',
  '.chart text{font-size:12px}.chart .axis-title{font-size:12.5px;font-weight:600}',
  '.chart .rule line,.chart line.rule{stroke:var(--rule)}',
  colorClasses,
  '.notice{background:var(--card);border-left:4px solid var(--muted);padding:8px 12px}',
  'code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}',
  'footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--line);font-size:.85em;color:var(--muted)}',
  '@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#fff;' + colorVars(SERIES_COLORS, RULE_COLOR) + '}body{max-width:none;padding:0;font-size:11pt}nav{display:none}figure,table,.cards{break-inside:avoid}.scroll{overflow:visible}h2{break-after:avoid}a{text-decoration:none}}',
].join('\n');
