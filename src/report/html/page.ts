/**
 * The HTML document around a report or comparison: one self-contained file that works offline.
 * uPlot's script and stylesheet are inlined, the data travels in `application/json` script
 * elements, and no URL outside the file is ever requested. Pure given the chart assets.
 */
import type { ChartAssets } from './chart-assets.js';
import { CHART_SCRIPT } from './chart-script.js';
import type { LineChartSpec } from './chart-spec.js';
import { escapeHtml, jsonForScript } from './html-text.js';

export interface PageInput {
  title: string;
  /** The page's content (sections). */
  body: string;
  /** Charts to draw; each needs an element `chart-<id>` in the body (see `chartFigure`). */
  charts: readonly LineChartSpec[];
  /** Extra JSON data elements (e.g. the report itself, id `kbench-report`), for readers of the page. */
  data: ReadonlyArray<{ id: string; value: unknown }>;
}

const PAGE_CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:1240px;margin:0 auto;padding:20px 24px 48px}
header h1{font-size:22px;margin:0 0 4px}
header p{margin:2px 0;color:#57606a}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 18px;margin:16px 0}
h2{font-size:17px;margin:0 0 10px}
h3{font-size:14px;margin:14px 0 6px}
figure{margin:0 0 14px}
figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;margin:4px 0 8px;font-size:13px}
th,td{border-bottom:1px solid #eaeef2;padding:4px 10px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.kv th{font-weight:500;color:#57606a;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;min-width:150px;background:#fff}
.card .value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.card .label{color:#57606a;font-size:12px}
.banner{border-radius:8px;padding:10px 14px;margin:12px 0;font-weight:600}
.banner.failed{background:#ffebe9;border:1px solid #ff8182}
.banner.aborted{background:#fff8c5;border:1px solid #d4a72c}
.banner.warning{background:#fff8c5;border:1px solid #d4a72c;font-weight:500}
.banner.valid{background:#dafbe1;border:1px solid #4ac26b;font-weight:500}
.banner ul.findings{margin:6px 0 0;padding-left:0;list-style:none;font-weight:400}
.banner.detail{background:#fff8c5;border:1px solid #d4a72c;font-weight:500}
.banner p{margin:4px 0 0;font-weight:500}
.warn{color:#9a6700;font-weight:600}
.pass{color:#1a7f37;font-weight:600}
.fail{color:#cf222e;font-weight:600}
.better{color:#1a7f37;font-weight:600}
.worse{color:#cf222e;font-weight:600}
.empty{color:#57606a;font-style:italic}
.note{color:#57606a;font-size:12px}
.chart{min-height:340px}
ul.bands{margin:4px 0 0;padding-left:18px;font-size:12px;color:#57606a}
pre{background:#f6f8fa;padding:10px;border-radius:6px;overflow:auto;max-height:420px;font-size:12px}
details summary{cursor:pointer;color:#0969da;margin:6px 0}
.legend-marks span{margin-right:14px;font-size:12px;color:#57606a}
`;

/** The whole document. */
export function renderPage(input: PageInput, assets: ChartAssets): string {
  const dataElements = [...input.data, { id: 'kbench-charts', value: input.charts }]
    .map(({ id, value }) => `<script type="application/json" id="${escapeHtml(id)}">${jsonForScript(value)}</script>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.title)}</title>
<style>${inlineSafe(assets.css, 'style')}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${input.body}
</main>
${dataElements}
<script>${inlineSafe(assets.script, 'script')}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}

/** Text for inside a `<script>` or `<style>` element: a closing tag inside it is broken up. */
function inlineSafe(text: string, element: 'script' | 'style'): string {
  return text.replace(new RegExp(`</${element}`, 'gi'), `<\\/${element}`);
}
