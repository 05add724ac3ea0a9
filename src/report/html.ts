/**
 * `--format html`: one self-contained, script-free page with inline SVG charts. Each report
 * kind builds its page from html/document.ts and the charts in svg/; `capsim run` (and
 * `capsim report` of a saved run) renders `runPage`. compare (TCO curves with the break-even as an
 * x rule) and plan (the Pareto frontier as points and a line) are further pages over the same
 * parts.
 */
import { renderHtmlPage } from './html/document.js';
import { runPage } from './html/run-page.js';
import type { RunReport } from './model.js';

export function renderHtml(report: RunReport): string {
  return renderHtmlPage(runPage(report));
}
